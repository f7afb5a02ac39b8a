namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the customer value pages (pyramid, 80/20 and whale curves, churn and retention): <c>PortfolioResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class PortfolioResource;
