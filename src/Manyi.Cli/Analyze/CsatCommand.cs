using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze csat</c>: CSAT top-box share with its interval (product.md M1.1).</summary>
internal static class CsatCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("csat", "CSAT top-box share with its interval (product.md M1.1) (not yet implemented).", "manyi analyze csat --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze csat is not implemented yet");
            return 1;
        });
        return command;
    }
}
