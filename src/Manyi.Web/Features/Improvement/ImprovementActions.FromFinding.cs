using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>Creates an improvement action from an analysis finding (<see cref="AnalysisFindings.FindAsync"/>).</summary>
public static class ActionsFromFindings
{
    /// <summary>
    /// The finding is read again for the wave under the unit filter (not found → 404); the action gets its source, key, summary as it
    /// reads now, suggested indicators, the wave as baseline (and the against wave of a trap) and the wave's questionnaire. Unit: the
    /// given one, else the finding's, else the wave's; title: the given one, else the finding's.
    /// </summary>
    public static async Task<UseCaseResult<ActionDto>> CreateAsync(
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, TimeProvider clock, FromFindingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.WaveId is null)
        {
            errors["waveId"] = ["required"];
        }
        if (string.IsNullOrWhiteSpace(input.FindingKey))
        {
            errors["findingKey"] = ["required"];
        }
        else if (AnalysisFindings.Parse(input.FindingKey) is not { } parsed || parsed.WaveId != input.WaveId)
        {
            errors["findingKey"] = ["not a finding key of the wave"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionDto>(errors);
        }
        var waveId = input.WaveId!.Value;
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == waveId && w.OrganisationId == user.OrganisationId)
            .Select(w => new { w.Id, w.UnitId, w.QuestionnaireId }).FirstOrDefaultAsync(ct);
        if (wave is null)
        {
            return UseCaseResult.NotFound<ActionDto>();
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var finding = await AnalysisFindings.FindAsync(db, cache, viewer, waveId, new ResultsFilter(input.UnitId, null, null, null, null), input.FindingKey!, ct);
        if (finding is null)
        {
            return UseCaseResult.NotFound<ActionDto>();
        }
        var unitId = input.UnitId ?? finding.UnitId ?? wave.UnitId;
        if (unitId is null)
        {
            // A wave of the whole organisation: the caller must say whose board the action goes on.
            errors["unitId"] = ["required for a finding of an organisation-wide wave"];
        }
        var title = string.IsNullOrWhiteSpace(input.Title) ? finding.Title : input.Title;
        await ImprovementActions.CheckCommonAsync(db, user, clock, title, null, input.OwnerId, input.Deadline, input.Cost, unitId, errors, ct);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<ActionDto>(errors);
        }
        var action = await ImprovementActions.NewAsync(db, user, clock, unitId!.Value, title!.Trim(), ct);
        action.OwnerId = input.OwnerId!.Value;
        action.Deadline = input.Deadline!.Value;
        action.Cost = input.Cost;
        action.Source = finding.Source;
        action.FindingKey = finding.Key;
        action.FindingSummary = finding.Summary.Length > ImprovementActions.MaxText ? finding.Summary[..ImprovementActions.MaxText] : finding.Summary;
        action.QuestionnaireId = wave.QuestionnaireId;
        action.BaselineWaveId = finding.WaveId;
        action.AgainstWaveId = finding.AgainstWaveId;
        action.Indicators = [.. finding.SuggestedIndicators];
        return await ImprovementActions.SaveNewAsync(db, user, clock, action, ct);
    }
}
