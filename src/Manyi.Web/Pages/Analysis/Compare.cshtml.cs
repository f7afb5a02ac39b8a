using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Wave over wave with significance, and the plain against the value-weighted overall (satisfaction trap).</summary>
public sealed class CompareModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IAuthorizationService authorization)
    : AnalysisPageModel(db, user, cache, clock)
{
    private WaveDataCache Rows => HttpContext.RequestServices.GetRequiredService<WaveDataCache>();

    public override string PageKey => "compare";

    [BindProperty(SupportsGet = true)]
    public string? Against { get; set; }

    public CompareDto? Result { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The other waves of the questionnaire the viewer may compare with, newest first (the "compare against" choice).</summary>
    public IReadOnlyList<WaveChoice> Candidates { get; private set; } = [];

    /// <summary>The trap block (null when there is no earlier wave).</summary>
    public TrapBlock? Trap { get; private set; }

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var againstId = DriverAnalysisApi.ParseAgainst(Against, errors);
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        var (against, _) = await DriverAnalysis.AgainstAsync(Db, Rows, await Viewer.FromAsync(Caller, ct), input, againstId, ct);
        Result = await DriverAnalysis.CompareAsync(Db, input, against, ct);
        Candidates = await CandidatesAsync(input, ct);
        if (Result.AgainstWaveId is not null)
        {
            var finding = Result.Trap is { Trap: true } trap ? AnalysisFindings.TrapFinding(input.Scope.Wave.Id, input.Scope.Filter.UnitId, trap) : null;
            Trap = new TrapBlock(input.Scope.Wave.Id, Result.Trap, finding, (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded);
        }
    }

    /// <summary>At most this many waves in the "compare against" list.</summary>
    public const int MaxCandidates = 50;

    private async Task<IReadOnlyList<WaveChoice>> CandidatesAsync(AnalysisInput input, CancellationToken ct)
    {
        var wave = input.Scope.Wave;
        var waves = Db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == wave.OrganisationId && w.QuestionnaireId == wave.QuestionnaireId && w.Id != wave.Id && w.Status != WaveStatus.Draft);
        if (await Caller.VisibleUnitsAsync(ct) is { } visible)
        {
            var ids = visible.ToList();
            waves = waves.Where(w => w.UnitId == null || ids.Contains(w.UnitId.Value));
        }
        return await waves.OrderByDescending(w => w.OpensAt).ThenBy(w => w.Name).Take(MaxCandidates).Select(w => new WaveChoice(w.Id, w.Name)).ToListAsync(ct);
    }
}

/// <summary>A wave offered in a choice list.</summary>
public sealed record WaveChoice(Guid Id, string Name);
