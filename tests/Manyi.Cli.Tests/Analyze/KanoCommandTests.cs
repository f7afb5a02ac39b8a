using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class KanoCommandTests
{
    // Hand computation with the Kano evaluation table (Berger et al. 1993), feature "app", 5 respondents:
    //   r1 like/dislike = O; r2 like/neutral = A; r3 2/5 (must-be/dislike) = M; r4 喜欢/不喜欢 (like/dislike) = O;
    //   r5 neutral/neutral = I.  Counts A 1, O 2, M 1, I 1 → category O.
    //   Better = (1+2)/(1+2+1+1) = 3/5 = 0.6; Worse = −(2+1)/5 = −0.6.
    // Feature "paper", r1 like/neutral = A, r2 neutral/dislike = M → tie M, A (category M).
    private const string Answers =
        "respondent,feature,functional,dysfunctional\n"
        + "r1,app,like,dislike\nr2,app,like,neutral\nr3,app,2,5\nr4,app,喜欢,不喜欢\nr5,app,neutral,neutral\n"
        + "r1,paper,Like,Neutral\nr2,paper,neutral,dislike\n";

    [Fact]
    public void Json_HandExample_CountsCategoryBetterWorse()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.TempFile(Answers), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal("kano", doc.RootElement.GetProperty("model").GetString());
        var app = doc.RootElement.GetProperty("features")[0];
        Assert.Equal("app", app.GetProperty("feature").GetString());
        var counts = app.GetProperty("counts");
        Assert.Equal([1, 2, 1, 1, 0, 0], new[] { "A", "O", "M", "I", "R", "Q" }.Select(k => counts.GetProperty(k).GetInt32()));
        Assert.Equal("O", app.GetProperty("category").GetString());
        Assert.Equal(0.6, app.GetProperty("better").GetDouble(), 1e-12);
        Assert.Equal(-0.6, app.GetProperty("worse").GetDouble(), 1e-12);
        var paper = doc.RootElement.GetProperty("features")[1];
        Assert.Equal("M", paper.GetProperty("category").GetString());
        Assert.Equal(["M", "A"], paper.GetProperty("tiedCategories").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Csv_HandExample_OneRowPerFeature()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.TempFile(Answers), "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("feature,A,O,M,I,R,Q,n,missing,category,tiedCategories,better,worse", lines[0]);
        Assert.Equal("app,1,2,1,1,0,0,5,0,O,O,0.6,-0.6", lines[1]);
    }

    [Fact]
    public void Table_HandExample_ShowsCategoryAndChineseName()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.TempFile(Answers));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("期望需求", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("M=A", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_UnknownAnswer_ExitTwoNamingFileLineColumnValue()
    {
        var file = CliRun.TempFile("respondent,feature,functional,dysfunctional\nr1,app,like,dislike\nr2,app,love it,dislike\n");
        var result = CliRun.Manyi("analyze", "kano", "--input", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{file}, line 3, column 'functional': 'love it' is not a Kano answer", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_MissingColumn_ExitTwoNamingColumn()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.TempFile("respondent,feature,functional\nr1,app,like\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'dysfunctional'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_NumberOutOfScale_ExitTwo()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.TempFile("respondent,feature,functional,dysfunctional\nr1,app,6,1\n"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2, column 'functional': '6' is not a Kano answer", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "kano", "--input", CliRun.Example("kano.csv"), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(5, doc.RootElement.GetProperty("features").GetArrayLength());
    }
}
