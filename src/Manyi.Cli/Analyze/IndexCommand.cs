using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze index</c>: weighted satisfaction index over an indicator tree (product.md M1.3).</summary>
internal static class IndexCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("index", "weighted satisfaction index over an indicator tree (product.md M1.3) (not yet implemented).", "manyi analyze index --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze index is not implemented yet");
            return 1;
        });
        return command;
    }
}
