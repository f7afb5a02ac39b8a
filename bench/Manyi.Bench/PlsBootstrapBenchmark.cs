using System.Diagnostics;
using System.Globalization;
using Manyi.Analytics.Pls;
using ManyiCli = Manyi.Cli.Program;

namespace Manyi.Bench;

/// <summary>
/// Issue 3 acceptance: <c>manyi analyze plspm</c> of the ECSI model on mobi (250 × 24) with 5,000 bootstrap resamples, timed
/// end to end in process (read CSV, fit, bootstrap, JSON to a null writer), one warm-up then <c>repeats</c> runs; and the
/// bootstrap alone on 1 and on 2 cores, checking that both give the same numbers.
/// </summary>
internal static class PlsBootstrapBenchmark
{
    public static int Run(int resamples, int repeats, TextWriter output)
    {
        var data = Repository.Path("docs", "examples", "mobi.csv");
        string[] arguments = ["analyze", "plspm", "--input", data, "--model", "ecsi", "--bootstrap", resamples.ToString(CultureInfo.InvariantCulture), "--seed", "1", "--format", "json"];
        if (ManyiCli.Run(arguments, TextWriter.Null, output) != 0)
        {
            return 1;
        }
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            ManyiCli.Run(arguments, TextWriter.Null, output);
            times.Add(watch.Elapsed.TotalSeconds);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cli: resamples={resamples} runs={repeats} mean={times.Average():0.000}s min={times.Min():0.000}s max={times.Max():0.000}s cores={Environment.ProcessorCount}"));

        var (names, columns) = Read(data);
        var model = SatisfactionIndexModels.Ecsi.Resolve(names);
        PlsPathModelResult Fit(int cores) => PlsPathModeling.Estimate(model, names, columns, null,
            new PlsBootstrapOptions { Resamples = resamples, Seed = 1, MaxDegreeOfParallelism = cores });
        var results = new Dictionary<int, PlsPathModelResult>();
        foreach (var cores in new[] { 1, 2 })
        {
            Fit(cores);
            var watch = Stopwatch.StartNew();
            results[cores] = Fit(cores);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"analytics: cores={cores} resamples={resamples} seconds={watch.Elapsed.TotalSeconds:0.000} failed={results[cores].Bootstrap!.Failed}"));
        }
        var same = results[1].Paths.Zip(results[2].Paths, (a, b) => a.Bootstrap == b.Bootstrap).All(x => x)
            && results[1].Outer.Zip(results[2].Outer, (a, b) => a.LoadingBootstrap == b.LoadingBootstrap && a.WeightBootstrap == b.WeightBootstrap).All(x => x);
        output.WriteLine($"identical on 1 and 2 cores: {same}");
        return same ? 0 : 1;
    }

    private static (List<string> Names, List<IReadOnlyList<double?>> Columns) Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var names = lines[0].Split(',').ToList();
        var columns = names.Select((_, c) => (IReadOnlyList<double?>)lines.Skip(1)
            .Select(l => (double?)double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToList()).ToList();
        return (names, columns);
    }
}
