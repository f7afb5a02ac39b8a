namespace Manyi.Cli.Tests;

public class ProgramTests
{
    [Fact]
    public void Run_UnknownOption_ExitsWithBadInput()
    {
        var result = CliRun.Manyi("analyze", "nps", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public void Run_Help_ExitsZeroAndListsModels()
    {
        var result = CliRun.Manyi("analyze", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var model in new[] { "scores", "nps", "csat", "ces", "ratio", "index", "ahp", "weights", "linguistic", "weighted", "trap", "kano", "servqual", "ipa", "drivers", "plspm", "sample-size", "allocate", "compare" })
        {
            Assert.Contains(model, result.Stdout, StringComparison.Ordinal);
        }
    }
}
