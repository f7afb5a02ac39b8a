using Manyi.Core.Reports;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Features.Reports;

/// <summary>What a report is about: the parameters a report page, a download and a scheduled run share.</summary>
public sealed record ReportRequest(ReportKind Kind, Guid? WaveId, Guid? UnitId, string? Segment, DateOnly? From, DateOnly? To, string Culture);

/// <summary>A generated report file.</summary>
public sealed record ReportFile(string FileName, string ContentType, byte[] Content);

/// <summary>Generates a report's Excel workbook or CSV from the data for a viewer (the pages, the API and the scheduler).</summary>
public static class ReportFiles
{
    /// <summary>The report as a file; null when its wave (or unit) does not exist for the viewer.</summary>
    public static Task<ReportFile?> RenderAsync(IServiceProvider services, Viewer viewer, ReportRequest request, ReportFormat format, CancellationToken ct) =>
        throw new NotImplementedException("the reports part fills this in");
}
