namespace Manyi.Web.Resources;

/// <summary>Anchor type of the texts of the wave and contact pages: <c>WavesResource.resx</c> (English) and <c>WavesResource.zh-CN.resx</c>.</summary>
public sealed class WavesResource;
