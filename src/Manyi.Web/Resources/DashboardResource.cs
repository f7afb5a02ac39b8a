namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the home dashboard: <c>DashboardResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class DashboardResource;
