using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze servqual</c>: SERVQUAL gaps by item, dimension and overall (product.md M1.7).</summary>
internal static class ServqualCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("servqual", "SERVQUAL gaps by item, dimension and overall (product.md M1.7) (not yet implemented).", "manyi analyze servqual --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze servqual is not implemented yet");
            return 1;
        });
        return command;
    }
}
