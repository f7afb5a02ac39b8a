using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ces</c>: Customer Effort Score: mean and % agree on the 1–7 scale (product.md M1.1).</summary>
internal static class CesCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("ces", "Customer Effort Score: mean and % agree on the 1–7 scale (product.md M1.1) (not yet implemented).", "manyi analyze ces --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze ces is not implemented yet");
            return 1;
        });
        return command;
    }
}
