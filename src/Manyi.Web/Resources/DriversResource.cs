namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the driver analysis pages (IPA, drivers, value, compare, trends, PLS): <c>DriversResource.resx</c> (English) and <c>.zh-CN.resx</c>.</summary>
public sealed class DriversResource;
