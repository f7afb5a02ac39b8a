namespace Manyi.Web.Resources;

/// <summary>Anchor type of the respondent pages' texts: <c>RespondResource.resx</c> (English) and <c>RespondResource.zh-CN.resx</c>.</summary>
public sealed class RespondResource;
