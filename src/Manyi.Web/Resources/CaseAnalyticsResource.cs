namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the case analytics page and the customer timeline: <c>CaseAnalyticsResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class CaseAnalyticsResource;
