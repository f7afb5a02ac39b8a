namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the project reports (pages, workbook, CSV): <c>ProjectReportsResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class ProjectReportsResource;
