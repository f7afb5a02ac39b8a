using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class NpsCommandTests
{
    // Hand computation: answers 10, 9 (promoters), 8, 7 (passives), 6, 0, 3 (detractors) and one blank:
    // n = 7, NPS = 100·(2 − 3)/7 = −14.2857…; pP + pD − (pP − pD)² = 5/7 − 1/49 = 34/49; SE = 100·sqrt(34/49/7).
    private const string Answers = "respondent,recommend\n1,10\n2,9\n3,8\n4,7\n5,6\n6,0\n7,3\n8,\n";

    [Fact]
    public void Json_SevenAnswers_MatchesHandComputation()
    {
        var result = CliRun.Manyi("analyze", "nps", "--input", CliRun.TempFile(Answers), "--column", "recommend", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("nps", root.GetProperty("model").GetString());
        Assert.Equal(7, root.GetProperty("n").GetInt32());
        Assert.Equal(1, root.GetProperty("missing").GetInt32());
        Assert.False(root.GetProperty("suppressed").GetBoolean());
        Assert.Equal(2, root.GetProperty("promoters").GetInt32());
        Assert.Equal(2, root.GetProperty("passives").GetInt32());
        Assert.Equal(3, root.GetProperty("detractors").GetInt32());
        Assert.Equal(-100.0 / 7, root.GetProperty("nps").GetDouble(), 1e-9);
        var se = 100 * Math.Sqrt(34.0 / 49 / 7);
        Assert.Equal(se, root.GetProperty("standardError").GetDouble(), 1e-9);
        // z(0.975) = 1.959964 from the normal table (tolerance 1e-4 points for its 6 decimals).
        Assert.Equal(-100.0 / 7 - 1.959964 * se, root.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), 1e-4);
        Assert.Equal(-100.0 / 7 + 1.959964 * se, root.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), 1e-4);
    }

    [Fact]
    public void Json_FewerThanMinimumN_IsSuppressedWithNullScores()
    {
        var path = CliRun.TempFile("recommend\n10\n9\n3\n");

        var result = CliRun.Manyi("analyze", "nps", "--input", path, "--column", "recommend", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("suppressed").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("nps").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("promoters").ValueKind);
    }

    [Fact]
    public void Csv_SevenAnswers_WritesOneRowWithNps()
    {
        var result = CliRun.Manyi("analyze", "nps", "--input", CliRun.TempFile(Answers), "--column", "recommend", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("column,n,missing,promoters,passives,detractors", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("recommend,7,1,2,2,3,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_SevenAnswers_ShowsTitle()
    {
        var result = CliRun.Manyi("analyze", "nps", "--input", CliRun.TempFile(Answers), "--column", "recommend");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Net Promoter Score", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-14.2857", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11", "is not an answer on the 0-10 scale")]
    [InlineData("8.5", "is not an answer on the 0-10 scale")]
    [InlineData("abc", "is not a number")]
    public void BadAnswer_ExitsTwoNamingFileLineColumnValue(string answer, string reason)
    {
        var path = CliRun.TempFile($"recommend\n9\n{answer}\n");

        var result = CliRun.Manyi("analyze", "nps", "--input", path, "--column", "recommend");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{path}, line 3, column 'recommend': '{answer}' {reason}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumn_ExitsTwoListingColumns()
    {
        var path = CliRun.TempFile(Answers);

        var result = CliRun.Manyi("analyze", "nps", "--input", path, "--column", "likely");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'likely'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("respondent, recommend", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "nps", "--input", CliRun.Example("nps.csv"), "--column", "recommend", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(28, json.RootElement.GetProperty("n").GetInt32());
    }

    [Fact]
    public void Help_EndsWithExample()
    {
        var result = CliRun.Manyi("analyze", "nps", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("manyi analyze nps --input docs/examples/nps.csv", result.Stdout, StringComparison.Ordinal);
    }
}
