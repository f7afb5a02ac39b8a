namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the findings page and the satisfaction-trap block of the wave comparison: <c>FindingsResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class FindingsResource;
