using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class CesCommandTests
{
    [Fact]
    public void Json_TenAnswers_MatchesHandComputation()
    {
        // Answers 2, 4, 5, 5, 6, 6, 7, 7, 3, 5 (and a blank) on 1–7: x̄ = 50/10 = 5; Σ(x − x̄)² = 24, s = sqrt(24/9);
        // agree (5–7) = 7 of 10 = 70%; t(0.975, 9) = 2.262157 (t table) → half-width 2.262157·s/√10.
        var path = CliRun.TempFile("ticket,easy\nT1,2\nT2,4\nT3,5\nT4,5\nT5,6\nT6,6\nT7,7\nT8,7\nT9,3\nT10,5\nT11,\n");

        var result = CliRun.Manyi("analyze", "ces", "--input", path, "--column", "easy", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("ces", root.GetProperty("model").GetString());
        Assert.Equal(10, root.GetProperty("n").GetInt32());
        Assert.Equal(1, root.GetProperty("missing").GetInt32());
        Assert.Equal(5, root.GetProperty("mean").GetDouble(), 1e-9);
        Assert.Equal(Math.Sqrt(24.0 / 9), root.GetProperty("standardDeviation").GetDouble(), 1e-9);
        Assert.Equal(70, root.GetProperty("agreePercent").GetDouble(), 1e-9);
        var half = 2.262157 * Math.Sqrt(24.0 / 9) / Math.Sqrt(10);
        Assert.Equal(5 - half, root.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), 1e-5);
        Assert.Equal(5 + half, root.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), 1e-5);
    }

    [Fact]
    public void CsvAndTable_Run()
    {
        var path = CliRun.TempFile("easy\n7\n6\n5\n4\n3\n");

        var csv = CliRun.Manyi("analyze", "ces", "--input", path, "--column", "easy", "--format", "csv");
        var table = CliRun.Manyi("analyze", "ces", "--input", path, "--column", "easy");

        Assert.Equal(0, csv.ExitCode);
        Assert.Contains("easy,5,0,5,", csv.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Customer Effort Score", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("easy\n7\n8\n");
        var text = CliRun.TempFile("easy\n7\neasy\n");

        var offScale = CliRun.Manyi("analyze", "ces", "--input", path, "--column", "easy");
        var notNumber = CliRun.Manyi("analyze", "ces", "--input", text, "--column", "easy");
        var missing = CliRun.Manyi("analyze", "ces", "--input", path, "--column", "effort");

        Assert.Equal(2, offScale.ExitCode);
        Assert.Contains($"{path}, line 3, column 'easy': '8' is not an answer on the 1-7 scale", offScale.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, notNumber.ExitCode);
        Assert.Contains("'easy' is not a number", notNumber.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing column 'effort'", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "ces", "--input", CliRun.Example("ces.csv"), "--column", "easy");

        Assert.Equal(0, result.ExitCode);
    }
}
