using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class CompareCommandTests
{
    private static string WaveFile(string column, params (string Segment, string Value)[] rows)
    {
        var text = new StringBuilder($"respondent,region,{column}\n");
        for (var i = 0; i < rows.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"R{i + 1},{rows[i].Segment},{rows[i].Value}\n");
        }
        return CliRun.TempFile(text.ToString());
    }

    private static (string Segment, string Value)[] Rows(string segment, params int[] values) =>
        values.Select(v => (segment, v.ToString(CultureInfo.InvariantCulture))).ToArray();

    private static JsonElement Json(params string[] args)
    {
        var result = CliRun.Manyi(["analyze", "compare", .. args, "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void Json_Csat_HandValuesInPercent()
    {
        // Hand (top 2 of 1–5): before north 5,4,3,2,1 (2/5) + south 5,5,5,4,1 (4/5) = 6/10 = 60%;
        // after north 5,5,4,3,2 (3/5) + south 5,4,4,4,4 (5/5) = 8/10 = 80%; change 20 points.
        // Pooled 14/20 = 0.7: SE0 = √(0.7·0.3·0.2) = √0.042 = 0.204939 → 20.4939 points; z = 0.2/0.204939 = 0.975900.
        // Unpooled SE = √(0.6·0.4/10 + 0.8·0.2/10) = √0.04 = 0.2 → 20 points; CI 20 ± 1.959964·20 = [−19.1993, 59.1993].
        var before = WaveFile("satisfaction", [.. Rows("north", 5, 4, 3, 2, 1), .. Rows("south", 5, 5, 5, 4, 1)]);
        var after = WaveFile("satisfaction", [.. Rows("north", 5, 5, 4, 3, 2), .. Rows("south", 5, 4, 4, 4, 4), ("south", "")]);
        var json = Json("--before", before, "--after", after, "--column", "satisfaction", "--measure", "csat", "--segment", "region");
        Assert.Equal("compare", json.GetProperty("model").GetString());
        Assert.Equal("csat", json.GetProperty("measure").GetString());
        Assert.Equal("percent", json.GetProperty("unit").GetString());
        Assert.Equal(2, json.GetProperty("topBox").GetInt32());
        var overall = json.GetProperty("overall");
        Assert.Equal("twoProportionZ", overall.GetProperty("test").GetString());
        Assert.Equal(10, overall.GetProperty("afterN").GetInt32()); // the blank answer is not counted
        Assert.Equal(60, overall.GetProperty("before").GetDouble(), 1e-9);
        Assert.Equal(80, overall.GetProperty("after").GetDouble(), 1e-9);
        Assert.Equal(20, overall.GetProperty("change").GetDouble(), 1e-9);
        Assert.Equal(20, overall.GetProperty("standardError").GetDouble(), 1e-9);
        Assert.Equal(20.4939, overall.GetProperty("testStandardError").GetDouble(), 1e-4);
        Assert.Equal(0.975900, overall.GetProperty("statistic").GetDouble(), 1e-6);
        Assert.Equal(-19.1993, overall.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), 1e-4);
        Assert.Equal(59.1993, overall.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), 1e-4);
        Assert.False(overall.GetProperty("significant").GetBoolean());
        Assert.Equal(JsonValueKind.Null, overall.GetProperty("segment").ValueKind);
        var segments = json.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["north", "south"], segments.Select(s => s.GetProperty("segment").GetString()));
        Assert.Equal(40, segments[0].GetProperty("before").GetDouble(), 1e-9);
        Assert.Equal(100, segments[1].GetProperty("after").GetDouble(), 1e-9);
    }

    [Fact]
    public void Json_Mean_MatchesRWelchOnSleepData()
    {
        // Published: R documentation, stats::t.test example t.test(extra ~ group, data = sleep):
        // t = -1.8608, df = 17.776, p-value = 0.07939, CI [-3.3654832, 0.2054832] for group 1 − group 2; here after − before.
        string[] group1 = ["0.7", "-1.6", "-0.2", "-1.2", "-0.1", "3.4", "3.7", "0.8", "0.0", "2.0"];
        string[] group2 = ["1.9", "0.8", "1.1", "0.1", "-0.1", "4.4", "5.5", "1.6", "4.6", "3.4"];
        var before = WaveFile("extra", group1.Select(v => ("all", v)).ToArray());
        var after = WaveFile("extra", group2.Select(v => ("all", v)).ToArray());
        var overall = Json("--before", before, "--after", after, "--column", "extra").GetProperty("overall");
        Assert.Equal("welchT", overall.GetProperty("test").GetString());
        Assert.Equal(1.8608, overall.GetProperty("statistic").GetDouble(), 1e-4);
        Assert.Equal(17.776, overall.GetProperty("degreesOfFreedom").GetDouble(), 1e-3);
        Assert.Equal(0.07939, overall.GetProperty("pValue").GetDouble(), 1e-5);
        Assert.Equal(-0.2054832, overall.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), 1e-6);
        Assert.Equal(3.3654832, overall.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), 1e-6);
    }

    [Fact]
    public void Json_Nps_PointsAndCategories()
    {
        // Hand (product.md M1.1): before 50 promoters (10), 30 passives (8), 20 detractors (3): NPS 30;
        // after 60, 30, 10: NPS 50; SE = √(61 + 45) = 10.29563; z = 1.94257 (see NpsChangeTestTests).
        var before = WaveFile("likelihood", [.. Rows("x", Enumerable.Repeat(10, 50).Concat(Enumerable.Repeat(8, 30)).Concat(Enumerable.Repeat(3, 20)).ToArray())]);
        var after = WaveFile("likelihood", [.. Rows("x", Enumerable.Repeat(9, 60).Concat(Enumerable.Repeat(7, 30)).Concat(Enumerable.Repeat(0, 10)).ToArray())]);
        var json = Json("--before", before, "--after", after, "--column", "likelihood", "--measure", "nps");
        Assert.Equal("points", json.GetProperty("unit").GetString());
        var overall = json.GetProperty("overall");
        Assert.Equal(30, overall.GetProperty("before").GetDouble(), 1e-9);
        Assert.Equal(50, overall.GetProperty("after").GetDouble(), 1e-9);
        Assert.Equal(10.29563, overall.GetProperty("standardError").GetDouble(), 1e-5);
        Assert.Equal(1.94257, overall.GetProperty("statistic").GetDouble(), 1e-5);
        Assert.Equal(50, overall.GetProperty("promoters").GetProperty("before").GetDouble(), 1e-9);
        Assert.Equal(10, overall.GetProperty("detractors").GetProperty("after").GetDouble(), 1e-9);
        Assert.Empty(json.GetProperty("segments").EnumerateArray());
    }

    [Fact]
    public void SmallSegment_IsSuppressed()
    {
        var before = WaveFile("satisfaction", [.. Rows("a", 1, 2, 3, 4, 5), .. Rows("b", 4, 5)]);
        var after = WaveFile("satisfaction", [.. Rows("a", 2, 3, 4, 5, 5), .. Rows("b", 5, 5, 5, 5, 5)]);
        var json = Json("--before", before, "--after", after, "--column", "satisfaction", "--segment", "region");
        var b = json.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("segment").GetString() == "b");
        Assert.True(b.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("before").ValueKind);
        Assert.Equal(2, b.GetProperty("beforeN").GetInt32());
    }

    [Fact]
    public void Csv_And_Table_Run()
    {
        var before = CliRun.Example("compare.csv");
        var after = CliRun.Example("compare-after.csv");
        var csv = CliRun.Manyi("analyze", "compare", "--before", before, "--after", after, "--column", "satisfaction", "--measure", "csat", "--segment", "region", "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        Assert.StartsWith("segment,n before,n after,before,after,change,SE,z,df,p,CI low,CI high,significant", csv.Stdout, StringComparison.Ordinal);
        var table = CliRun.Manyi("analyze", "compare", "--before", before, "--after", after, "--column", "likelihood", "--measure", "nps", "--segment", "region");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("NPS change", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("NPS categories", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInNumericColumn_ExitsTwoNamingCell()
    {
        var before = WaveFile("satisfaction", ("a", "4"), ("a", "good"));
        var after = WaveFile("satisfaction", ("a", "5"));
        var result = CliRun.Manyi("analyze", "compare", "--before", before, "--after", after, "--column", "satisfaction");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{before}, line 3, column 'satisfaction': 'good' is not a number", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public void ValueOffScale_ExitsTwoNamingCell()
    {
        var before = WaveFile("satisfaction", ("a", "4"));
        var after = WaveFile("satisfaction", ("a", "5"), ("a", "7"));
        var result = CliRun.Manyi("analyze", "compare", "--before", before, "--after", after, "--column", "satisfaction", "--measure", "csat");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{after}, line 3, column 'satisfaction': '7' is not a whole number on the 1–5 scale", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumn_ExitsTwoNamingColumn()
    {
        var before = WaveFile("satisfaction", ("a", "4"));
        var result = CliRun.Manyi("analyze", "compare", "--before", before, "--after", before, "--column", "csat");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'csat'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMeasure_ExitsTwo()
    {
        var before = WaveFile("satisfaction", ("a", "4"));
        var result = CliRun.Manyi("analyze", "compare", "--before", before, "--after", before, "--column", "satisfaction", "--measure", "median");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("median", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alpha", "2", "option --alpha: 2")]
    [InlineData("--scale", "five", "option --scale: 'five'")]
    [InlineData("--top-box", "5", "option --top-box: 5")]
    public void BadOption_ExitsTwoNamingOption(string option, string value, string message)
    {
        var before = WaveFile("satisfaction", ("a", "4"));
        var result = CliRun.Manyi("analyze", "compare", "--before", before, "--after", before, "--column", "satisfaction", "--measure", "csat", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        // The example of --help and docs/cli/design.md (paths relative to the repository root there).
        var help = CliRun.Manyi("analyze", "compare", "--help");
        Assert.Contains("manyi analyze compare --before docs/examples/compare.csv --after docs/examples/compare-after.csv --column satisfaction --measure csat --segment region", help.Stdout, StringComparison.Ordinal);
        var result = CliRun.Manyi("analyze", "compare", "--before", CliRun.Example("compare.csv"), "--after", CliRun.Example("compare-after.csv"), "--column", "satisfaction", "--measure", "csat", "--segment", "region");
        Assert.True(result.ExitCode == 0, result.Stderr);
    }
}
