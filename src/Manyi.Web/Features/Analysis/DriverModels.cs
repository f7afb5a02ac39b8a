using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Analysis;

/// <summary>An attribute as the driver pages name it: its cell key, indicator code and question text.</summary>
public sealed record AttributeDto(string Key, string? Indicator, LocalText Text);

/// <summary>One attribute's Johnson relative weight on the outcome.</summary>
public sealed record DriverDto(AttributeDto Attribute, double RelativeWeight, double PercentOfRSquared, double Correlation, double Beta, double Mean);

/// <summary>Key drivers of the outcome (Johnson's relative weights on the complete rows of the slice).</summary>
public sealed record DriversDto(
    Guid WaveId, string? Outcome, int Responses, int N, int Excluded, bool Suppressed, double? RSquared, double? OutcomeMean,
    IReadOnlyList<DriverDto> Drivers, IReadOnlyList<AnalysisNote> Notes);

/// <summary>One attribute placed in its importance–performance quadrant.</summary>
public sealed record IpaPointDto(AttributeDto Attribute, double Importance, double Performance, string Quadrant, bool OnCrossHair);

/// <summary>Importance–performance analysis: importance "stated" (importance cells) or "derived" (% of R²), performance = mean.</summary>
public sealed record IpaDto(
    Guid WaveId, string? ImportanceSource, int Responses, int? N, double? ImportanceCrossHair, double? PerformanceCrossHair,
    IReadOnlyList<IpaPointDto> Points, IReadOnlyList<AnalysisNote> Notes);

/// <summary>Plain and customer-value-weighted mean of one item (the outcome first, then the attributes).</summary>
public sealed record ValueItemDto(string Key, LocalText? Text, int N, double? Plain, double? Weighted);

/// <summary>A customer behind the satisfaction trap: its share of ΔW − ΔP.</summary>
public sealed record TrapCustomerDto(Guid CustomerId, string? Code, string? Name, string? Segment, string Presence, double? ScoreBefore, double? ScoreAfter, double? ValueBefore, double? ValueAfter, double Contribution);

/// <summary>A segment's share of ΔW − ΔP.</summary>
public sealed record TrapSegmentDto(string Segment, int Customers, double Contribution);

/// <summary>The satisfaction trap of the outcome between the previous wave and this one.</summary>
public sealed record TrapDto(
    Guid AgainstWaveId, string AgainstWaveName, int CustomersBefore, int CustomersAfter, double PlainBefore, double PlainAfter, double WeightedBefore, double WeightedAfter,
    double PlainChange, double WeightedChange, double Difference, bool Trap, IReadOnlyList<TrapCustomerDto> Customers, IReadOnlyList<TrapSegmentDto> Segments);

/// <summary>Value-weighted view: K_o, customers weighed, plain vs weighted per item, and the satisfaction trap.</summary>
public sealed record ValueDto(
    Guid WaveId, string Base, int Responses, int Customers, bool Suppressed, double? StandardValue, IReadOnlyList<ValueItemDto> Items, ValueItemDto? Overall,
    TrapDto? Trap, IReadOnlyList<AnalysisNote> Notes);

/// <summary>A change of one measure, overall or in one segment.</summary>
public sealed record ChangeDto(
    string? Segment, bool Suppressed, string? Test, int BeforeN, int AfterN, double? Before, double? After, double? Change, double? Statistic, double? PValue,
    double? Low, double? High, bool Significant);

/// <summary>A measure compared wave over wave: kind (csat, nps, mean, index), the cell, overall and per segment.</summary>
public sealed record MeasureChangeDto(string Measure, string Key, LocalText? Text, ChangeDto Overall, IReadOnlyList<ChangeDto> Segments);

/// <summary>Wave over wave: this wave ("after") against an earlier one ("before"), with the plain and value-weighted overall and the
/// satisfaction trap between them (<see cref="Trap"/>; null when it cannot be computed, the reason in the notes).</summary>
public sealed record CompareDto(
    Guid WaveId, Guid? AgainstWaveId, string? AgainstWaveName, double Alpha, int MinimumN, IReadOnlyList<MeasureChangeDto> Measures, IReadOnlyList<AnalysisNote> Notes,
    TrapDto? Trap = null);

/// <summary>A measure with its interval (null when suppressed or undefined).</summary>
public sealed record BandDto(double? Value, double? Low, double? High, long N, bool Suppressed);

/// <summary>One point of a trend: a wave or a period of the wave.</summary>
public sealed record TrendPointDto(string Label, Guid? WaveId, DateTimeOffset? Start, long Responses, double? Index, BandDto? Csat, BandDto? Nps);

/// <summary>Trends: the questionnaire's waves over time and this wave by week or month.</summary>
public sealed record TrendsDto(Guid WaveId, string By, double Confidence, IReadOnlyList<TrendPointDto> Waves, IReadOnlyList<TrendPointDto> Periods, IReadOnlyList<AnalysisNote> Notes);

/// <summary>A construct of the PLS model.</summary>
public sealed record PlsConstructDto(string Name, string Code, LocalText? Text, int Indicators, double? RSquared, double? CronbachsAlpha, double CompositeReliability, double AverageVarianceExtracted, double? Index);

/// <summary>An indicator's outer loading and weight.</summary>
public sealed record PlsOuterDto(string Construct, string Indicator, double Loading, double Weight, double? LoadingStandardError);

/// <summary>A structural path and its coefficient (with bootstrap t and interval when asked).</summary>
public sealed record PlsPathDto(string From, string To, double Coefficient, double? StandardError, double? T, double? Low, double? High);

/// <summary>PLS path model of the wave on a national index structure.</summary>
public sealed record PlsDto(
    Guid WaveId, string Model, string? Source, int Responses, int N, int RowsDropped, int Imputed, string Missing, double? SatisfactionIndex, int Bootstrap,
    IReadOnlyList<PlsConstructDto> Constructs, IReadOnlyList<PlsPathDto> Paths, IReadOnlyList<PlsOuterDto> Outer, IReadOnlyList<AnalysisNote> Notes);
