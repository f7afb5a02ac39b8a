using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class ServqualCommandTests
{
    // Hand computation: one respondent rates one item of each standard dimension (Parasuraman et al. 1988 numbering),
    // E = 5 everywhere; P: item 1 (tangibles) 4, 5 (reliability) 5, 10 (responsiveness) 6, 14 (assurance) 3, 18 (empathy) 5.
    // Gaps −1, 0, +1, −2, 0; overall (−1 + 0 + 1 − 2 + 0)/5 = −0.4.
    // Points 10/30/20/20/20: 0.1·(−1) + 0.3·0 + 0.2·1 + 0.2·(−2) + 0.2·0 = −0.1 + 0.2 − 0.4 = −0.3.
    private const string Ratings =
        "respondent,item,expectation,perception\nr1,1,5,4\nr1,5,5,5\nr1,10,5,6\nr1,14,5,3\nr1,18,5,5\n";

    private const string Points = "tangibles=10,reliability=30,responsiveness=20,assurance=20,empathy=20";

    [Fact]
    public void Json_HandExample_GapsAndWeightedGap()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile(Ratings), "--points", Points, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("servqual", root.GetProperty("model").GetString());
        Assert.Equal(-0.4, root.GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal(-0.3, root.GetProperty("weightedGap").GetDouble(), 1e-12);
        var dimensions = root.GetProperty("dimensions");
        Assert.Equal(
            ["tangibles", "reliability", "responsiveness", "assurance", "empathy"],
            dimensions.EnumerateArray().Select(d => d.GetProperty("dimension").GetString()));
        Assert.Equal(-2, dimensions[3].GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal(30, dimensions[1].GetProperty("points").GetDouble(), 1e-12);
        var item = root.GetProperty("items")[2];
        Assert.Equal(("10", "responsiveness"), (item.GetProperty("item").GetString(), item.GetProperty("dimension").GetString()));
        Assert.Equal(1, item.GetProperty("gap").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_WithoutPoints_WeightedGapIsNull()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile(Ratings), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("weightedGap").ValueKind);
    }

    [Fact]
    public void Json_CustomMapping_UsesItsDimensions()
    {
        // staff: a gap 4 − 5 = −1; premises: b gap 5 − 4 = +1; overall 0.
        var mapping = CliRun.TempFile("item,dimension\na,staff\nb,premises\n");
        var input = CliRun.TempFile("respondent,item,expectation,perception\nr1,a,5,4\nr1,b,4,5\n");
        var result = CliRun.Manyi("analyze", "servqual", "--input", input, "--mapping", mapping, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("gap").GetDouble(), 1e-12);
        Assert.Equal("staff", doc.RootElement.GetProperty("dimensions")[0].GetProperty("dimension").GetString());
    }

    [Fact]
    public void Csv_HandExample_DimensionRowsAndOverall()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile(Ratings), "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("Dimension,Items,Expectation E,Perception P,Gap P − E", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_HandExample_ShowsDimensionsWithChineseNames()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile(Ratings), "--points", Points);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("reliability 可靠性", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_TextInNumericColumn_ExitTwoNamingFileLineColumnValue()
    {
        var file = CliRun.TempFile("respondent,item,expectation,perception\nr1,1,5,4\nr1,5,high,5\n");
        var result = CliRun.Manyi("analyze", "servqual", "--input", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{file}, line 3, column 'expectation': 'high' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_UnknownItem_ExitTwoNamingIt()
    {
        var file = CliRun.TempFile("respondent,item,expectation,perception\nr1,23,5,4\n");
        var result = CliRun.Manyi("analyze", "servqual", "--input", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2, column 'item': '23' is not an item of the instrument (1–22)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_MissingColumn_ExitTwoNamingColumn()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile("respondent,item,expectation\nr1,1,5\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'perception'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_PointsNotSummingTo100_ExitTwoWithSum()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.TempFile(Ratings), "--points", "tangibles=10,reliability=30,responsiveness=20,assurance=20,empathy=10");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must sum to 100", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("= 90", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "servqual", "--input", CliRun.Example("servqual.csv"), "--points", Points);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("empathy", result.Stdout, StringComparison.Ordinal);
    }
}
