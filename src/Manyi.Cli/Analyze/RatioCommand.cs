using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ratio</c>: expectation–disconfirmation ratio F = X/Y and gap X − Y (product.md M1.2).</summary>
internal static class RatioCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("ratio", "expectation–disconfirmation ratio F = X/Y and gap X − Y (product.md M1.2) (not yet implemented).", "manyi analyze ratio --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze ratio is not implemented yet");
            return 1;
        });
        return command;
    }
}
