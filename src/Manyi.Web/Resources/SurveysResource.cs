namespace Manyi.Web.Resources;

/// <summary>Anchor type of the surveys pages' texts: <c>SurveysResource.resx</c> (English) and <c>SurveysResource.zh-CN.resx</c>.</summary>
public sealed class SurveysResource;
