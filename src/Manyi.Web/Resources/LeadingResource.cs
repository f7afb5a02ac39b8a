namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the leading-indicator analysis page: <c>LeadingResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class LeadingResource;
