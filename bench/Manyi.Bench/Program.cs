namespace Manyi.Bench;

/// <summary>Benchmark entry point; see docs/benchmarks.md.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Manyi.Bench -- <benchmark>");
        return args.Length == 0 ? 2 : 0;
    }
}
