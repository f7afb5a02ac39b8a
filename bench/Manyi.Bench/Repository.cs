namespace Manyi.Bench;

/// <summary>Paths inside the repository the benchmark was built from (the folder with Manyi.sln above the binaries).</summary>
internal static class Repository
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException("Manyi.sln not found above the benchmark binaries");
        }
        return System.IO.Path.Combine([dir.FullName, .. parts]);
    }
}
