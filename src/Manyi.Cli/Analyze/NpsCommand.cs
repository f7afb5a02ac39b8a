using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze nps</c>: Net Promoter Score with standard error and confidence interval (product.md M1.1).</summary>
internal static class NpsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("nps", "Net Promoter Score with standard error and confidence interval (product.md M1.1) (not yet implemented).", "manyi analyze nps --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze nps is not implemented yet");
            return 1;
        });
        return command;
    }
}
