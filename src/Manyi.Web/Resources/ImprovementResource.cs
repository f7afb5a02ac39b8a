namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the improvement pages (PDCA board, actions): <c>ImprovementResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class ImprovementResource;
