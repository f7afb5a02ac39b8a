using System.Globalization;

namespace Manyi.Analytics.Tests.Pls;

/// <summary>
/// The ECSI mobile-phone data ("mobi", 250 × 24, Tenenhaus et al. 2005) from ../shared/data/mobi.csv beside the repository root
/// (the folder with Manyi.sln). A missing file fails the test with a message; it is never skipped.
/// </summary>
internal static class MobiData
{
    private static readonly Lazy<(IReadOnlyList<string> Names, IReadOnlyList<IReadOnlyList<double?>> Columns)> Data = new(Load);

    public static IReadOnlyList<string> Names => Data.Value.Names;

    public static IReadOnlyList<IReadOnlyList<double?>> Columns => Data.Value.Columns;

    public static string Path()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            Assert.Fail("repository root (Manyi.sln) not found above the test binaries");
        }
        // CI: the clone has shared/ beside it (root/../shared). A git worktree nested one level deeper finds it one folder up.
        var candidates = new[] { System.IO.Path.Combine(dir!.FullName, "..", "shared"), System.IO.Path.Combine(dir.FullName, "..", "..", "shared") }
            .Select(s => System.IO.Path.GetFullPath(System.IO.Path.Combine(s, "data", "mobi.csv")))
            .ToList();
        var path = candidates.FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"reference data missing: {candidates[0]} (the ECSI 'mobi' data must be in shared/data beside the repository; see its README.md)");
        return path!;
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
