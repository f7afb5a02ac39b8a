using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class AhpCommandTests
{
    [Fact]
    public void Json_ThreeByThreeWithFractions_WeightsAndConsistency()
    {
        // Hand computation (closed form for 3×3, see Manyi.Analytics.Tests AhpTests): a12 = 1/3, a13 = 1/2, a23 = 3 →
        // r = a12·a23/a13 = 2, λmax = 1 + 2^(1/3) + 2^(−1/3); weights = normalised row geometric means. Lower triangle left blank.
        var path = CliRun.TempFile("criterion,price,quality,delivery\nprice,1,1/3,1/2\nquality,,1,3\ndelivery,,,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("ahp", root.GetProperty("model").GetString());
        double[] g = [Math.Cbrt(1.0 / 6), Math.Cbrt(9), Math.Cbrt(2.0 / 3)];
        Assert.Equal(g[1] / g.Sum(), root.GetProperty("weights").GetProperty("quality").GetDouble(), 1e-9);
        var lambda = 1 + Math.Cbrt(2) + 1 / Math.Cbrt(2);
        Assert.Equal(lambda, root.GetProperty("lambdaMax").GetDouble(), 1e-9);
        Assert.Equal((lambda - 3) / 2, root.GetProperty("consistencyIndex").GetDouble(), 1e-9);
        Assert.Equal((lambda - 3) / 2 / 0.58, root.GetProperty("consistencyRatio").GetDouble(), 1e-9);
        Assert.True(root.GetProperty("consistent").GetBoolean());
        Assert.False(root.TryGetProperty("mostInconsistentPair", out _));
    }

    [Fact]
    public void Json_CircularJudgements_InconsistentIsAResult()
    {
        // Hand computation: A ≻ B 3, B ≻ C 3, C ≻ A 3 → λmax = 1 + 3 + 1/3, CR = (2/3)/0.58 ≈ 1.149 ≥ 0.10; all ε = 3, first pair (A, B).
        var path = CliRun.TempFile("criterion,A,B,C\nA,1,3,1/3\nB,1/3,1,3\nC,3,1/3,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("consistent").GetBoolean());
        Assert.Equal(2.0 / 3 / 0.58, root.GetProperty("consistencyRatio").GetDouble(), 1e-9);
        var pair = root.GetProperty("mostInconsistentPair");
        Assert.Equal("A", pair.GetProperty("row").GetString());
        Assert.Equal("B", pair.GetProperty("column").GetString());
        Assert.Equal(3, pair.GetProperty("deviation").GetDouble(), 1e-9);
    }

    [Fact]
    public void Table_Inconsistent_NoteNamesPair()
    {
        var path = CliRun.TempFile("criterion,A,B,C\nA,1,3,1/3\nB,1/3,1,3\nC,3,1/3,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Revisit A vs B", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("consistency ratio", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_Example_WeightsTable()
    {
        var result = CliRun.Manyi("analyze", "ahp", "--input", CliRun.Example("ahp.csv"), "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("criterion,weight,percent,rank", lines[0].TrimEnd('\r'));
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("quality,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Example_Runs()
    {
        var result = CliRun.Manyi("analyze", "ahp", "--input", CliRun.Example("ahp.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void BadCell_NotANumber_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("criterion,A,B\nA,1,three\nB,,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {path}, line 2, column 'B': 'three' is not a number or a fraction like 1/3", result.Stderr.Trim());
    }

    [Fact]
    public void BadCell_Zero_NotPositive()
    {
        var path = CliRun.TempFile("criterion,A,B\nA,1,0\nB,,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 2, column 'B': '0' is not a positive judgement", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadCell_NotReciprocal_NamesCellAndMirror()
    {
        var path = CliRun.TempFile("criterion,A,B\nA,1,3\nB,2,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'A': '2' is not the reciprocal of A vs B = 3 (line 2)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRow_UnknownCriterionLabel_NamesExpected()
    {
        var path = CliRun.TempFile("criterion,A,B\nA,1,3\nX,1/3,1\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'criterion': 'X' should be 'B'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NotSquare_SaysSo()
    {
        var path = CliRun.TempFile("criterion,A,B\nA,1,3\n");
        var result = CliRun.Manyi("analyze", "ahp", "--input", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be square", result.Stderr, StringComparison.Ordinal);
    }
}
