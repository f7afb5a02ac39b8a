using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class WeightedCommandTests
{
    // Hand computation (product.md M1.5): A (K=10; 4, 5), B (K=30; 2, blank), C (K=20; 5, 3); K_o = mean K = 20.
    //   speed: plain 11/3, weighted (0.5·4 + 1.5·2 + 1·5)/3 = 10/3; quality: plain 4, weighted (0.5·5 + 1·3)/2 = 2.75;
    //   overall (customer means 4.5, 2, 4): plain 3.5, weighted (0.5·4.5 + 1.5·2 + 1·4)/3 = 9.25/3.
    private const string Sample = "customer,revenue,speed,quality\nA,10,4,5\nB,30,2,\nC,20,5,3\n";

    [Fact]
    public void Weighted_Json_HasDocumentedFieldsAndHandComputedValues()
    {
        var path = CliRun.TempFile(Sample);

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed,quality", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("weighted", root.GetProperty("model").GetString());
        Assert.Equal("mean", root.GetProperty("base").GetString());
        Assert.Equal(20, root.GetProperty("standardValue").GetDouble(), 1e-12);
        Assert.Equal(3, root.GetProperty("customers").GetInt32());
        var speed = root.GetProperty("items")[0];
        Assert.Equal("speed", speed.GetProperty("item").GetString());
        Assert.Equal(3, speed.GetProperty("n").GetInt32());
        Assert.Equal(11.0 / 3, speed.GetProperty("plain").GetDouble(), 1e-12);
        Assert.Equal(10.0 / 3, speed.GetProperty("weighted").GetDouble(), 1e-12);
        var quality = root.GetProperty("items")[1];
        Assert.Equal(2, quality.GetProperty("n").GetInt32());
        Assert.Equal(2.75, quality.GetProperty("weighted").GetDouble(), 1e-12);
        Assert.Equal(3.5, root.GetProperty("overall").GetProperty("plain").GetDouble(), 1e-12);
        Assert.Equal(9.25 / 3, root.GetProperty("overall").GetProperty("weighted").GetDouble(), 1e-12);
    }

    // Hand computation, K_o = min K = 10 → K/K_o = 1, 3, 2: speed weighted = (4 + 6 + 10)/3 = 20/3.
    [Fact]
    public void Weighted_MinBase_Csv()
    {
        var path = CliRun.TempFile(Sample);

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed", "--base", "min", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("item,n,plain,weighted,weighted - plain", lines[0]);
        Assert.StartsWith("speed,3,3.66666666666666", lines[1], StringComparison.Ordinal);
        Assert.Contains(",6.66666666666666", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_Table_ShowsItemsAndStandardValue()
    {
        var path = CliRun.TempFile(Sample);

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed,quality");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("quality", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("K_o = mean customer value = 20", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_UnknownBase_ExitsWithBadInput()
    {
        var path = CliRun.TempFile(Sample);

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed", "--base", "median");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'median'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_TextInScoreColumn_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("customer,revenue,speed\nA,10,4\nB,30,good\n");

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'speed': 'good' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_NonPositiveValue_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("customer,revenue,speed\nA,10,4\nB,0,3\n");

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'revenue': '0' is not a positive customer value", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_RepeatedCustomer_NamesBothLines()
    {
        var path = CliRun.TempFile("customer,revenue,speed\nA,10,4\nA,10,3\n");

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "revenue", "--score", "speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{path}, line 3, column 'customer': 'A' appears again (first on line 2)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_MissingColumn_NamesIt()
    {
        var path = CliRun.TempFile(Sample);

        var result = CliRun.Manyi("analyze", "weighted", "--input", path, "--customer", "customer", "--value", "profit", "--score", "speed");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'profit'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Weighted_DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "weighted", "--input", CliRun.Example("weighted.csv"), "--customer", "customer", "--value", "revenue", "--score", "product,delivery,service");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(all items)", result.Stdout, StringComparison.Ordinal);
    }
}
