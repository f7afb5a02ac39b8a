namespace Manyi.Web.Resources;

/// <summary>Anchor type of the response-intake page texts: <c>ResponsesResource.resx</c> (English) and <c>ResponsesResource.zh-CN.resx</c>.</summary>
public sealed class ResponsesResource;
