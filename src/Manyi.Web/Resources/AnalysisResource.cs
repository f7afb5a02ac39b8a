namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts shared by the analysis pages (names of the pages, filter bar, trace footer, downloads): <c>AnalysisResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class AnalysisResource;
