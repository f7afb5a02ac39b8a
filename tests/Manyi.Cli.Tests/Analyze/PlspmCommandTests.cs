using System.Text.Json;

namespace Manyi.Cli.Tests.Analyze;

public class PlspmCommandTests
{
    // Orthogonal hand computation (as in Manyi.Analytics.Tests PlsPathModelingTests): x = (1, 1, −1, −1), m = (1, −1, 1, −1),
    // y = (4, 2, 1, 1); one indicator per construct, so the paths are the standardised OLS coefficients r_xy = 4/√24 = 0.816497,
    // r_my = 2/√24 = 0.408248 (r_xm = 0) and R²(Y) = 16/24 + 4/24 = 5/6. A fifth row with a blank m is left out (listwise).
    // Index of Y on the scale 1–5 with one indicator: w̃ = 1/s, so index = 100·(ȳ − 1)/(5 − 1) = 100·(2 − 1)/4 = 25.
    private const string Orthogonal = "respondent,x,m,y\nr1,1,1,4\nr2,1,-1,2\nr3,-1,1,1\nr4,-1,-1,1\nr5,3,,5\n";

    private const string OrthogonalModel = """
        {
          "constructs": [
            { "name": "X", "indicators": ["x"] },
            { "name": "M", "indicators": ["m"], "mode": "A" },
            { "name": "Y", "indicators": ["y"] }
          ],
          "paths": [ { "from": "X", "to": "Y" }, { "from": "M", "to": ["Y"] } ]
        }
        """;

    private static CliResult Run(string data, string model, params string[] more) =>
        CliRun.Manyi(["analyze", "plspm", "--input", data, "--model", model, .. more]);

