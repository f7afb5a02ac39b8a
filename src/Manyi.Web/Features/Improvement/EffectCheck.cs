using Manyi.Analytics.Comparisons;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>Why an effect check cannot run (→ 409).</summary>
public sealed record EffectConflict(string Reason);

/// <summary>
/// The effect check of an action (product.md M7): its linked indicators in the before wave (<see cref="ImprovementAction.BaselineWaveId"/>)
/// against an after wave of the same questionnaire, both limited to the action's unit subtree (and the caller's units). Survey
/// indicators are compared by <see cref="WaveComparison.Compare"/> (Welch t for means, two-proportion z for CSAT, the NPS test)
/// on the per-response samples of <see cref="IndicatorSamples"/>; the index and measures get before/after and change without a
/// test (measures: the sums over each wave's period). Stores <see cref="ImprovementAction.Effect"/> and sets the status Checked.
/// </summary>
public static class EffectCheck
{
    /// <summary>Runs the check; a conflict when the action is not Done/Checked, has no baseline, or no after wave exists.</summary>
    public static async Task<(UseCaseResult<ActionDto> Result, EffectConflict? Conflict)> RunAsync(
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, Guid id, EffectCheckInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var action = await (await ImprovementActions.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return (UseCaseResult.NotFound<ActionDto>(), null);
        }
        if (action.Status is not (ActionStatus.Done or ActionStatus.Checked))
        {
            return (default!, new EffectConflict("the action must be done before its effect can be checked"));
        }
        if (action.BaselineWaveId is not { } beforeId || action.QuestionnaireId is not { } questionnaireId)
        {
            return (default!, new EffectConflict("the action has no before wave (no questionnaire)"));
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var filter = new ResultsFilter(action.UnitId, null, null, null, null);
        var before = await AnalysisInput.LoadAsync(db, cache, viewer, beforeId, filter, ct);
        if (before is null)
        {
            return (UseCaseResult.NotFound<ActionDto>(), null);
        }
        AnalysisInput? after = null;
        if (input.AfterWaveId is { } afterId)
        {
            var sameQuestionnaire = await db.Waves.AnyAsync(w => w.Id == afterId && w.OrganisationId == user.OrganisationId && w.QuestionnaireId == questionnaireId && w.Id != beforeId, ct);
            after = sameQuestionnaire ? await AnalysisInput.LoadAsync(db, cache, viewer, afterId, filter, ct) : null;
            if (after is null)
            {
                return (UseCaseResult.Invalid<ActionDto>(new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["afterWaveId"] = ["no such later wave of the action's questionnaire"],
                }), null);
            }
        }
        else
        {
            var completed = action.CompletedAt ?? clock.GetUtcNow();
            var waves = await db.Waves.AsNoTracking()
                .Where(w => w.OrganisationId == user.OrganisationId && w.QuestionnaireId == questionnaireId && w.Id != beforeId)
                .Select(w => new { w.Id, w.OpensAt, w.CreatedAt }).ToListAsync(ct);
            foreach (var candidate in waves.Where(w => (w.OpensAt ?? w.CreatedAt) > completed).OrderByDescending(w => w.OpensAt ?? w.CreatedAt))
            {
                var loaded = await AnalysisInput.LoadAsync(db, cache, viewer, candidate.Id, filter, ct);
                if (loaded is not null && loaded.Slice.Count >= loaded.MinimumN)
                {
                    after = loaded;
                    break;
                }
            }
            if (after is null)
            {
                return (default!, new EffectConflict("no wave of the questionnaire opened after the action was completed with at least its minimum n of responses in the unit"));
            }
        }
        var alpha = 1 - after.Confidence;
        var items = new List<EffectItem>();
        foreach (var indicator in action.Indicators)
        {
            items.Add(await ItemAsync(db, user.OrganisationId, action.UnitId, before, after, indicator, alpha, ct));
        }
        action.Effect = new ActionEffect(before.Scope.Wave.Id, after.Scope.Wave.Id, clock.GetUtcNow(), alpha, items);
        action.Status = ActionStatus.Checked;
        var result = await ImprovementActions.SaveChangeAsync(
            db, user, clock, action, ImprovementActions.AuditActions.EffectCheck, $"after wave: {after.Scope.Wave.Id:D}; items: {items.Count}", ct);
        return (result, null);
    }

    /// <summary>One indicator before and after.</summary>
    public static async Task<EffectItem> ItemAsync(
        ManyiDbContext db, Guid organisationId, Guid unitId, AnalysisInput before, AnalysisInput after, ActionIndicator indicator, double alpha, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(indicator);
        IndicatorSample b, a;
        if (IndicatorKey.IsSurvey(indicator.Key))
        {
            b = await IndicatorSamples.ReadAsync(db, before, indicator.Key, ct);
            a = await IndicatorSamples.ReadAsync(db, after, indicator.Key, ct);
        }
        else
        {
            var (bFrom, bTo) = Period(before);
            var (aFrom, aTo) = Period(after);
            b = await IndicatorSamples.MeasureSampleAsync(db, organisationId, unitId, indicator.Key, bFrom, bTo, ct);
            a = await IndicatorSamples.MeasureSampleAsync(db, organisationId, unitId, indicator.Key, aFrom, aTo, ct);
        }
        double? change = b.Value is { } x && a.Value is { } y ? y - x : null;
        if (b.Measure is null || a.Measure is null || b.Observations.Count == 0 || a.Observations.Count == 0)
        {
            return new EffectItem(indicator.Key, indicator.Label, b.Value, a.Value, b.N, a.N, change, null, null, null);
        }
        try
        {
            var minimumN = Math.Max(before.MinimumN, after.MinimumN);
            var overall = WaveComparison.Compare(b.Observations, a.Observations, a.Measure, alpha, minimumN).Overall;
            return overall.Suppressed
                ? new EffectItem(indicator.Key, indicator.Label, null, null, b.N, a.N, null, overall.Change.Test.ToString(), null, null)
                : new EffectItem(indicator.Key, indicator.Label, b.Value, a.Value, b.N, a.N, change, overall.Change.Test.ToString(), overall.Change.PValue, overall.Change.Significant);
        }
        catch (ArgumentException)
        {
            return new EffectItem(indicator.Key, indicator.Label, b.Value, a.Value, b.N, a.N, change, null, null, null);
        }
    }

    /// <summary>A wave's period for measures: from its opening day to its closing day (or its last response).</summary>
    private static (DateOnly From, DateOnly To) Period(AnalysisInput input)
    {
        var wave = input.Scope.Wave;
        var from = DateOnly.FromDateTime((wave.OpensAt ?? wave.CreatedAt).UtcDateTime);
        var to = wave.ClosesAt is { } closes ? DateOnly.FromDateTime(closes.UtcDateTime)
            : input.Slice.Data.LatestSubmittedAt is { } latest ? DateOnly.FromDateTime(latest.UtcDateTime) : from;
        return (from, to < from ? from : to);
    }
}
