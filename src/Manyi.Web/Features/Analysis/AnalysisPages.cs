namespace Manyi.Web.Features.Analysis;

/// <summary>The analysis pages of a wave, in menu order: <c>/analysis/{waveId}/{key}</c>; their names are
/// <c>Page.{key}</c> in AnalysisResource.</summary>
public static class AnalysisPages
{
    /// <summary>Every page key, in menu order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["overview", "index", "ratios", "linguistic", "ipa", "drivers", "kano", "servqual", "value", "compare", "trends", "pls"];

    /// <summary>The path of a page of a wave (without the filter's query string).</summary>
    public static string Path(Guid waveId, string key) => $"/analysis/{waveId}/{key}";
}

/// <summary>Where a page's or report's figures come from (product.md M9: every figure traces back to its query).</summary>
public sealed record AnalysisTrace(Guid WaveId, string WaveName, IReadOnlyList<KeyValuePair<string, string>> Filters, long Responses, int MinimumN, DateTimeOffset GeneratedAt)
{
    /// <summary>The trace of an input: wave, the filters that narrow it (names as in the query string), n and the time.</summary>
    public static AnalysisTrace Of(AnalysisInput input, string? unitName, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(input);
        var filter = input.Scope.Filter;
        var filters = new List<KeyValuePair<string, string>>();
        if (filter.UnitId is { } unit)
        {
            filters.Add(new("unitId", unitName ?? unit.ToString()));
        }
        if (filter.Segment is { } segment)
        {
            filters.Add(new("segment", segment));
        }
        if (filter.Channel is { } channel)
        {
            filters.Add(new("channel", channel.ToString().ToLowerInvariant()));
        }
        if (filter.From is { } from)
        {
            filters.Add(new("from", from.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (filter.To is { } to)
        {
            filters.Add(new("to", to.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (input.Scope.Units is not null && filter.UnitId is null)
        {
            filters.Add(new("scope", "units of the viewer"));
        }
        return new AnalysisTrace(input.Scope.Wave.Id, input.Scope.Wave.Name, filters, input.Slice.Count, input.MinimumN, generatedAt);
    }
}
