namespace Manyi.Web.Resources;

/// <summary>Anchor type of the explanatory notes of the analysis results: <c>AnalysisNotesResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class AnalysisNotesResource;
