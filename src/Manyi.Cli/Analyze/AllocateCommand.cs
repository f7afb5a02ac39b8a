using System.CommandLine;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze allocate</c>: allocation of a sample over segments (product.md M1.10).</summary>
internal static class AllocateCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create("allocate", "allocation of a sample over segments (product.md M1.10) (not yet implemented).", "manyi analyze allocate --help");
        command.SetAction(_ =>
        {
            output.Error.WriteLine("error: manyi analyze allocate is not implemented yet");
            return 1;
        });
        return command;
    }
}
