using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze compare</c>: wave-to-wave change with a significance test (product.md M1.11).</summary>
internal static class CompareCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("compare", "wave-to-wave change with a significance test (product.md M1.11) (not yet implemented).", "manyi analyze compare --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze compare is not implemented yet");
            return 1;
        });
        return command;
    }
}
