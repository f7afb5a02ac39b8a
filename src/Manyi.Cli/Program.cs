using System.CommandLine;
using Manyi.Cli.Analyze;
using Manyi.Cli.Server;

namespace Manyi.Cli;

/// <summary>Entry point of the <c>manyi</c> command.</summary>
public static class Program
{
    /// <summary>Exit code for bad input (unreadable file, unknown label, bad option value).</summary>
    public const int BadInput = 2;

    /// <summary>Runs <c>manyi</c> on the process console.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs <c>manyi</c> with results written to <paramref name="stdout"/> and messages to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var output = new CliOutput(stdout, stderr);
        var root = new RootCommand("manyi — customer satisfaction measurement (满意度测量) from the command line.");
        root.Subcommands.Add(ServerCommands.Serve(output));
        root.Subcommands.Add(ServerCommands.Migrate(output));
        root.Subcommands.Add(ServerCommands.Demo(output));
        root.Subcommands.Add(AnalyzeCommand.Create(output));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }
            stderr.WriteLine("Run the command with --help for its options and an example.");
            return BadInput;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    private static bool IsHelpRequest(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?");
}

/// <summary>Where a command writes: results to <see cref="Out"/>, messages to <see cref="Error"/>.</summary>
internal sealed record CliOutput(TextWriter Out, TextWriter Error);
