using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class AllocateCommandTests
{
    private const string Groups = "segment,population\ng1,500\ng2,300\ng3,200\n";

    [Fact]
    public void Json_Proportional_PublishedExampleWithInvitations()
    {
        // Published (lexprep.net "Sampling", after Cochran 1977 ch. 5): 60 over 500/300/200 → 30, 18, 12.
        // Hand: invitations at 50%: 60, 36, 24 → 120 in all.
        var path = CliRun.TempFile(Groups);
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--response-rate", "0.5", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("allocate", json.GetProperty("model").GetString());
        Assert.Equal("proportional", json.GetProperty("method").GetString());
        Assert.Equal(1000, json.GetProperty("population").GetInt64());
        Assert.Equal(120, json.GetProperty("invitations").GetInt32());
        var segments = json.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal([30, 18, 12], segments.Select(s => s.GetProperty("n").GetInt32()));
        Assert.Equal([60, 36, 24], segments.Select(s => s.GetProperty("invitations").GetInt32()));
        Assert.Equal(0.5, segments[0].GetProperty("populationShare").GetDouble(), 1e-12);
        Assert.Equal(30, segments[0].GetProperty("exact").GetDouble(), 1e-9);
        Assert.False(segments[0].GetProperty("capped").GetBoolean());
        // Hand: margin for g1, n = 30 of 500: 1.959964 · √(0.25/30 · 470/499) = 1.959964 · √0.00784903 = 1.959964 · 0.0885947 = 0.173642.
        Assert.Equal(0.173642, segments[0].GetProperty("marginOfError").GetDouble(), 1e-6);
    }

    [Fact]
    public void Json_Neyman_Hand()
    {
        // Hand: N·S = 1000·30, 2000·15, 3000·5 = 30000, 30000, 15000 → 150 · share = 60, 60, 30.
        var path = CliRun.TempFile("segment,population,sd\nnorth,1000,30\nsouth,2000,15\nwest,3000,5\n");
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "150", "--method", "neyman", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var segments = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("segments").EnumerateArray();
        Assert.Equal([60, 60, 30], segments.Select(s => s.GetProperty("n").GetInt32()));
    }

    [Fact]
    public void Csv_And_Table_Run()
    {
        var path = CliRun.TempFile(Groups);
        var csv = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("segment,population,share,sd,exact,n,capped,margin of error", csv.Stdout, StringComparison.Ordinal);
        Assert.Contains("g2,300,0.3,,18,18,no,", csv.Stdout, StringComparison.Ordinal);
        var table = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--method", "equal");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Allocation over segments", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInPopulation_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("segment,population\ng1,500\ng2,many\n");
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'population': 'many' is not a number", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public void FractionalPopulation_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("segment,population\ng1,500.5\n");
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2, column 'population': '500.5' is not a whole number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NeymanWithoutSdColumn_ExitsTwoNamingColumn()
    {
        var path = CliRun.TempFile(Groups);
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--method", "neyman");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'sd'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void NeymanWithBlankSd_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("segment,population,sd\ng1,500,2\ng2,300,\n");
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--method", "neyman");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3, column 'sd': empty value where --method neyman needs a standard deviation", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateSegment_ExitsTwoNamingCell()
    {
        var path = CliRun.TempFile("segment,population\ng1,500\ng1,300\n");
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3, column 'segment': 'g1' appears twice", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TotalAbovePopulation_ExitsTwo()
    {
        var path = CliRun.TempFile(Groups);
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "1001");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("total sample size 1001 is larger than the population of all segments together (1000)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMethod_ExitsTwo()
    {
        var path = CliRun.TempFile(Groups);
        var result = CliRun.Manyi("analyze", "allocate", "--input", path, "--total", "60", "--method", "random");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("random", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "allocate", "--input", CliRun.Example("allocate.csv"), "--total", "400", "--method", "neyman", "--response-rate", "0.3", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var segments = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("segments").EnumerateArray();
        Assert.Equal(400, segments.Sum(s => s.GetProperty("n").GetInt32()));
    }
}
