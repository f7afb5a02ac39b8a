using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class IpaCommandTests
{
    // Hand computation: importance 4, 4, 2, 2 → mean 3; performance 2, 4, 2, 4 → mean 3; one indicator per quadrant.
    private const string Stated = "indicator,importance,performance\nbilling,4,2\ndelivery,4,4\npackaging,2,2\nwebsite,2,4\n";

    [Fact]
    public void Ipa_Json_HasQuadrantsAndCrossHairs()
    {
        var path = CliRun.TempFile(Stated);

        var result = CliRun.Manyi("analyze", "ipa", "--input", path, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("ipa", root.GetProperty("model").GetString());
        Assert.Equal("stated", root.GetProperty("importanceSource").GetString());
        Assert.Equal(3, root.GetProperty("crossHairs").GetProperty("importance").GetDouble(), 1e-12);
        Assert.Equal(3, root.GetProperty("crossHairs").GetProperty("performance").GetDouble(), 1e-12);
        Assert.Equal("mean", root.GetProperty("crossHairs").GetProperty("importanceFrom").GetString());
        var quadrants = root.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("quadrant").GetString()).ToList();
        Assert.Equal(["concentrateHere", "keepUpTheGoodWork", "lowPriority", "possibleOverkill"], quadrants);
        Assert.False(root.GetProperty("indicators")[0].GetProperty("onCrossHair").GetBoolean());
    }

    // With --performance-mid 5 every performance (≤ 4) is low: importance 4 → concentrate here, 2 → low priority.
    [Fact]
    public void Ipa_GivenMidpoint_IsUsed()
    {
        var path = CliRun.TempFile(Stated);

        var result = CliRun.Manyi("analyze", "ipa", "--input", path, "--performance-mid", "5", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("indicator,importance,performance,quadrant,on cross-hair", lines[0]);
        Assert.Equal("delivery,4,4,concentrate here,no", lines[2]);
        Assert.Equal("website,2,4,low priority,no", lines[4]);
    }

    [Fact]
    public void Ipa_Table_NamesQuadrants()
    {
        var path = CliRun.TempFile(Stated);

        var result = CliRun.Manyi("analyze", "ipa", "--input", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("concentrate here", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("possible overkill", result.Stdout, StringComparison.Ordinal);
    }

    // Derived importance on the orthogonal data of DriversCommandTests: speed 80 %, price 20 % → mean 50;
    // performance = column means over the complete rows: speed 0, price 0 → cross-hair 0, both on it (counted high).
    [Fact]
    public void Ipa_Derived_UsesRelativeWeightsAsImportance()
    {
        var path = CliRun.TempFile("speed,price,overall\n1,1,4\n1,-1,2\n-1,1,1\n-1,-1,1\n");

        var result = CliRun.Manyi("analyze", "ipa", "--input", path, "--derived", "--target", "overall", "--predictors", "speed,price", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("derived", root.GetProperty("importanceSource").GetString());
        Assert.Equal(50, root.GetProperty("crossHairs").GetProperty("importance").GetDouble(), 1e-10);
        var speed = root.GetProperty("indicators")[0];
        Assert.Equal("speed", speed.GetProperty("indicator").GetString());
        Assert.Equal(80, speed.GetProperty("importance").GetDouble(), 1e-10);
        Assert.Equal("keepUpTheGoodWork", speed.GetProperty("quadrant").GetString());
        Assert.True(speed.GetProperty("onCrossHair").GetBoolean());
        Assert.Equal("possibleOverkill", root.GetProperty("indicators")[1].GetProperty("quadrant").GetString());
    }

    [Fact]
    public void Ipa_TextInNumericColumn_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("indicator,importance,performance\nbilling,high,2\n");

        var result = CliRun.Manyi("analyze", "ipa", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 2, column 'importance': 'high' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipa_MissingColumn_NamesIt()
    {
        var path = CliRun.TempFile("indicator,importance\nbilling,4\n");

        var result = CliRun.Manyi("analyze", "ipa", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'performance'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipa_RepeatedIndicator_NamesLineAndValue()
    {
        var path = CliRun.TempFile("indicator,importance,performance\nbilling,4,2\nbilling,3,3\n");

        var result = CliRun.Manyi("analyze", "ipa", "--input", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'indicator': 'billing' appears again (first on line 2)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipa_DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "ipa", "--input", CliRun.Example("ipa.csv"), "--importance-mid", "3", "--performance-mid", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("billing accuracy", result.Stdout, StringComparison.Ordinal);
    }
}
