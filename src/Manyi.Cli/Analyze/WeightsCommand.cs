using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze weights</c>: indicator weights from stated importance or by the entropy method (product.md M1.3).</summary>
internal static class WeightsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("weights", "indicator weights from stated importance or by the entropy method (product.md M1.3) (not yet implemented).", "manyi analyze weights --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze weights is not implemented yet");
            return 1;
        });
        return command;
    }
}
