namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the results pages: <c>ResultsResource.resx</c> (English) and <c>ResultsResource.zh-CN.resx</c>.</summary>
public sealed class ResultsResource;
