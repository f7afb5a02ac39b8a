namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the reports (pages, workbook, CSV): <c>ReportsResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class ReportsResource;
