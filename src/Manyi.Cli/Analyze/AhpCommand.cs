using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ahp</c>: AHP weights and consistency ratio of a pairwise comparison matrix (product.md M1.3).</summary>
internal static class AhpCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("ahp", "AHP weights and consistency ratio of a pairwise comparison matrix (product.md M1.3) (not yet implemented).", "manyi analyze ahp --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze ahp is not implemented yet");
            return 1;
        });
        return command;
    }
}
