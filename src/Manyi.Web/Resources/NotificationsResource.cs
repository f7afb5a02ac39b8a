namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the notifications page: <c>NotificationsResource.resx</c> (English) and <c>NotificationsResource.zh-CN.resx</c>.</summary>
public sealed class NotificationsResource;
