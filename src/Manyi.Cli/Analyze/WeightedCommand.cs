using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze weighted</c>: customer-value-weighted satisfaction (product.md M1.5).</summary>
internal static class WeightedCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("weighted", "customer-value-weighted satisfaction (product.md M1.5) (not yet implemented).", "manyi analyze weighted --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze weighted is not implemented yet");
            return 1;
        });
        return command;
    }
}
