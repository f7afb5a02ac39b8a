namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the case pages and of the case vocabulary (kinds, statuses, priorities, channels, notices) shared by the case, settings and analysis pages and the notification mails: <c>CasesResource.resx</c> (English) and <c>CasesResource.zh-CN.resx</c>.</summary>
public sealed class CasesResource;
