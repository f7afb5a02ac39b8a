namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the alert rules page: <c>AlertRulesResource.resx</c> (English) and <c>AlertRulesResource.zh-CN.resx</c>.</summary>
public sealed class AlertRulesResource;
