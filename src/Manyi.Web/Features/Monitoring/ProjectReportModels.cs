using System.Globalization;
using System.Text.Json.Serialization;
using Manyi.Web.Features.Reports;
using Manyi.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Monitoring;

/// <summary>The three reports of a service project (product.md M8; docs/monitoring-reports.md).</summary>
public enum ProjectReportKind
{
    /// <summary>Stage diagnostic report: at a stage's end, or "interim" for the active stage.</summary>
    Stage,

    /// <summary>Internal service quality diagnostic report (project end).</summary>
    Internal,

    /// <summary>External satisfaction report for the customer (project end): no internal weights, estimates, errors or causes.</summary>
    External,
}

/// <summary>Where the figures of a project report come from (the footer of the page, the About sheet).</summary>
public sealed record ProjectReportTrace(Guid ProjectId, string ProjectName, IReadOnlyList<string> Stages, int Readings, int Cases, DateTimeOffset GeneratedAt);

/// <summary>
/// A generated project report: title, header fields, ordered sections of text and tables (the same table model as the reports
/// of product.md M9) and its trace. One model renders as the printable page, the workbook and the CSV.
/// </summary>
public sealed record ProjectReport(
    ProjectReportKind Kind, string Title, string FileStem, bool Interim, IReadOnlyList<ReportField> Header, IReadOnlyList<ReportSection> Sections, ProjectReportTrace Trace)
{
    /// <summary>Every table of the report in section order.</summary>
    [JsonIgnore]
    public IEnumerable<ReportTable> Tables => Sections.SelectMany(s => s.Tables);
}

/// <summary>What building a report came to.</summary>
public enum ProjectReportOutcome
{
    Built,

    /// <summary>No such project (or stage) for the caller: another organisation, a unit out of scope, a made-up id.</summary>
    NotFound,

    /// <summary>A final report of a project that is not Completed.</summary>
    NotCompleted,
}

/// <summary>A report, or why there is none.</summary>
public sealed record ProjectReportResult(ProjectReportOutcome Outcome, ProjectReport? Report);

/// <summary>Texts and formats of the project reports in the current UI culture.</summary>
public sealed class ProjectReportText(IStringLocalizer<ProjectReportsResource> text)
{
    /// <summary>A localized text.</summary>
    public string T(string key) => text[key].Value;

    /// <summary>A localized text with arguments (invariant number formats).</summary>
    public string F(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, text[key].Value, args);

    /// <summary>A column from its key and the text <c>Col.{key}</c>.</summary>
    public ReportColumn Col(string key) => new(key, T("Col." + key));

    /// <summary>The columns named by their keys.</summary>
    public IReadOnlyList<ReportColumn> Cols(params string[] keys) => [.. keys.Select(Col)];

    /// <summary>Whether the report is in Chinese.</summary>
    public static bool Chinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
