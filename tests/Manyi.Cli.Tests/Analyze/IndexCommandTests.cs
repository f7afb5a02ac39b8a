using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class IndexCommandTests
{
    private const string Tree = "node,parent,weight\noverall,,\nproduct,overall,0.6\nservice,overall,0.4\nquality,product,0.7\nprice,product,0.3\nspeed,service,0.5\ncourtesy,service,0.5\n";

    [Fact]
    public void Json_SingleScores_OverallAndNodes()
    {
        // Hand computation: product = 0.7·80 + 0.3·60 = 74; service (courtesy blank) = 0.5·70/0.5 = 70;
        // overall = 0.6·74 + 0.4·70 = 44.4 + 28 = 72.4.
        var tree = CliRun.TempFile(Tree);
        var scores = CliRun.TempFile("indicator,score\nquality,80\nprice,60\nspeed,70\ncourtesy,\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("index", root.GetProperty("model").GetString());
        Assert.Equal(72.4, root.GetProperty("overall").GetDouble(), 1e-9);
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
        Assert.Equal(74, nodes["product"].GetProperty("index").GetDouble(), 1e-9);
        Assert.Equal(70, nodes["service"].GetProperty("index").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, nodes["courtesy"].GetProperty("index").ValueKind);
        Assert.Equal(1, nodes["speed"].GetProperty("effectiveWeight").GetDouble(), 1e-12);
        Assert.True(nodes["speed"].GetProperty("base").GetBoolean());
        Assert.Equal(2, nodes["speed"].GetProperty("depth").GetInt32());
    }

    [Fact]
    public void Json_UnitsWithOrganisation_AggregatesByRespondents()
    {
        // Hand computation: every base score of b1 is 80 → b1 overall 80; b2 → 60; b3 → 70 (an index of equal scores is that score).
        // north = (30·80 + 10·60)/40 = 75; company = (40·75 + 20·70)/60 = 4400/60 = 73.333….
        var tree = CliRun.TempFile(Tree);
        var lines = new List<string> { "unit,indicator,score" };
        foreach (var (unit, score) in new[] { ("b1", 80), ("b2", 60), ("b3", 70) })
        {
            lines.AddRange(new[] { "quality", "price", "speed", "courtesy" }.Select(i => $"{unit},{i},{score}"));
        }
        var scores = CliRun.TempFile(string.Join('\n', lines) + "\n");
        var units = CliRun.TempFile("unit,parent,respondents\ncompany,,\nnorth,company,\nsouth,company,\nb1,north,30\nb2,north,10\nb3,south,20\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree, "--units", units, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(80, root.GetProperty("units")[0].GetProperty("overall").GetDouble(), 1e-9);
        var org = root.GetProperty("organisation").EnumerateArray().ToDictionary(n => n.GetProperty("unit").GetString()!);
        Assert.Equal(75, org["north"].GetProperty("index").GetDouble(), 1e-9);
        Assert.Equal(4400.0 / 60, org["company"].GetProperty("index").GetDouble(), 1e-9);
        Assert.Equal(60, org["company"].GetProperty("respondents").GetInt32());
    }

    [Fact]
    public void Csv_Single_PlainNodeNames()
    {
        var tree = CliRun.TempFile(Tree);
        var scores = CliRun.TempFile("indicator,score\nquality,80\nprice,60\nspeed,70\ncourtesy,90\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree, "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("node,parent,level,weight,weight used,index", lines[0]);
        Assert.Equal("overall,,0,1,1,76.4", lines[1]);
        Assert.StartsWith("quality,product,2,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Example_RunsWithUnits()
    {
        var result = CliRun.Manyi("analyze", "index", "--input", CliRun.Example("index.csv"), "--tree", CliRun.Example("index-tree.csv"),
            "--units", CliRun.Example("index-units.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Pudong branch", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Overall index by organisation", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownIndicator_NamesFileLineColumnValue()
    {
        var tree = CliRun.TempFile(Tree);
        var scores = CliRun.TempFile("indicator,score\nquality,80\nqualty,60\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{scores}, line 3, column 'indicator': 'qualty' is not a base indicator of the tree", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInScore_NamesFileLineColumnValue()
    {
        var tree = CliRun.TempFile(Tree);
        var scores = CliRun.TempFile("indicator,score\nquality,good\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {scores}, line 2, column 'score': 'good' is not a number", result.Stderr.Trim());
    }

    [Fact]
    public void MissingColumnInTree_Reported()
    {
        var tree = CliRun.TempFile("node,weight\noverall,\n");
        var scores = CliRun.TempFile("indicator,score\nquality,80\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'parent'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SiblingWeightsOff_NamesParentAndSuggestsNormalise()
    {
        var tree = CliRun.TempFile("node,parent,weight\noverall,,\na,overall,0.5\nb,overall,0.4\n");
        var scores = CliRun.TempFile("indicator,score\na,80\nb,60\n");
        var result = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("children of 'overall' sum to 0.9", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--normalise", result.Stderr, StringComparison.Ordinal);

        // Hand computation with --normalise: (0.5·80 + 0.4·60)/0.9 = 64/0.9 = 71.111….
        var normalised = CliRun.Manyi("analyze", "index", "--input", scores, "--tree", tree, "--normalise", "--format", "json");
        Assert.Equal(0, normalised.ExitCode);
        using var doc = JsonDocument.Parse(normalised.Stdout);
        Assert.Equal(64 / 0.9, doc.RootElement.GetProperty("overall").GetDouble(), 1e-9);
    }
}
