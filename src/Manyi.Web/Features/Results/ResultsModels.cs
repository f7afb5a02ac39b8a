using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Web.Features.Analysis;

namespace Manyi.Web.Features.Results;

/// <summary>The filters of a wave's results and export: a unit (and its subtree), a customer segment, a channel, a period of submission.</summary>
public sealed record ResultsFilter(Guid? UnitId, string? Segment, ResponseChannel? Channel, DateTimeOffset? From, DateTimeOffset? To)
{
    public const int MaxSegmentLength = 100;

    public static ResultsFilter None { get; } = new(null, null, null, null, null);

    /// <summary>Parses the query strings; an unreadable value is an error naming its field.</summary>
    public static (ResultsFilter Filter, Dictionary<string, string[]> Errors) Parse(string? unitId, string? segment, string? channel, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(unitId))
        {
            if (Guid.TryParse(unitId, out var id))
            {
                unit = id;
            }
            else
            {
                errors["unitId"] = ["unitId must be a unit id (a GUID)"];
            }
        }
        var seg = string.IsNullOrWhiteSpace(segment) ? null : segment.Trim();
        if (seg is { Length: > MaxSegmentLength })
        {
            errors["segment"] = [$"segment may have at most {MaxSegmentLength} characters"];
        }
        ResponseChannel? chan = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            // Names only: Enum.TryParse would also take numbers such as "3".
            var match = Enum.GetValues<ResponseChannel>().Where(c => string.Equals(c.ToString(), channel.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1)
            {
                chan = match[0];
            }
            else
            {
                errors["channel"] = ["channel must be one of " + string.Join(", ", Enum.GetNames<ResponseChannel>().Select(n => n.ToLowerInvariant()))];
            }
        }
        var start = Time(from, "from", errors);
        var end = Time(to, "to", errors);
        if (start is not null && end is not null && end < start)
        {
            errors["to"] = ["to must not be before from"];
        }
        return (new ResultsFilter(unit, seg, chan, start, end), errors);
    }

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }
        errors[field] = [$"{field} must be a date or time such as 2026-01-31 or 2026-01-31T08:00:00Z"];
        return null;
    }
}

/// <summary>A confidence interval.</summary>
public sealed record IntervalDto(double Low, double High);

/// <summary>One scale point of an item's distribution (label: the term code of a linguistic item).</summary>
public sealed record PointDto(int Point, string? Label, long Count, double Percent);

/// <summary>Statistics of one numeric answer cell (Manyi.Analytics ItemAnalysis).</summary>
public sealed record ItemResultDto(
    string Cell, string Question, string? Part, string Scale, long N, long Missing, bool Suppressed, double? Mean, double? StandardDeviation,
    int TopBoxes, double? TopBoxPercent, double? Score, IReadOnlyList<PointDto> Distribution);

/// <summary>How often one option was chosen (ranking: ranked first), in percent of the answers.</summary>
public sealed record OptionCountDto(string Code, long Count, double Percent);

/// <summary>The distribution of a choice or ranking cell.</summary>
public sealed record ChoiceResultDto(string Cell, string Question, long N, long Missing, bool Suppressed, IReadOnlyList<OptionCountDto> Options);

/// <summary>Kano categories of one Kano question (Manyi.Analytics KanoModel).</summary>
public sealed record KanoResultDto(
    string Question, long N, bool Suppressed, string? Category, IReadOnlyDictionary<string, long>? Counts, double? Better, double? Worse);

/// <summary>Expectation–disconfirmation of a triple or SERVQUAL item: F = X̄/Ȳ and the gap X̄ − Ȳ (Manyi.Analytics Disconfirmation).</summary>
public sealed record GapResultDto(string Question, string Type, string? Dimension, double Perception, double Expectation, double Ratio, double Gap, string Verdict);

/// <summary>The results of one question: its numeric cells, choice cells, Kano pair, and for text only how many answered.</summary>
public sealed record QuestionResultDto(
    string Code, QuestionType Type, LocalText Text, string? Indicator, long Answered,
    IReadOnlyList<ItemResultDto> Items, IReadOnlyList<ChoiceResultDto> Choices, KanoResultDto? Kano);

/// <summary>NPS of one NPS question (Manyi.Analytics NetPromoter).</summary>
public sealed record NpsResultDto(
    string Question, long N, long Missing, bool Suppressed, long? Promoters, long? Passives, long? Detractors, double? PromoterPercent,
    double? PassivePercent, double? DetractorPercent, double? Nps, double? StandardError, double Confidence, IntervalDto? ConfidenceInterval);

/// <summary>CSAT of one CSAT question (Manyi.Analytics CustomerSatisfaction).</summary>
public sealed record CsatResultDto(
    string Question, string Scale, int TopBoxes, long N, long Missing, bool Suppressed, long? Satisfied, double? Csat, double? MarginOfError,
    double Confidence, IntervalDto? ConfidenceInterval, string? Interval);

/// <summary>CES of one CES question (Manyi.Analytics CustomerEffort).</summary>
public sealed record CesResultDto(
    string Question, long N, long Missing, bool Suppressed, double? Mean, double? StandardDeviation, long? Agree, double? AgreePercent,
    double Confidence, IntervalDto? ConfidenceInterval);

/// <summary>A node of the index: an indicator of the wave's indicator system, or a rating item when the questionnaire has none.</summary>
public sealed record IndexNodeDto(string Code, string? Parent, LocalText? Name, int Depth, bool IsBase, double Weight, double? EffectiveWeight, double? Index);

/// <summary>
/// The weighted index: <c>indicator-system</c> (base indicator scores 0–100 rolled up the tree) or <c>equal-weights</c> (mean of
/// the rating items' 0–100 scores); <see cref="Excluded"/> lists what had no score (suppressed or unanswered).
/// </summary>
public sealed record IndexResultDto(string Method, double? Score, IReadOnlyList<IndexNodeDto> Nodes, IReadOnlyList<string> Excluded);

/// <summary>Responses, invitations and response rate of one customer segment (null = responses without a customer segment).</summary>
public sealed record SegmentResultDto(string? Segment, int? Allocated, int? Quota, long Responses, long Invitations, long InvitedResponses, double? ResponseRate);

/// <summary>A wave's results so far (product.md M4 live results, M1 measures), every figure from Manyi.Analytics.</summary>
public sealed record WaveResultsDto(
    Guid WaveId,
    string WaveName,
    WaveStatus Status,
    int MinimumN,
    double Confidence,
    ResultsFilter Filter,
    long Responses,
    int? TargetResponses,
    double? TargetProgress,
    long Invitations,
    long InvitedResponses,
    double? ResponseRate,
    double? MarginOfError,
    IReadOnlyList<SegmentResultDto> Segments,
    IReadOnlyList<NpsResultDto> Nps,
    IReadOnlyList<CsatResultDto> Csat,
    IReadOnlyList<CesResultDto> Ces,
    IndexResultDto Index,
    IReadOnlyList<QuestionResultDto> Questions,
    IReadOnlyList<GapResultDto> Gaps,
    IReadOnlyList<AnalysisNote> Notes,
    DateTimeOffset ComputedAt);
