using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class SampleSizeCommandTests
{
    private static JsonElement Json(params string[] args)
    {
        var result = CliRun.Manyi(["analyze", "sample-size", .. args, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void Json_ProportionWithPopulationAndRate_TextbookValues()
    {
        // Textbook: 95%, ±5 points, p = 0.5 → n0 = 1.959964² · 0.25 / 0.0025 = 384.146; N = 1000 (Cochran 1977 eq. 4.2):
        // 384.146 / (1 + 383.146/1000) = 277.73 → 278. Invitations at 30%: 278 / 0.3 = 926.67 → 927.
        var json = Json("--confidence", "0.95", "--margin", "0.05", "--population", "1000", "--response-rate", "0.3");
        Assert.Equal("sample-size", json.GetProperty("model").GetString());
        Assert.Equal("proportion", json.GetProperty("target").GetString());
        Assert.Equal("n", json.GetProperty("solve").GetString());
        Assert.Equal(278, json.GetProperty("n").GetInt32());
        Assert.Equal(384.146, json.GetProperty("n0").GetDouble(), 1e-3);
        Assert.Equal(927, json.GetProperty("invitations").GetInt32());
        Assert.Equal(1.959964, json.GetProperty("z").GetDouble(), 1e-6);
    }

    [Fact]
    public void Json_NoPopulationNoRate_Is385WithNullInvitations()
    {
        var json = Json("--margin", "0.05");
        Assert.Equal(385, json.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("invitations").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("population").ValueKind);
        Assert.Equal(0.5, json.GetProperty("proportion").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_Mean_Hand()
    {
        // Hand: n0 = 3.841459 · 1.2² / 0.1² = 553.17 → 554.
        var json = Json("--margin", "0.1", "--sd", "1.2");
        Assert.Equal("mean", json.GetProperty("target").GetString());
        Assert.Equal(554, json.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("proportion").ValueKind);
    }

    [Fact]
    public void Json_Achieved_GivesMargin()
    {
        // Hand: E = 1.959964 · √(0.25/385) = 0.049945.
        var json = Json("--achieved", "385");
        Assert.Equal("margin", json.GetProperty("solve").GetString());
        Assert.Equal(0.049945, json.GetProperty("margin").GetDouble(), 1e-6);
        Assert.Equal(385, json.GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("n0").ValueKind);
    }

    [Fact]
    public void Csv_WritesQuantityValueRows()
    {
        var result = CliRun.Manyi("analyze", "sample-size", "--margin", "0.05", "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("quantity,value", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("n (sample size),385", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_IsDefault()
    {
        var result = CliRun.Manyi("analyze", "sample-size", "--margin", "0.05", "--population", "1000");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Sample size", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("278", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--confidence", "1.5", "option --confidence: 1.5")]
    [InlineData("--confidence", "0", "option --confidence: 0")]
    [InlineData("--margin", "0", "option --margin: 0")]
    [InlineData("--margin", "-0.1", "option --margin: -0.1")]
    [InlineData("--population", "0", "option --population: 0")]
    [InlineData("--response-rate", "30", "option --response-rate: 30")]
    public void BadOption_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        string[] args = option == "--margin"
            ? ["analyze", "sample-size", option, value]
            : ["analyze", "sample-size", "--margin", "0.05", option, value];
        var result = CliRun.Manyi(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public void NeitherMarginNorAchieved_ExitsTwo()
    {
        var result = CliRun.Manyi("analyze", "sample-size", "--confidence", "0.95");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--margin", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInNumericOption_ExitsTwo()
    {
        var result = CliRun.Manyi("analyze", "sample-size", "--margin", "five");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--margin", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        // The example of --help and docs/cli/design.md.
        var result = CliRun.Manyi("analyze", "sample-size", "--confidence", "0.95", "--margin", "0.05", "--population", "1000", "--response-rate", "0.3");
        Assert.Equal(0, result.ExitCode);
        var help = CliRun.Manyi("analyze", "sample-size", "--help");
        Assert.Contains("manyi analyze sample-size --confidence 0.95 --margin 0.05 --population 1000 --response-rate 0.3", help.Stdout, StringComparison.Ordinal);
    }
}
