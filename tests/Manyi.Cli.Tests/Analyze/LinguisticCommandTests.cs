using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class LinguisticCommandTests
{
    // The hand example of Manyi.Analytics.Tests/Linguistic/LinguisticSatisfactionTests (4 customers × 3 indicators,
    // C's importance missing for c4), computed there step by step:
    // ξ = 20/47, 11/47, 16/47; d = 16/19, 19/15, 13/17; Φ = 320/893 + 209/705 + 208/799 ≈ 0.9151; ranks 2, 1, 3;
    // A key/focus, B general/ordinary, C key/focus; β^z_B = 2.75 → (M, −0.25).
    private const string HandExample =
        "respondent,indicator,importance,perception,expectation\n"
        + "c1,A,VH,H,VH\nc2,A,VH,M,VH\nc3,A,P,H,H\nc4,A,H,VH,VH\n"
        + "c1,B,M,VH,H\nc2,B,L,VH,H\nc3,B,M,H,M\nc4,B,M,VH,H\n"
        + "c1,C,H,M,H\nc2,C,H,H,H\nc3,C,H,M,H\nc4,C,,M,VH\n";

    [Fact]
    public void Json_HandExample_DocumentedFieldsAndValues()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile(HandExample), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("linguistic", root.GetProperty("model").GetString());
        Assert.Equal(4, root.GetProperty("respondents").GetInt32());
        Assert.Equal(320.0 / 893 + 209.0 / 705 + 208.0 / 799, root.GetProperty("overall").GetDouble(), 1e-12);
        Assert.Equal("dissatisfied", root.GetProperty("verdict").GetString());
        var indicators = root.GetProperty("indicators");
        Assert.Equal(3, indicators.GetArrayLength());
        var b = indicators[1];
        Assert.Equal("B", b.GetProperty("indicator").GetString());
        Assert.Equal(2.75, b.GetProperty("importance").GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal("M", b.GetProperty("importance").GetProperty("label").GetString());
        Assert.Equal(-0.25, b.GetProperty("importance").GetProperty("alpha").GetDouble(), 1e-12);
        Assert.Equal(4.75, b.GetProperty("perception").GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal(3.75, b.GetProperty("expectation").GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal(11.0 / 47, b.GetProperty("weight").GetDouble(), 1e-12);
        Assert.Equal(19.0 / 15, b.GetProperty("satisfaction").GetDouble(), 1e-12);
        Assert.Equal(1, b.GetProperty("rank").GetInt32());
        Assert.Equal("general", b.GetProperty("improvement").GetString());
        Assert.Equal("ordinary", b.GetProperty("object").GetString());
        var a = indicators[0];
        Assert.Equal((2, "key", "focus"), (a.GetProperty("rank").GetInt32(), a.GetProperty("improvement").GetString(), a.GetProperty("object").GetString()));
        Assert.Equal(1.0 / 3, root.GetProperty("quadrant").GetProperty("weightCrossHair").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_ChineseLabels_SameAsEnglish()
    {
        var chinese = HandExample.Replace(",VH", ",很高", StringComparison.Ordinal).Replace(",H", ",高", StringComparison.Ordinal)
            .Replace(",M", ",中", StringComparison.Ordinal).Replace(",P", ",完美", StringComparison.Ordinal).Replace(",L", ",低", StringComparison.Ordinal);
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile(chinese, bom: true), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(320.0 / 893 + 209.0 / 705 + 208.0 / 799, doc.RootElement.GetProperty("overall").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_TwoTupleCellsInFloorConvention_AreConverted()
    {
        // (M, 0.5) in the floor convention is β = 3.5; with (H, 0) the perception mean is (3.5 + 4)/2 = 3.75 → (H, −0.25).
        var file = CliRun.TempFile("respondent,indicator,importance,perception,expectation\nc1,X,H,\"(M, 0.5)\",H\nc2,X,H,H,H\n");
        var result = CliRun.Manyi("analyze", "linguistic", "--input", file, "--alpha", "floor", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var perception = doc.RootElement.GetProperty("indicators")[0].GetProperty("perception");
        Assert.Equal(3.75, perception.GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal("H", perception.GetProperty("label").GetString());
        Assert.Equal(-0.25, perception.GetProperty("alpha").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_CustomTerms_UsesThem()
    {
        // Term set poor=0, fair=1, good=2: d = 1/2 = 0.5 for the one indicator; Φ = 0.5.
        var file = CliRun.TempFile("respondent,indicator,importance,perception,expectation\nc1,X,good,fair,good\n");
        var result = CliRun.Manyi("analyze", "linguistic", "--input", file, "--terms", "poor,fair,good", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0.5, doc.RootElement.GetProperty("overall").GetDouble(), 1e-12);
    }

    [Fact]
    public void Csv_HandExample_OneRowPerIndicator()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile(HandExample), "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("indicator,importanceLabel,importanceAlpha,importanceBeta,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("B,M,-0.25,2.75,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_HandExample_ShowsIndicatorsAndOverall()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile(HandExample));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(M, -0.25) 2.75", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("key 重点改进", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dissatisfied", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_UnknownLabel_ExitTwoNamingFileLineColumnValue()
    {
        var file = CliRun.TempFile("respondent,indicator,importance,perception,expectation\nc1,X,H,H,H\nc2,X,H,great,H\n");
        var result = CliRun.Manyi("analyze", "linguistic", "--input", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{file}, line 3, column 'perception': 'great' is not a label of the term set (N, VL, L, M, H, VH, P)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_MissingColumn_ExitTwoNamingColumn()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile("respondent,indicator,importance,perception\nc1,X,H,H\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'expectation'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_SameIndicatorTwice_ExitTwoNamingBothLines()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile("respondent,indicator,importance,perception,expectation\nc1,X,H,H,H\nc1,X,H,M,H\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3, column 'indicator': 'X' is rated a second time by respondent 'c1' (first on line 2)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_ExpectationAllNone_ExitTwoWithReason()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.TempFile("respondent,indicator,importance,perception,expectation\nc1,X,H,H,N\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("indicator 'X'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--input", CliRun.Example("linguistic.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Contains("Supply reliability", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_EndsWithExample()
    {
        var result = CliRun.Manyi("analyze", "linguistic", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("manyi analyze linguistic --input docs/examples/linguistic.csv", result.Stdout, StringComparison.Ordinal);
    }
}
