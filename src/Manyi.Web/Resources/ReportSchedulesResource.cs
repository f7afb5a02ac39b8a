namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the scheduled reports page: <c>ReportSchedulesResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class ReportSchedulesResource;
