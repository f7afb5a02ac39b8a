using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class DriversCommandTests
{
    // Rows (speed, price, overall): (1, 1, 4), (1, −1, 2), (−1, 1, 1), (−1, −1, 1) and one row with price blank (left out).
    // Hand computation (as in RelativeWeightsTests): means 0, 0, 2; centred overall (2, 0, −1, −1), Σ dy² = 6;
    // r_speed = 4/√24, r_price = 2/√24, r_speed,price = 0 → ε = r² = 2/3 and 1/6, R² = 5/6, rescaled 80 % and 20 %, β = r.
    private const string Orthogonal = "respondent,speed,price,overall\nr1,1,1,4\nr2,1,-1,2\nr3,-1,1,1\nr4,-1,-1,1\nr5,5,,9\n";

    [Fact]
    public void Drivers_Json_HasDocumentedFieldsAndHandComputedValues()
    {
        var path = CliRun.TempFile(Orthogonal);

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "price,speed", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("drivers", root.GetProperty("model").GetString());
        Assert.Equal(4, root.GetProperty("n").GetInt32());
        Assert.Equal(1, root.GetProperty("excluded").GetInt32());
        Assert.Equal(5.0 / 6, root.GetProperty("rSquared").GetDouble(), 1e-12);
        var drivers = root.GetProperty("drivers");
        Assert.Equal(2, drivers.GetArrayLength());
        var first = drivers[0];
        Assert.Equal("speed", first.GetProperty("predictor").GetString());
        Assert.Equal(2.0 / 3, first.GetProperty("relativeWeight").GetDouble(), 1e-12);
        Assert.Equal(80, first.GetProperty("rescaledPercent").GetDouble(), 1e-10);
        Assert.Equal(4 / Math.Sqrt(24), first.GetProperty("correlation").GetDouble(), 1e-12);
        Assert.Equal(4 / Math.Sqrt(24), first.GetProperty("beta").GetDouble(), 1e-12);
        Assert.Equal("price", drivers[1].GetProperty("predictor").GetString());
        Assert.Equal(20, drivers[1].GetProperty("rescaledPercent").GetDouble(), 1e-10);
    }

    [Fact]
    public void Drivers_Csv_HasHeaderAndOneRowPerPredictor()
    {
        var path = CliRun.TempFile(Orthogonal);

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "speed,price", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("predictor,relative weight,% of R²,correlation r,beta", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("speed,0.66666666666666", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Drivers_Table_ShowsPredictorsAndRSquared()
    {
        var path = CliRun.TempFile(Orthogonal);

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "speed,price");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("speed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("R² = 0.8333", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 row(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Drivers_TextInNumericColumn_NamesFileLineColumnValue()
    {
        var path = CliRun.TempFile("speed,price,overall\n1,2,3\n2,fast,4\n");

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "speed,price");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{path}, line 3, column 'price': 'fast' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Drivers_MissingColumn_NamesIt()
    {
        var path = CliRun.TempFile(Orthogonal);

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "speed,quality");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing column 'quality'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Drivers_ConstantPredictor_ExitsWithMessage()
    {
        var path = CliRun.TempFile("speed,price,overall\n1,2,3\n2,2,4\n3,2,6\n4,2,5\n");

        var result = CliRun.Manyi("analyze", "drivers", "--input", path, "--target", "overall", "--predictors", "speed,price");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: predictor 'price' is constant", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Drivers_DocsExample_Runs()
    {
        var result = CliRun.Manyi("analyze", "drivers", "--input", CliRun.Example("drivers.csv"), "--target", "overall", "--predictors", "product,delivery,service,price");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("delivery", result.Stdout, StringComparison.Ordinal);
    }
}
