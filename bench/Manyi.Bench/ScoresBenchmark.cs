using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ManyiCli = Manyi.Cli.Program;

namespace Manyi.Bench;

/// <summary>
/// <c>manyi analyze scores</c> against DuckDB on the same generated CSV (issue 2 acceptance: Manyi within 2× of
/// DuckDB). Each iteration reads the whole file once; the file is in the page cache for both.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ScoresBenchmark
{
    private string _path = string.Empty;

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => _path = ResponseFile.Ensure(Rows);

    [Benchmark(Baseline = true, Description = "DuckDB")]
    public int DuckDb() => DuckDbScores.Run(_path).Count;

    [Benchmark(Description = "manyi analyze scores")]
    public int Manyi()
    {
        var exit = ManyiCli.Run(ScoresArguments(_path), TextWriter.Null, TextWriter.Null);
        return exit == 0 ? exit : throw new InvalidOperationException($"manyi analyze scores exited with {exit}");
    }

    /// <summary>The command line the benchmark measures.</summary>
    public static string[] ScoresArguments(string path) =>
    [
        "analyze", "scores", "--input", path, "--nps", "nps", "--csat", "csat",
        "--items", string.Join(",", Enumerable.Range(1, ResponseFile.LikertItems).Select(q => $"q{q}")),
        "--format", "json",
    ];

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(7)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
            AddDiagnoser(MemoryDiagnoser.Default);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
