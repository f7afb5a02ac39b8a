namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the indirect measures and customer value settings pages: <c>IndirectMeasuresResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class IndirectMeasuresResource;
