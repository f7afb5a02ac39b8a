namespace Manyi.Cli.Tests;

/// <summary>Every model's <c>--help</c> ends with an example; the example must run as printed.</summary>
public class HelpExampleTests
{
    public static TheoryData<string> Models() =>
    [
        "scores", "nps", "csat", "ces", "ratio", "index", "ahp", "weights", "linguistic", "weighted", "trap",
        "kano", "servqual", "ipa", "drivers", "plspm", "sample-size", "allocate", "compare",
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public void Help_Example_RunsAsPrinted(string model)
    {
        var help = CliRun.Manyi("analyze", model, "--help");
        Assert.Equal(0, help.ExitCode);
        var lines = help.Stdout.Split('\n');
        var exampleAt = Array.FindIndex(lines, l => l.Trim() == "Example:");
        Assert.True(exampleAt >= 0, $"manyi analyze {model} --help has no example");
        var example = lines[exampleAt + 1].Trim();
        Assert.StartsWith($"manyi analyze {model} ", example, StringComparison.Ordinal);

        // The examples name files relative to the repository root; resolve them for the test's working directory.
        var args = example.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(a => a.StartsWith("docs/examples/", StringComparison.Ordinal) ? CliRun.Example(a["docs/examples/".Length..]) : a)
            .ToArray();
        Assert.DoesNotContain("--help", args);
        var run = CliRun.Manyi(args);
        Assert.True(run.ExitCode == 0, $"'{example}' exited with {run.ExitCode}: {run.Stderr}");
        Assert.NotEmpty(run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }
}
