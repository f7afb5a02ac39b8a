namespace Manyi.Web.Hosting;

/// <summary>Configuration section <c>Manyi</c>: where data lives and what to do at start.</summary>
public sealed class ManyiOptions
{
    public const string Section = "Manyi";

    /// <summary>Folder of the SQLite file and other local data; default a <c>data</c> folder beside the app.</summary>
    public string DataDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Apply pending migrations when the server starts (default true; <c>manyi migrate</c> does it explicitly).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Fill the demo organisation on first start when the database is empty.</summary>
    public bool Demo { get; set; }
}
