using System.Globalization;
using System.Text.Json;
using ManyiCli = Manyi.Cli.Program;

namespace Manyi.Bench;

/// <summary>Runs Manyi and DuckDB once on the same file and compares every figure the benchmark times.</summary>
internal static class ScoresAgreement
{
    public static int Check(string path, TextWriter output)
    {
        using var json = new StringWriter();
        var exit = ManyiCli.Run(ScoresBenchmark.ScoresArguments(path), json, Console.Error);
        if (exit != 0)
        {
            return exit;
        }
        var duck = DuckDbScores.Run(path);
        using var document = JsonDocument.Parse(json.ToString());
        var root = document.RootElement;
        var worst = 0.0;
        void Compare(string what, double manyi, double duckDb)
        {
            var difference = Math.Abs(manyi - duckDb);
            worst = Math.Max(worst, difference);
            if (difference > 1e-9)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DIFFERENT {what}: manyi {manyi} duckdb {duckDb}"));
            }
        }
        Compare("rows", root.GetProperty("rows").GetDouble(), duck["rows"]);
        foreach (var item in root.GetProperty("items").EnumerateArray())
        {
            var name = item.GetProperty("item").GetString()!;
            Compare($"{name}.n", item.GetProperty("n").GetDouble(), duck[$"n_{name}"]);
            Compare($"{name}.mean", item.GetProperty("mean").GetDouble(), duck[$"mean_{name}"]);
            Compare($"{name}.standardDeviation", item.GetProperty("standardDeviation").GetDouble(), duck[$"sd_{name}"]);
            Compare($"{name}.topBoxPercent", item.GetProperty("topBoxPercent").GetDouble(), duck[$"top2_{name}"]);
            Compare($"{name}.score", item.GetProperty("score").GetDouble(), duck[$"score_{name}"]);
        }
        Compare("nps", root.GetProperty("nps").GetProperty("nps").GetDouble(), duck["nps"]);
        Compare("csat", root.GetProperty("csat").GetProperty("csat").GetDouble(), duck["csat"]);
        Compare("index", root.GetProperty("index").GetProperty("score").GetDouble(), duck["idx"]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest difference between manyi and DuckDB: {worst:G3}"));
        return worst <= 1e-9 ? 0 : 1;
    }
}
