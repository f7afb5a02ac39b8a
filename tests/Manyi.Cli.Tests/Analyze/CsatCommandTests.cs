using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class CsatCommandTests
{
    [Fact]
    public void Json_SixAnswers_UsesWilsonInterval()
    {
        // Answers 5, 4, 3, 2, 5, 4 on 1–5, top-2: satisfied 4 of 6 = 66.667%. n < 30 → Wilson (1927), by hand with z = 1.959964:
        //   centre = (2k + z²)/(2(n + z²)) = (8 + 3.841459)/(2·9.841459) = 0.601611
        //   half   = z·sqrt(z² + 4k(1 − p))/(2(n + z²)) = 1.959964·sqrt(3.841459 + 5.333333)/19.682918 = 0.301618
        //   interval 0.299993–0.903229 → 29.9993–90.3229 %, margin of error 30.1618 points (tolerance 1e-3 points).
        var path = CliRun.TempFile("id,sat\n1,5\n2,4\n3,3\n4,2\n5,5\n6,4\n7,\n");

        var result = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("csat", root.GetProperty("model").GetString());
        Assert.Equal(6, root.GetProperty("n").GetInt32());
        Assert.Equal(1, root.GetProperty("missing").GetInt32());
        Assert.Equal(4, root.GetProperty("satisfied").GetInt32());
        Assert.Equal(200.0 / 3, root.GetProperty("csat").GetDouble(), 1e-9);
        Assert.Equal("wilson", root.GetProperty("interval").GetString());
        Assert.Equal(29.9993, root.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), 1e-3);
        Assert.Equal(90.3229, root.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), 1e-3);
        Assert.Equal(30.1618, root.GetProperty("marginOfError").GetDouble(), 1e-3);
    }

    [Fact]
    public void Json_SevenPointScaleTopThree_CountsFiveToSeven()
    {
        // On 1–7 with top-3 boxes: 7, 5, 6 satisfied, 4, 2 not → 3 of 5 = 60%.
        var path = CliRun.TempFile("sat\n7\n5\n4\n6\n2\n");

        var result = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat", "--scale", "1-7", "--top-box", "3", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(60, json.RootElement.GetProperty("csat").GetDouble(), 1e-9);
        Assert.Equal("1-7", json.RootElement.GetProperty("scale").GetString());
    }

    [Fact]
    public void CsvAndTable_Run()
    {
        var path = CliRun.TempFile("sat\n5\n4\n3\n2\n5\n");

        var csv = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat", "--format", "csv");
        var table = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat");

        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("column,n,missing,satisfied,csat %", csv.Stdout, StringComparison.Ordinal);
        Assert.Contains("sat,5,0,3,60,", csv.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("CSAT", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerOffScale_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("sat\n5\n6\n");

        var result = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'sat': '6' is not an answer on the 1-5 scale", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAndMissingColumnAndBadScale_ExitTwo()
    {
        var path = CliRun.TempFile("sat\n5\nvery good\n");

        var text = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat");
        var missing = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "csat");
        var scale = CliRun.Manyi("analyze", "csat", "--input", path, "--column", "sat", "--scale", "five");

        Assert.Equal(2, text.ExitCode);
        Assert.Contains("line 3, column 'sat': 'very good' is not a number", text.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing column 'csat'", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, scale.ExitCode);
        Assert.Contains("option --scale: 'five'", scale.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "csat", "--input", CliRun.Example("csat.csv"), "--column", "satisfaction", "--scale", "1-5", "--top-box", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wilson", result.Stdout, StringComparison.Ordinal);
    }
}
