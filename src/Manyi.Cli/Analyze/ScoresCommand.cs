using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze scores</c>: item statistics, NPS, CSAT, CES and index of a response file, streamed (product.md M1.1).</summary>
internal static class ScoresCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("scores", "item statistics, NPS, CSAT, CES and index of a response file, streamed (product.md M1.1) (not yet implemented).", "manyi analyze scores --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze scores is not implemented yet");
            return 1;
        });
        return command;
    }
}
