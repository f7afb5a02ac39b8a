namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the goals pages and the "you said, we did" notes: <c>GoalsResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class GoalsResource;
