using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class RatioCommandTests
{
    [Fact]
    public void Json_RespondentRows_PerIndicatorAndOverall()
    {
        // Hand computation: speed X = (3 + 4)/2 = 3.5, Y = 5 → F = 0.7, gap −1.5, dissatisfied;
        // courtesy X = 4.5, Y = 4 → F = 1.125, gap 0.5, delighted; overall F = (0.7 + 1.125)/2 = 0.9125, gap −0.5.
        var path = CliRun.TempFile("indicator,perception,expectation\nspeed,3,5\ncourtesy,5,4\nspeed,4,5\ncourtesy,4,4\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("ratio", root.GetProperty("model").GetString());
        Assert.Equal(0.05, root.GetProperty("tolerance").GetDouble());
        var speed = root.GetProperty("indicators")[0];
        Assert.Equal("speed", speed.GetProperty("indicator").GetString());
        Assert.Equal(3.5, speed.GetProperty("perception").GetDouble(), 1e-12);
        Assert.Equal(0.7, speed.GetProperty("ratio").GetDouble(), 1e-12);
        Assert.Equal(-1.5, speed.GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal("dissatisfied", speed.GetProperty("verdict").GetString());
        Assert.Equal(2, speed.GetProperty("perceptionN").GetInt32());
        Assert.Equal("delighted", root.GetProperty("indicators")[1].GetProperty("verdict").GetString());
        var overall = root.GetProperty("overall");
        Assert.Equal(0.9125, overall.GetProperty("ratio").GetDouble(), 1e-12);
        Assert.Equal(-0.5, overall.GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal("dissatisfied", overall.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Json_WeightColumnAndTolerance_WeightedOverall()
    {
        // Hand computation: weights 3 and 1 → 0.75, 0.25; F = 0.75·0.8 + 0.25·1.2 = 0.9; tolerance 0.1 → band [0.9, 1.1] → satisfied.
        var path = CliRun.TempFile("indicator,perception,expectation,weight\na,4,5,3\nb,6,5,1\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path, "--tolerance", "0.1", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var overall = doc.RootElement.GetProperty("overall");
        Assert.Equal(0.9, overall.GetProperty("ratio").GetDouble(), 1e-12);
        Assert.Equal("satisfied", overall.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Csv_Example_HasOverallRow()
    {
        var result = CliRun.Manyi("analyze", "ratio", "--input", CliRun.Example("ratio.csv"), "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("indicator,n X,n Y,perception X,expectation Y,ratio F,gap X − Y,verdict,weight", lines[0]);
        Assert.StartsWith("(overall),", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Example_RunsAsTable()
    {
        var result = CliRun.Manyi("analyze", "ratio", "--input", CliRun.Example("ratio.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("delivery speed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dissatisfied", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInNumericColumn_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("indicator,perception,expectation\nspeed,3,high\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}, line 2, column 'expectation': 'high' is not a number", result.Stderr.Trim());
    }

    [Fact]
    public void MissingColumn_ListsHeader()
    {
        var path = CliRun.TempFile("indicator,perception\nspeed,3\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'expectation'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictingWeight_NamesBothLines()
    {
        var path = CliRun.TempFile("indicator,perception,expectation,weight\na,4,5,3\na,4,5,2\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'weight': '2' differs from the weight 3 given for 'a' on line 2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroExpectation_ClearError()
    {
        var path = CliRun.TempFile("indicator,perception,expectation\nspeed,3,0\n");
        var result = CliRun.Manyi("analyze", "ratio", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'speed'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("undefined", result.Stderr, StringComparison.Ordinal);
    }
}
