using System.Text;
using System.Text.Json;
using MiniExcelLibs;

namespace Manyi.Cli.Tests.Analyze;

public class ScoresCommandTests
{
    // Hand computation for this file (items q1, q2; id and the text column comment are not analysed):
    //   q1 = 5, 4, 3, 4, 5, 2: n = 6, Σx = 23, x̄ = 23/6; Σx² = 95, Σ(x − x̄)² = 95 − 23²/6 = 41/6, s = sqrt(41/30);
    //        top-2 (≥ 4) = 4/6; score = 100·(23/6 − 1)/4 = 70.8333…
    //   q2 = 4, 2, 5, 3, 4 and one blank: n = 5, x̄ = 18/5 = 3.6, score = 100·2.6/4 = 65
    //   index (equal weights) = (70.8333… + 65)/2 = 67.91666…
    //   nps = 10, 9, 8, 6, 0 (one blank): promoters 2, passives 1, detractors 2 → NPS 0, SE = 100·sqrt((0.4 + 0.4 − 0)/5) = 40
    //   csat = 5, 4, 3, 2, 5, 4: 4 of 6 top-2 = 66.666…%
    private const string Responses =
        "id,nps,csat,q1,q2,comment\n" +
        "1,10,5,5,4,good\n" +
        "2,9,4,4,,\"slow, but ok\"\n" +
        "3,8,3,3,2,\n" +
        "4,6,2,4,5,\"two\nlines\"\n" +
        "5,0,5,5,3,\n" +
        "6,,4,2,4,\n";