    [Fact]
    public void Plspm_Json_HasDocumentedFieldsAndHandComputedValues()
    {
        var data = CliRun.TempFile(Orthogonal);
        var model = CliRun.TempFile(OrthogonalModel, ".json");

        var result = Run(data, model, "--bootstrap", "0", "--scale", "1-5", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("plspm", root.GetProperty("model").GetString());
        Assert.Equal("path", root.GetProperty("scheme").GetString());
        Assert.Equal(4, root.GetProperty("n").GetInt32());
        Assert.Equal(1, root.GetProperty("rowsDropped").GetInt32());
        var paths = root.GetProperty("paths");
        Assert.Equal(2, paths.GetArrayLength());
        Assert.Equal("X", paths[0].GetProperty("from").GetString());
        Assert.Equal("Y", paths[0].GetProperty("to").GetString());
        Assert.Equal(4 / Math.Sqrt(24), paths[0].GetProperty("coefficient").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, paths[0].GetProperty("standardError").ValueKind);
        Assert.Equal(JsonValueKind.Null, paths[0].GetProperty("ciLow").ValueKind);
        Assert.Equal(2 / Math.Sqrt(24), paths[1].GetProperty("coefficient").GetDouble(), 1e-9);
        Assert.Equal(5.0 / 6, root.GetProperty("rSquared").GetProperty("Y").GetDouble(), 1e-9);
        Assert.False(root.GetProperty("rSquared").TryGetProperty("X", out _));
        var loading = root.GetProperty("loadings")[2];
        Assert.Equal("Y", loading.GetProperty("construct").GetString());
        Assert.Equal("y", loading.GetProperty("indicator").GetString());
        Assert.Equal(1, loading.GetProperty("loading").GetDouble(), 1e-12);
        Assert.Equal(1, loading.GetProperty("weight").GetDouble(), 1e-12);
        var reliability = root.GetProperty("reliability").GetProperty("Y");
        Assert.Equal(JsonValueKind.Null, reliability.GetProperty("alpha").ValueKind);
        Assert.Equal(1, reliability.GetProperty("rhoC").GetDouble(), 1e-12);
        Assert.Equal(1, reliability.GetProperty("ave").GetDouble(), 1e-12);
        Assert.Equal(25, root.GetProperty("index").GetProperty("Y").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bootstrap").ValueKind);
        Assert.True(root.GetProperty("iterations").GetInt32() >= 1);
        Assert.Equal(3, root.GetProperty("htmt").GetArrayLength());
        Assert.Equal(2, root.GetProperty("effects").GetArrayLength());
    }

    [Fact]
    public void Plspm_EcsiOnExample_MatchesSmartPlsAndBootstraps()
    {
        // docs/examples/mobi.csv is the mobi data; Image → Expectation 0.50491393 and Satisfaction → Loyalty 0.48547762 are the
        // SmartPLS 2.0.M3 path-scheme values shipped with the R package semPLS (tests/SmartPLS/results/ecsi/pathWeighting/pathCoefficients.txt).
        var result = Run(CliRun.Example("mobi.csv"), "ecsi", "--bootstrap", "100", "--seed", "3", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("ECSI", root.GetProperty("definition").GetString());
        Assert.Equal(250, root.GetProperty("n").GetInt32());
        var first = root.GetProperty("paths")[0];
        Assert.Equal(0.50491393, first.GetProperty("coefficient").GetDouble(), 5e-4);
        Assert.True(first.GetProperty("standardError").GetDouble() > 0);
        Assert.True(first.GetProperty("ciLow").GetDouble() < first.GetProperty("ciHigh").GetDouble());
        var loyalty = root.GetProperty("paths").EnumerateArray().Single(p => p.GetProperty("from").GetString() == "Satisfaction" && p.GetProperty("to").GetString() == "Loyalty");
        Assert.Equal(0.48547762, loyalty.GetProperty("coefficient").GetDouble(), 5e-4);
        var bootstrap = root.GetProperty("bootstrap");
        Assert.Equal(100, bootstrap.GetProperty("resamples").GetInt32());
        Assert.Equal(3, bootstrap.GetProperty("seed").GetInt32());
        Assert.Equal(0, bootstrap.GetProperty("failed").GetInt32());
        var complaints = root.GetProperty("loadings").EnumerateArray().Single(l => l.GetProperty("indicator").GetString() == "CUSCO");
        Assert.Equal(JsonValueKind.Null, complaints.GetProperty("weightT").ValueKind);
    }

    [Fact]
    public void Plspm_Csv_IsThePathTable()
    {
        var result = Run(CliRun.TempFile(Orthogonal), CliRun.TempFile(OrthogonalModel, ".json"), "--bootstrap", "0", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("from,to,coefficient,SE,t,CI low,CI high", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("X,Y,0.81649658", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_Table_ShowsPathsConstructsAndNotes()
    {
        var result = Run(CliRun.TempFile(Orthogonal), CliRun.TempFile(OrthogonalModel, ".json"), "--bootstrap", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Path coefficients", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.8165", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("n = 4 rows used", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 row(s) with a blank indicator were left out", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_TextInNumericColumn_NamesFileLineColumnValue()
    {
        var data = CliRun.TempFile("x,m,y\n1,1,4\n1,-1,2\n-1,high,1\n-1,-1,1\n");

        var result = Run(data, CliRun.TempFile(OrthogonalModel, ".json"), "--bootstrap", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"{data}, line 4, column 'm': 'high' is not a number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_ModelNamesMissingColumn_NamesIt()
    {
        var model = CliRun.TempFile(OrthogonalModel.Replace("\"y\"", "\"overall\"", StringComparison.Ordinal), ".json");

        var result = Run(CliRun.TempFile(Orthogonal), model, "--bootstrap", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{model}: construct 'Y' lists indicator 'overall', which is not a column of", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_ReadyModelWithoutItsColumns_SaysWhatItExpects()
    {
        var result = Run(CliRun.TempFile(Orthogonal), "acsi", "--bootstrap", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: the ACSI model's construct 'Expectation' expects columns named CUEX1, CUEX2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_UnknownModelName_ExitsWithMessage()
    {
        var result = Run(CliRun.TempFile(Orthogonal), "scsi");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option --model: 'scsi' is not one of acsi, ecsi, ccsi, nor a model file (.json)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_CyclicModel_NamesCycleAndFile()
    {
        var model = CliRun.TempFile(
            """{"constructs": [{"name": "X", "indicators": ["x"]}, {"name": "Y", "indicators": ["y"]}], "paths": [{"from": "X", "to": "Y"}, {"from": "Y", "to": "X"}]}""",
            ".json");

        var result = Run(CliRun.TempFile(Orthogonal), model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{model}: the paths form a cycle: X → Y → X", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_EmptyBlockAndBadJson_ExitWithMessages()
    {
        var empty = CliRun.TempFile("""{"constructs": [{"name": "X", "indicators": []}, {"name": "Y", "indicators": ["y"]}], "paths": [{"from": "X", "to": "Y"}]}""", ".json");
        var broken = CliRun.TempFile("{\"constructs\": [\n  {\"name\": \"X\",,}\n]}", ".json");

        var emptyResult = Run(CliRun.TempFile(Orthogonal), empty);
        var brokenResult = Run(CliRun.TempFile(Orthogonal), broken);

        Assert.Equal(2, emptyResult.ExitCode);
        Assert.Contains("construct 'X' has no indicators (empty block)", emptyResult.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, brokenResult.ExitCode);
        Assert.Contains($"{broken}, line 2: not valid JSON", brokenResult.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_IterationLimit_ExitsWithMessage()
    {
        var result = Run(CliRun.Example("mobi.csv"), "ecsi", "--bootstrap", "0", "--max-iterations", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: the PLS algorithm did not converge within 1 iterations", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plspm_DocsExample_Runs()
    {
        var result = Run(CliRun.Example("mobi.csv"), CliRun.Example("ecsi-model.json"), "--bootstrap", "200", "--seed", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Satisfaction", result.Stdout, StringComparison.Ordinal);
    }
}
