using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze linguistic</c>: 2-tuple linguistic satisfaction evaluation (product.md M1.4).</summary>
internal static class LinguisticCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("linguistic", "2-tuple linguistic satisfaction evaluation (product.md M1.4) (not yet implemented).", "manyi analyze linguistic --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze linguistic is not implemented yet");
            return 1;
        });
        return command;
    }
}
