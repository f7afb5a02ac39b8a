using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class WeightsCommandTests
{
    [Fact]
    public void Json_Importance_NormalisedMeans()
    {
        // Hand computation: a = (5, 4, 3) → 4; b = (2, –, 4) → 3; c = (3, 3, 3) → 3; Σ = 10 → 0.4, 0.3, 0.3.
        var path = CliRun.TempFile("respondent,a,b,c\nr1,5,2,3\nr2,4,,3\nr3,3,4,3\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "importance", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("weights", root.GetProperty("model").GetString());
        Assert.Equal("importance", root.GetProperty("method").GetString());
        Assert.Equal(0.4, root.GetProperty("weights").GetProperty("a").GetDouble(), 1e-12);
        Assert.Equal(0.3, root.GetProperty("weights").GetProperty("b").GetDouble(), 1e-12);
        Assert.Equal(2, root.GetProperty("indicators")[1].GetProperty("n").GetInt32());
        Assert.Equal(4, root.GetProperty("indicators")[0].GetProperty("meanImportance").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_Entropy_HandComputedWeights()
    {
        // Hand computation, m = 3, r = ln 2/ln 3: same (1,1,1) → e = 1, d = 0; mid (1,2,1) → e = 1.5r; gap (0,1,1) → e = r;
        // w_gap = (1 − r)/(2 − 2.5r) ≈ 0.873176. The respondent column is left out by default.
        var path = CliRun.TempFile("respondent,same,mid,gap\nr1,1,1,0\nr2,1,2,1\nr3,1,1,1\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "entropy", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        var r = Math.Log(2) / Math.Log(3);
        Assert.Equal((1 - r) / (2 - 2.5 * r), root.GetProperty("weights").GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal(0, root.GetProperty("weights").GetProperty("same").GetDouble(), 1e-12);
        Assert.Equal(1.5 * r, root.GetProperty("indicators")[1].GetProperty("entropy").GetDouble(), 1e-12);
        Assert.Equal("proportion", root.GetProperty("normalisation").GetString());
        Assert.Equal(3, root.GetProperty("rows").GetInt32());
    }

    [Fact]
    public void Columns_SelectsIndicators()
    {
        var path = CliRun.TempFile("respondent,a,b,c\nr1,5,2,3\nr2,4,2,3\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "importance", "--columns", "a,c", "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("indicator,n,mean importance,weight", lines[0]);
        Assert.Equal(3, lines.Length);
        // Hand computation: a mean 4.5, c mean 3 → 4.5/7.5 = 0.6.
        Assert.Equal("a,2,4.5,0.6", lines[1]);
    }

    [Fact]
    public void Example_RunsBothMethods()
    {
        foreach (var method in new[] { "importance", "entropy" })
        {
            var result = CliRun.Manyi("analyze", "weights", "--input", CliRun.Example("weights.csv"), "--method", method);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("complaint handling", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnknownColumn_ListsHeader()
    {
        var path = CliRun.TempFile("respondent,a,b\nr1,5,2\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "importance", "--columns", "a,z");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'z'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInNumericColumn_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("respondent,a,b\nr1,5,2\nr2,very,3\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "entropy");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}, line 3, column 'a': 'very' is not a number", result.Stderr.Trim());
    }

    [Fact]
    public void Entropy_NegativeValue_SuggestsMinMax()
    {
        var path = CliRun.TempFile("a,b\n1,2\n-1,3\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "entropy");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'a': '-1' is negative; use --normalisation minmax", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, CliRun.Manyi("analyze", "weights", "--input", path, "--method", "entropy", "--normalisation", "minmax").ExitCode);
    }

    [Fact]
    public void UnknownMethod_Exit2()
    {
        var path = CliRun.TempFile("a,b\n1,2\n");
        var result = CliRun.Manyi("analyze", "weights", "--input", path, "--method", "ahp");
        Assert.Equal(2, result.ExitCode);
    }
}