    private static JsonElement Run(string path, params string[] extra)
    {
        var result = CliRun.Manyi(["analyze", "scores", "--input", path, "--nps", "nps", "--csat", "csat", "--format", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private static void AssertHandComputation(JsonElement root)
    {
        Assert.Equal("scores", root.GetProperty("model").GetString());
        Assert.Equal(6, root.GetProperty("rows").GetInt32());
        var items = root.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        var q1 = items[0];
        Assert.Equal("q1", q1.GetProperty("item").GetString());
        Assert.Equal(6, q1.GetProperty("n").GetInt32());
        Assert.Equal(0, q1.GetProperty("missing").GetInt32());
        Assert.Equal(23.0 / 6, q1.GetProperty("mean").GetDouble(), 1e-9);
        Assert.Equal(Math.Sqrt(41.0 / 30), q1.GetProperty("standardDeviation").GetDouble(), 1e-9);
        Assert.Equal(400.0 / 6, q1.GetProperty("topBoxPercent").GetDouble(), 1e-9);
        Assert.Equal(100 * (23.0 / 6 - 1) / 4, q1.GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal([0, 1, 1, 2, 2], q1.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("count").GetInt32()));
        var q2 = items[1];
        Assert.Equal(5, q2.GetProperty("n").GetInt32());
        Assert.Equal(1, q2.GetProperty("missing").GetInt32());
        Assert.Equal(65, q2.GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal(["id", "comment"], root.GetProperty("notAnalysed").EnumerateArray().Select(c => c.GetString()));

        var nps = root.GetProperty("nps");
        Assert.Equal(5, nps.GetProperty("n").GetInt32());
        Assert.Equal(1, nps.GetProperty("missing").GetInt32());
        Assert.Equal(0, nps.GetProperty("nps").GetDouble(), 1e-9);
        Assert.Equal(40, nps.GetProperty("standardError").GetDouble(), 1e-9);
        var csat = root.GetProperty("csat");
        Assert.Equal(200.0 / 3, csat.GetProperty("csat").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ces").ValueKind);

        var index = root.GetProperty("index");
        Assert.Equal((100 * (23.0 / 6 - 1) / 4 + 65) / 2, index.GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal(0.5, index.GetProperty("weights").GetProperty("q1").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_SmallFile_MatchesHandComputation()
    {
        AssertHandComputation(Run(CliRun.TempFile(Responses)));
    }

    [Fact]
    public void Json_BomAndCrlf_SameResult()
    {
        AssertHandComputation(Run(CliRun.TempFile(Responses.Replace("\n", "\r\n", StringComparison.Ordinal), bom: true)));
    }

    [Fact]
    public void Json_Excel_SameResult()
    {
        var path = Path.Combine(CliRun.TempDirectory, $"manyi-test-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["id"] = 1d, ["nps"] = 10d, ["csat"] = 5d, ["q1"] = 5d, ["q2"] = 4d, ["comment"] = "good" },
            new Dictionary<string, object?> { ["id"] = 2d, ["nps"] = 9d, ["csat"] = 4d, ["q1"] = 4d, ["q2"] = null, ["comment"] = "slow, but ok" },
            new Dictionary<string, object?> { ["id"] = 3d, ["nps"] = 8d, ["csat"] = 3d, ["q1"] = 3d, ["q2"] = 2d, ["comment"] = null },
            new Dictionary<string, object?> { ["id"] = 4d, ["nps"] = 6d, ["csat"] = 2d, ["q1"] = 4d, ["q2"] = 5d, ["comment"] = "two\nlines" },
            new Dictionary<string, object?> { ["id"] = 5d, ["nps"] = 0d, ["csat"] = 5d, ["q1"] = 5d, ["q2"] = 3d, ["comment"] = null },
            new Dictionary<string, object?> { ["id"] = 6d, ["nps"] = null, ["csat"] = 4d, ["q1"] = 2d, ["q2"] = 4d, ["comment"] = null },
        });
        AssertHandComputation(Run(path));
    }

    [Fact]
    public void Json_WeightsAndExplicitItems_WeightedIndex()
    {
        // Weights q1 = 3, q2 = 1 → 0.75·70.8333… + 0.25·65 = 53.125 + 16.25 = 69.375.
        var root = Run(CliRun.TempFile(Responses), "--items", "q1,q2", "--weights", "q1=3,q2=1");

        Assert.Equal(69.375, root.GetProperty("index").GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal(0.75, root.GetProperty("index").GetProperty("weights").GetProperty("q1").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_ItemBelowMinimumN_IsSuppressedAndLeftOutOfIndex()
    {
        // With --min-n 6, q2 (n = 5) is suppressed and the index is q1's score alone.
        var root = Run(CliRun.TempFile(Responses), "--min-n", "6");

        var q2 = root.GetProperty("items")[1];
        Assert.True(q2.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, q2.GetProperty("mean").ValueKind);
        Assert.Equal(0, q2.GetProperty("distribution").GetArrayLength());
        Assert.True(root.GetProperty("nps").GetProperty("suppressed").GetBoolean());
        Assert.Equal(100 * (23.0 / 6 - 1) / 4, root.GetProperty("index").GetProperty("score").GetDouble(), 1e-9);
        Assert.Equal(["q2"], root.GetProperty("index").GetProperty("excluded").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Json_FileLargerThanReadBuffer_CountsEveryRowAndLine()
    {
        // 100,000 rows: q1 cycles 1, 2, 3, 4, 5 (20,000 each → x̄ = 3, score 50); every row has a quoted comment with a
        // comma and a line break, so rows span block boundaries of the 1 MiB reader. A bad row appended after them starts
        // at line 2 + 2·100,000 = 200,002 (header on line 1, each row takes 2 lines) and must be reported there.
        var text = new StringBuilder("id,q1,comment\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(i).Append(',').Append(i % 5 + 1).Append(",\"note, with comma\nand a second line\"\n");
        }
        var path = CliRun.TempFile(text.ToString());

        var result = CliRun.Manyi("analyze", "scores", "--input", path, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var q1 = json.RootElement.GetProperty("items")[0];
        Assert.Equal(100_000, q1.GetProperty("n").GetInt32());
        Assert.Equal(50, q1.GetProperty("score").GetDouble(), 1e-9);
        Assert.All(q1.GetProperty("distribution").EnumerateArray(), d => Assert.Equal(20_000, d.GetProperty("count").GetInt32()));

        text.Append("100000,9,\"x\ny\"\n");
        var bad = CliRun.TempFile(text.ToString());
        var error = CliRun.Manyi("analyze", "scores", "--input", bad);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains($"{bad}, line 200002, column 'q1': '9' is outside the scale 1-5", error.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_DecimalAnswer_CountsBetweenPoints()
    {
        // q1 = 4.5, 3, 3, 3, 3: x̄ = 16.5/5 = 3.3; 4.5 is in the top-2 box (≥ 4) but not in the distribution.
        var root = JsonDocument.Parse(CliRun.Manyi("analyze", "scores", "--input", CliRun.TempFile("q1\n4.5\n3\n3\n3\n3\n"), "--format", "json").Stdout).RootElement;

        var q1 = root.GetProperty("items")[0];
        Assert.Equal(3.3, q1.GetProperty("mean").GetDouble(), 1e-9);
        Assert.Equal(20, q1.GetProperty("topBoxPercent").GetDouble(), 1e-9);
        Assert.Equal(1, q1.GetProperty("betweenPoints").GetInt32());
    }

    [Fact]
    public void CsvAndTable_SmallFile_Run()
    {
        var path = CliRun.TempFile(Responses);

        var csv = CliRun.Manyi("analyze", "scores", "--input", path, "--nps", "nps", "--csat", "csat", "--format", "csv");
        var table = CliRun.Manyi("analyze", "scores", "--input", path, "--nps", "nps", "--items", "q1,q2");

        Assert.Equal(0, csv.ExitCode);
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("item,n,missing,mean,standard deviation,top-2 box %,score (0-100),1,2,3,4,5", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("q1,6,0,", lines[1], StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("NPS", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Columns not analysed: id, csat, comment.", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInNamedItem_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("q1,q2\n4,5\n3,good\n");

        var result = CliRun.Manyi("analyze", "scores", "--input", path, "--items", "q1,q2");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{path}, line 3, column 'q2': 'good' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultItemOffScale_ExitsTwoSuggestingItems()
    {
        // Without --nps, the 0–10 column nps is taken as a 1–5 item and its 10 is off the scale.
        var path = CliRun.TempFile(Responses);

        var result = CliRun.Manyi("analyze", "scores", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 2, column 'nps': '10' is outside the scale 1-5 (choose the item columns with --items", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadNpsAnswer_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("nps,q1\n9,5\n7.5,4\n");

        var result = CliRun.Manyi("analyze", "scores", "--input", path, "--nps", "nps");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'nps': '7.5' is not an answer on the 0-10 scale", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q1,q2\n4,5\n3\n", "line 3: the row has 1 fields but the header has 2")]
    [InlineData("", "the file is empty")]
    [InlineData("q1,q2\n", "the file has a header but no data rows")]
    [InlineData("q1,q1\n4,5\n", "column 'q1' appears twice in the header")]
    [InlineData("q1,q2\n4,\"5\n", "line 2: a quoted field is not closed")]
    public void MalformedFile_ExitsTwoWithMessage(string content, string message)
    {
        var path = CliRun.TempFile(content);

        var result = CliRun.Manyi("analyze", "scores", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumnAndUnknownWeight_ExitTwo()
    {
        var path = CliRun.TempFile(Responses);

        var missing = CliRun.Manyi("analyze", "scores", "--input", path, "--nps", "recommend");
        var weight = CliRun.Manyi("analyze", "scores", "--input", path, "--nps", "nps", "--csat", "csat", "--weights", "q9=1");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing column 'recommend' named by --nps", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, weight.ExitCode);
        Assert.Contains("'q9'", weight.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "scores", "--input", CliRun.Example("scores.csv"), "--nps", "recommend", "--csat", "satisfaction", "--weights", "q1=2,q2=1,q3=1,q4=1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("index (0-100)", result.Stdout, StringComparison.Ordinal);
    }
}
