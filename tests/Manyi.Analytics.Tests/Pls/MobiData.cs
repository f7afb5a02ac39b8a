using System.Globalization;

namespace Manyi.Analytics.Tests.Pls;

/// <summary>
/// The ECSI mobile-phone data ("mobi", 250 × 24, Tenenhaus et al. 2005), as distributed with the R packages semPLS and seminr.
/// The repository keeps an unchanged copy in docs/examples/mobi.csv so that a fresh clone runs every test; CI also checks that
/// copy against the reference data set in ../shared/data/mobi.csv (<see cref="MobiDataTests"/>).
/// </summary>
internal static class MobiData
{
    private static readonly Lazy<(IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<double?>> Columns)> Data = new(Load);

    public static IReadOnlyList<string> Names => Data.Value.Names;

    public static IReadOnlyList<IReadOnlyList<double?>> Columns => Data.Value.Columns;

    /// <summary>The folder with Manyi.sln above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        Assert.True(dir is not null, "repository root (Manyi.sln) not found above the test binaries");
        return dir!.FullName;
    }

    public static string Path() => System.IO.Path.Combine(RepositoryRoot(), "docs", "examples", "mobi.csv");

    /// <summary>The reference copy in shared/data beside the repository (CI lays it there), or null when absent.</summary>
    public static string? SharedPath()
    {
        var root = RepositoryRoot();
        // CI: the clone has shared/ beside it (root/../shared); a git worktree nested one level deeper finds it one folder up.
        return new[] { System.IO.Path.Combine(root, "..", "shared"), System.IO.Path.Combine(root, "..", "..", "shared") }
            .Select(s => System.IO.Path.GetFullPath(System.IO.Path.Combine(s, "data", "mobi.csv")))
            .FirstOrDefault(File.Exists);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<double?>>) Load()
    {
        var lines = File.ReadAllLines(Path()).Where(l => l.Length > 0).ToList();
        var names = lines[0].Split(',');
        var columns = names.Select(_ => new List<double?>()).ToList();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            for (var c = 0; c < names.Length; c++)
            {
                columns[c].Add(double.Parse(cells[c], CultureInfo.InvariantCulture));
            }
        }
        return (names, columns.Select(c => (IReadOnlyList<double?>)c).ToList());
    }
}
