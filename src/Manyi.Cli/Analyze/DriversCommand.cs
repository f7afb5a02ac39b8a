using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze drivers</c>: key drivers by Johnson's relative weights (product.md M1.8).</summary>
internal static class DriversCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("drivers", "key drivers by Johnson's relative weights (product.md M1.8) (not yet implemented).", "manyi analyze drivers --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze drivers is not implemented yet");
            return 1;
        });
        return command;
    }
}
