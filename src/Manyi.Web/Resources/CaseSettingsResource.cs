namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the case settings pages: <c>CaseSettingsResource.resx</c> (English) and <c>CaseSettingsResource.zh-CN.resx</c>.</summary>
public sealed class CaseSettingsResource;
