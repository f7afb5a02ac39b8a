using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze trap</c>: satisfaction trap between two waves (product.md M1.5).</summary>
internal static class TrapCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("trap", "satisfaction trap between two waves (product.md M1.5) (not yet implemented).", "manyi analyze trap --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze trap is not implemented yet");
            return 1;
        });
        return command;
    }
}
