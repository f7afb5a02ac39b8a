using System.Globalization;
using BenchmarkDotNet.Running;
using ManyiCli = Manyi.Cli.Program;

namespace Manyi.Bench;

/// <summary>
/// Benchmarks; see docs/benchmarks.md. <c>scores</c> runs the BenchmarkDotNet comparison with DuckDB,
/// <c>check</c> compares the two engines' figures once, <c>memory N</c> reports the peak resident memory of one
/// <c>manyi analyze scores</c> run over N generated rows (run it for several N to see that memory is flat), <c>plspm B R</c>
/// times the ECSI bootstrap of B resamples R times and checks 1 vs 2 cores, <c>intake</c> load-tests the transactional response API
/// (<see cref="IntakeLoad"/>), <c>pages</c> times the analysis, results, report and home pages on a wave of 100,000 responses
/// (<see cref="PageLoad"/>).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : string.Empty;
        if (mode == "intake")
        {
            return IntakeLoad.RunAsync(args.Skip(1).ToArray(), Console.Out).GetAwaiter().GetResult();
        }
        if (mode == "pages")
        {
            return PageLoad.RunAsync(args.Skip(1).ToArray(), Console.Out).GetAwaiter().GetResult();
        }
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        switch (mode)
        {
            case "scores":
                BenchmarkRunner.Run<ScoresBenchmark>(args: args.Skip(1).ToArray());
                return 0;
            case "duckdb":
            {
                var path = ResponseFile.Ensure(rows);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var figures = DuckDbScores.Run(path);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={figures["rows"]} nps={figures["nps"]:0.###} csat={figures["csat"]:0.###} index={figures["idx"]:0.###} seconds={watch.Elapsed.TotalSeconds:0.00}"));
                return 0;
            }
            case "check":
                return ScoresAgreement.Check(ResponseFile.Ensure(rows), Console.Out);
            case "memory":
            {
                var path = ResponseFile.Ensure(rows);
                var started = DateTime.UtcNow;
                var exit = ManyiCli.Run(ScoresBenchmark.ScoresArguments(path), TextWriter.Null, Console.Error);
                var elapsed = DateTime.UtcNow - started;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"rows={rows} exit={exit} seconds={elapsed.TotalSeconds:0.00} peakRssMiB={PeakResidentMiB():0.0} gcHeapMiB={GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:0.0}"));
                return exit;
            }
            case "plspm":
                return PlsBootstrapBenchmark.Run(
                    args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000,
                    args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5,
                    Console.Out);
            default:
                Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Manyi.Bench -- scores|duckdb [rows]|check [rows]|memory [rows]|plspm [resamples] [runs]|intake [--postgres CONN|env] [--count N] [--seconds S] [--concurrency C] [--client raw|httpclient]|pages [--postgres CONN|env] [--responses N] [--warm W] [--user NAME]");
                return 2;
        }
    }

    /// <summary>VmHWM of this process from /proc (Linux): the peak resident set size.</summary>
    private static double PeakResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null)
        {
            return double.NaN;
        }
        var kib = double.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        return kib / 1024;
    }
}
