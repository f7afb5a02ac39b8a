using Manyi.Core.Collection;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>
/// Reads a goal's current value and decides its status (docs/goals.md). Survey keys: the latest wave of the goal's questionnaire
/// with Complete responses submitted in the period, limited to those responses (submitted from PeriodStart 00:00 UTC to PeriodEnd
/// 24:00 UTC) and to the unit's subtree, read by <see cref="IndicatorSamples"/>. Measure keys: the sum of the figures whose
/// period lies within the goal's period (<see cref="IndicatorSamples.MeasureSampleAsync"/>).
/// </summary>
public static class GoalReader
{
    /// <summary>Tolerance of the comparison with the target (values are means and percentages of doubles).</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The status of a goal with <paramref name="value"/> on <paramref name="today"/>.</summary>
    public static GoalStatus Decide(Goal goal, double? value, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(goal);
        if (value is not { } v || today < goal.PeriodStart)
        {
            return GoalStatus.NoData;
        }
        var met = goal.Direction == GoalDirection.AtMost ? v <= goal.Target + Tolerance : v >= goal.Target - Tolerance;
        if (today > goal.PeriodEnd)
        {
            return met ? GoalStatus.Met : GoalStatus.NotMet;
        }
        return met ? GoalStatus.OnTrack : GoalStatus.Behind;
    }

    /// <summary>The first moment of the period and the first moment after it (UTC days).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Moments(DateOnly start, DateOnly end) =>
        (new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The current value of <paramref name="goal"/>'s indicator as <paramref name="viewer"/> may see it.</summary>
    public static async Task<GoalReading> ReadAsync(ManyiDbContext db, WaveDataCache cache, Viewer viewer, Goal goal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(goal);
        if (!IndicatorKey.IsSurvey(goal.Indicator))
        {
            var sample = await IndicatorSamples.MeasureSampleAsync(db, goal.OrganisationId, goal.UnitId, goal.Indicator, goal.PeriodStart, goal.PeriodEnd, ct);
            return new GoalReading(sample.Value, sample.N, sample.Suppressed, null);
        }
        if (goal.QuestionnaireId is not { } questionnaireId)
        {
            return GoalReading.None;
        }
        var (from, to) = Moments(goal.PeriodStart, goal.PeriodEnd);
        var organisationId = goal.OrganisationId;
        var waveId = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == organisationId && w.QuestionnaireId == questionnaireId && w.Status != WaveStatus.Draft)
            .Where(w => db.Responses.Any(r => r.WaveId == w.Id && r.Status == ResponseStatus.Complete && r.SubmittedAt >= from && r.SubmittedAt < to))
            .OrderByDescending(w => w.OpensAt ?? w.CreatedAt).ThenByDescending(w => w.Id)
            .Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
        if (waveId is not { } id)
        {
            return GoalReading.None;
        }
        var read = await IndicatorSamples.ReadAsync(db, cache, viewer, id, new ResultsFilter(goal.UnitId, null, null, from, to), goal.Indicator, ct);
        return read is null ? new GoalReading(null, 0, false, id) : new GoalReading(read.Suppressed ? null : read.Value, read.N, read.Suppressed, id);
    }
}
