using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze sample-size</c>: sample size for a proportion or a mean (product.md M1.10).</summary>
internal static class SampleSizeCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("sample-size", "sample size for a proportion or a mean (product.md M1.10) (not yet implemented).", "manyi analyze sample-size --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze sample-size is not implemented yet");
            return 1;
        });
        return command;
    }
}
