using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class TrapCommandTests
{
    // Big customer A (K = 100) 8 → 6, small B and C (K = 10) 6 → 9. Hand computation (as in SatisfactionTrapTests):
    //   K_o = 40, w = K/120; before P = 20/3, W = 23/3; after P = 8, W = 6.5; ΔP = 4/3, ΔW = −7/6 → trap;
    //   contributions c_A = −5/3, c_B = c_C = −5/12; segments key −5/3, small −5/6.
    private const string Before = "customer,segment,revenue,overall\nA,key,100,8\nB,small,10,6\nC,small,10,6\n";
    private const string After = "customer,segment,revenue,overall\nA,key,100,6\nB,small,10,9\nC,small,10,9\n";

    [Fact]
    public void Trap_Json_HasDocumentedFieldsAndHandComputedValues()
    {
        var result = Run("--segment", "segment", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("trap", root.GetProperty("model").GetString());
        Assert.Equal(4.0 / 3, root.GetProperty("plainChange").GetDouble(), 1e-12);
        Assert.Equal(-7.0 / 6, root.GetProperty("weightedChange").GetDouble(), 1e-12);
        Assert.True(root.GetProperty("trap").GetBoolean());
        Assert.Equal(20.0 / 3, root.GetProperty("before").GetProperty("plain").GetDouble(), 1e-12);
        Assert.Equal(23.0 / 3, root.GetProperty("before").GetProperty("weighted").GetDouble(), 1e-12);
        Assert.Equal(6.5, root.GetProperty("after").GetProperty("weighted").GetDouble(), 1e-12);
        var first = root.GetProperty("drivers")[0];
        Assert.Equal("A", first.GetProperty("customer").GetString());
        Assert.Equal("key", first.GetProperty("segment").GetString());
        Assert.Equal("both", first.GetProperty("presence").GetString());
        Assert.Equal(-5.0 / 3, first.GetProperty("contribution").GetDouble(), 1e-12);
        Assert.Equal("small", root.GetProperty("segments")[1].GetProperty("segment").GetString());
        Assert.Equal(-5.0 / 6, root.GetProperty("segments")[1].GetProperty("contribution").GetDouble(), 1e-12);
        Assert.StartsWith("Satisfaction trap", root.GetProperty("finding").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_Csv_ListsTopCustomers()
    {
        var result = Run("--top", "2", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("customer,presence,score before,score after,value before,value after,contribution", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("A,both,8,6,100,100,-1.66666666666666", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_Table_StatesTheFinding()
    {
        var result = Run("--segment", "segment");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Satisfaction trap: the plain score rose", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Segments driving the difference", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_UnknownBase_ExitsWithBadInput()
    {
        var result = Run("--base", "max");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'max'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_TextInValueColumn_NamesFileLineColumnValue()
    {
        var after = CliRun.TempFile("customer,revenue,overall\nA,lots,6\n");

        var result = CliRun.Manyi("analyze", "trap", "--before", CliRun.TempFile(Before), "--after", after, "--customer", "customer", "--value", "revenue", "--score", "overall");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{after}, line 2, column 'revenue': 'lots' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_MissingSegmentColumn_NamesFileAndColumn()
    {
        var after = CliRun.TempFile("customer,revenue,overall\nA,100,6\n");

        var result = CliRun.Manyi("analyze", "trap", "--before", CliRun.TempFile(Before), "--after", after, "--customer", "customer", "--value", "revenue", "--score", "overall", "--segment", "segment");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{after}: missing column 'segment'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Trap_DocsExample_Runs()
    {
        var result = CliRun.Manyi(
            "analyze", "trap", "--before", CliRun.Example("trap-before.csv"), "--after", CliRun.Example("trap-after.csv"),
            "--customer", "customer", "--value", "revenue", "--score", "overall", "--segment", "segment");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Satisfaction trap", result.Stdout, StringComparison.Ordinal);
    }

    private static CliResult Run(params string[] options) =>
        CliRun.Manyi(
        [
            "analyze", "trap", "--before", CliRun.TempFile(Before), "--after", CliRun.TempFile(After),
            "--customer", "customer", "--value", "revenue", "--score", "overall", .. options,
        ]);
}
