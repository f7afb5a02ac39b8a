namespace Manyi.Web.Resources;

/// <summary>Anchor type of the UI texts: <c>SharedResource.resx</c> (English, the neutral fallback) and <c>SharedResource.zh-CN.resx</c>.</summary>
public sealed class SharedResource;
