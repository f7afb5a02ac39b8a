using Manyi.Core.Surveys;
using Manyi.Web.Features.Results;

namespace Manyi.Web.Features.Analysis;

/// <summary>Headline measures of a wave (product.md M1.1): every NPS, CSAT and CES question with n, interval and suppression,
/// the index, the response count and the margin of error.</summary>
public sealed record OverviewDto(
    Guid WaveId, string WaveName, long Responses, int MinimumN, double Confidence, double? MarginOfError,
    IReadOnlyList<NpsResultDto> Nps, IReadOnlyList<CsatResultDto> Csat, IReadOnlyList<CesResultDto> Ces, IndexResultDto Index,
    IReadOnlyList<AnalysisNote> Notes, DateTimeOffset GeneratedAt);

/// <summary>A node of the index tree with the responses that rated it (n: responses with an answer in a cell bound to the node or below it).</summary>
public sealed record IndexTreeNodeDto(
    string Code, string? Parent, LocalText? Name, int Depth, bool IsBase, double Weight, double? EffectiveWeight, double? Index, long N);

/// <summary>The index of one unit (drill-down by unit): its score and n; suppressed below the minimum n.</summary>
public sealed record UnitIndexDto(Guid UnitId, string Name, bool HasChildren, long N, bool Suppressed, double? Index);

/// <summary>The index tree (product.md M1.3) of the scope and the index per child unit of the selected unit (or of the top units).</summary>
public sealed record IndexAnalysisDto(
    Guid WaveId, long Responses, int MinimumN, string Method, double? Score, IReadOnlyList<IndexTreeNodeDto> Nodes, IReadOnlyList<string> Excluded,
    Guid? UnitId, IReadOnlyList<UnitIndexDto> Units, IReadOnlyList<AnalysisNote> Notes);

/// <summary>Expectation–perception of one indicator (Disconfirmation): means, F = X̄/Ȳ, gap X̄ − Ȳ, verdict; suppressed below the minimum n.</summary>
public sealed record RatioItemDto(
    string Key, string? Indicator, LocalText Text, long PerceptionN, long ExpectationN, bool Suppressed, double? Perception, double? Expectation,
    double? Ratio, double? Gap, string? Verdict, double? Weight);

/// <summary>Expectation–disconfirmation ratios (product.md M1.2) per indicator and overall (equal weights).</summary>
public sealed record RatiosDto(
    Guid WaveId, long Responses, int MinimumN, double Tolerance, IReadOnlyList<RatioItemDto> Items, double? OverallRatio, double? OverallGap,
    string? OverallVerdict, IReadOnlyList<AnalysisNote> Notes);

/// <summary>A column aggregated as a 2-tuple: β, (label, α), and the answers counted.</summary>
public sealed record TwoTupleDto(double Beta, string Label, int Index, double Alpha, int Answers);

/// <summary>One indicator of the 2-tuple evaluation: importance, perception, expectation; weight ξ; satisfaction d; rank; classes.</summary>
public sealed record LinguisticIndicatorDto(
    string Key, string? Indicator, LocalText Text, TwoTupleDto Importance, TwoTupleDto Perception, TwoTupleDto Expectation,
    double Weight, double Satisfaction, int Rank, string Improvement, string ObjectClass);

/// <summary>The 2-tuple linguistic evaluation (product.md M1.4): Φ, its verdict, the indicators and the quadrant cross-hairs (Φ, 1/n).</summary>
public sealed record LinguisticDto(
    Guid WaveId, long Responses, int MinimumN, bool Suppressed, IReadOnlyList<string> Terms, int? Respondents, double? Overall, string? Verdict,
    double? SatisfactionCrossHair, double? WeightCrossHair, IReadOnlyList<LinguisticIndicatorDto> Indicators, IReadOnlyList<AnalysisNote> Notes);

/// <summary>One Kano feature: counts per category, the category, Better and Worse (Berger et al.); suppressed below the minimum n.</summary>
public sealed record KanoFeatureDto(
    string Key, LocalText Text, long N, long Missing, bool Suppressed, string? Category, IReadOnlyList<string> Tied,
    IReadOnlyDictionary<string, long>? Counts, double? Better, double? Worse);

/// <summary>Kano classification of the wave's Kano questions (product.md M1.6).</summary>
public sealed record KanoDto(Guid WaveId, long Responses, int MinimumN, IReadOnlyList<KanoFeatureDto> Features, IReadOnlyList<AnalysisNote> Notes);

/// <summary>One SERVQUAL item: complete pairs n, mean E, mean P and the gap P − E.</summary>
public sealed record ServqualItemDto(string Key, LocalText Text, string Dimension, long N, bool Suppressed, double? Expectation, double? Perception, double? Gap);

/// <summary>One SERVQUAL dimension: item count, mean E, P and gap; points and weighted gap when given.</summary>
public sealed record ServqualDimensionDto(string Dimension, int Items, double Expectation, double Perception, double Gap, double? Points, double? WeightedGap);

/// <summary>SERVQUAL gaps (product.md M1.7) per item, per dimension and overall; weighted when points are given.</summary>
public sealed record ServqualDto(
    Guid WaveId, long Responses, int MinimumN, int? Respondents, IReadOnlyList<ServqualItemDto> Items, IReadOnlyList<ServqualDimensionDto> Dimensions,
    double? Gap, double? WeightedGap, IReadOnlyList<AnalysisNote> Notes);
