using Manyi.Core.Improvement;

namespace Manyi.Web.Features.Improvement;

/// <summary>One label/value pair of a finding's evidence (the label in the request culture, the value formatted invariantly).</summary>
public sealed record FindingDetail(string Label, string Value);

/// <summary>
/// An analysis finding of a wave an improvement action can be created from (product.md M7, docs/findings.md). The key is stable
/// (<c>two-tuple:{waveId}:{indicator}</c>, <c>ipa:{waveId}:{cell}</c>, <c>root-cause:{waveId}:{rootCauseId}</c>,
/// <c>trap:{waveId}:{againstWaveId}</c>); the numbers are those of the moment it is read.
/// </summary>
/// <param name="Key">Stable key of the finding.</param>
/// <param name="Source">What kind of analysis raised it.</param>
/// <param name="WaveId">The wave it was computed for.</param>
/// <param name="AgainstWaveId">For a trap, the earlier wave it was compared against.</param>
/// <param name="UnitId">The unit of the filter it was computed under (null = the caller's whole scope).</param>
/// <param name="Title">Short title in the request culture.</param>
/// <param name="Summary">The evidence with its numbers, one line in the request culture.</param>
/// <param name="Severity">How strong the finding is within its source (trap: |ΔW − ΔP|; 2-tuple: Φ − d_j; IPA: importance − its cross-hair
/// plus performance cross-hair − performance; root cause: share of the cases with a root cause); higher = stronger.</param>
/// <param name="Rank">1 = the strongest finding of its source.</param>
/// <param name="SuggestedIndicators">The indicators an action from this finding should be linked to (<see cref="IndicatorKey"/>).</param>
/// <param name="Details">The evidence as label/value pairs.</param>
public sealed record Finding(
    string Key,
    ActionSource Source,
    Guid WaveId,
    Guid? AgainstWaveId,
    Guid? UnitId,
    string Title,
    string Summary,
    double Severity,
    int Rank,
    IReadOnlyList<ActionIndicator> SuggestedIndicators,
    IReadOnlyList<FindingDetail> Details);
