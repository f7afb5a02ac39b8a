namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the service monitoring pages (portfolio, project, new project): <c>MonitoringResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class MonitoringResource;
