using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Reports;

/// <summary>
/// A generated report (product.md M9): title, header fields, ordered sections of text and tables, and the trace of every wave
/// its figures come from. One model renders as the printable page, the Excel workbook (one sheet per table) and the CSV.
/// </summary>
public sealed record Report(
    ReportKind Kind, string Title, string FileStem, IReadOnlyList<ReportField> Header, IReadOnlyList<ReportSection> Sections, IReadOnlyList<AnalysisTrace> Traces)
{
    /// <summary>Every table of the report in section order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<ReportTable> Tables => Sections.SelectMany(s => s.Tables);
}

/// <summary>A line of the report's header (organisation, wave or period, scope).</summary>
public sealed record ReportField(string Name, string Value);

/// <summary>A section: its key (stable, English, e.g. "results"), title, paragraphs and tables.</summary>
public sealed record ReportSection(string Key, string Title, IReadOnlyList<string> Text, IReadOnlyList<ReportTable> Tables);

/// <summary>A column of a table: a stable key and the title in the report's language.</summary>
public sealed record ReportColumn(string Key, string Title);

/// <summary>
/// A table: a stable key (the workbook's sheet name, e.g. "drivers"), a title, the columns and the rows. Cells are numbers
/// (<see cref="double"/>, <see cref="long"/>), text, or null (blank: missing or suppressed); never NaN.
/// </summary>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Text shown under the table (e.g. the R² of the driver model, why a figure is missing).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Row indexes to mark as best / worst in the page (unit comparison).</summary>
    public IReadOnlyDictionary<int, string> Marks { get; init; } = new Dictionary<int, string>();
}

/// <summary>What a report builder needs: the database, the cached wave data, the viewer, the clock and the texts.</summary>
public sealed record ReportContext(ManyiDbContext Db, WaveDataCache Cache, Viewer Viewer, TimeProvider Clock, IStringLocalizer<ReportsResource> Text)
{
    /// <summary>The report's language.</summary>
    public static CultureInfo Culture => CultureInfo.CurrentUICulture;

    /// <summary>A localized text.</summary>
    public string T(string key) => Text[key].Value;

    /// <summary>A column from its key and the text <c>Col.{key}</c>.</summary>
    public ReportColumn Col(string key) => new(key, T("Col." + key));

    /// <summary>The columns named by their keys.</summary>
    public IReadOnlyList<ReportColumn> Cols(params string[] keys) => [.. keys.Select(Col)];

    /// <summary>A number cell: null for null or NaN.</summary>
    public static object? N(double? value) => value is { } v && !double.IsNaN(v) && !double.IsInfinity(v) ? v : null;

    /// <summary>A date and time in the report (UTC, invariant).</summary>
    public static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "–";
}
