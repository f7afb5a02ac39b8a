using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ipa</c>: importance–performance analysis quadrants (product.md M1.8).</summary>
internal static class IpaCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("ipa", "importance–performance analysis quadrants (product.md M1.8) (not yet implemented).", "manyi analyze ipa --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze ipa is not implemented yet");
            return 1;
        });
        return command;
    }
}
