using System.Text;

namespace Manyi.Cli.Tests;

/// <summary>The outcome of one in-process run of <c>manyi</c>.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs <c>manyi</c> in process with captured output, and writes scratch input files.</summary>
public static class CliRun
{
    public static CliResult Manyi(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes <paramref name="content"/> to a new temporary file with the given extension and returns its path.</summary>
    public static string TempFile(string content, string extension = ".csv", bool bom = false)
    {
        var path = Path.Combine(TempDirectory, $"manyi-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    /// <summary>One folder for the temporary files of this test run, removed when the test process ends.</summary>
    public static string TempDirectory { get; } = CreateTempDirectory();

    private static string CreateTempDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("manyi-cli-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the folder stays in the temporary directory.
            }
        };
        return dir;
    }

    /// <summary>Path of a file in docs/examples of the repository.</summary>
    public static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException("repository root (Manyi.sln) not found above the test binaries");
        }
        return Path.Combine(dir.FullName, "docs", "examples", name);
    }
}
