using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze kano</c>: Kano categories and Better/Worse coefficients (product.md M1.6).</summary>
internal static class KanoCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("kano", "Kano categories and Better/Worse coefficients (product.md M1.6) (not yet implemented).", "manyi analyze kano --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze kano is not implemented yet");
            return 1;
        });
        return command;
    }
}
