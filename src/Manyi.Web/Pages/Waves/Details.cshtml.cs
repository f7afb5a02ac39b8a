using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Pages.Waves;

/// <summary><c>/waves/{id}</c>: status, plan, collection points with URL and QR code, invitations and the invite form.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class DetailsModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock, PublicUrls urls,
    IOptions<SmtpOptions> smtp, IStringLocalizer<WavesResource> w) : PageModel
{
    public WaveDto Wave { get; private set; } = null!;

    public IReadOnlyList<CollectionPointDto> Points { get; private set; } = [];

    public IReadOnlyDictionary<InvitationStatus, int> Invitations { get; private set; } = new Dictionary<InvitationStatus, int>();

    public bool CanDesign { get; private set; }

    public bool EmailEnabled => smtp.Value.Enabled;

    public string? Message { get; private set; }

    [BindProperty]
    public CollectionPointForm Point { get; set; } = new();

    [BindProperty]
    public string Channel { get; set; } = "link";

    [BindProperty]
    public bool UseSamplePlan { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostOpenAsync(Guid id, CancellationToken ct) => TransitionAsync(id, WaveStatus.Open, ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) => TransitionAsync(id, WaveStatus.Closed, ct);

    public async Task<IActionResult> OnPostPointAsync(Guid id, CancellationToken ct)
    {
        var wave = await DesignableAsync(id, ct);
        if (wave.Result is not null)
        {
            return wave.Result;
        }
        var (_, errors) = await WavesApi.CreatePointCoreAsync(db, user, clock, wave.Wave!, new CollectionPointInput
        {
            Kind = Point.Kind, Name = Point.Name, Counter = Point.Counter, MaxResponses = Point.MaxResponses,
        }, ct);
        foreach (var (key, messages) in errors)
        {
            ModelState.AddModelError("Point." + key, messages[0]);
        }
        await LoadAsync(id, ct);
        return errors.Count > 0 ? Page() : Redirect($"/waves/{id}");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, Guid pointId, CancellationToken ct)
    {
        var wave = await DesignableAsync(id, ct);
        if (wave.Result is not null)
        {
            return wave.Result;
        }
        var point = await db.CollectionPoints.FirstOrDefaultAsync(p => p.Id == pointId && p.WaveId == id && p.OrganisationId == user.OrganisationId, ct);
        if (point is null)
        {
            return NotFound();
        }
        point.Active = false;
        AuditLog.Write(db, user, clock, "wave.point.deactivate", point.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
        return Redirect($"/waves/{id}");
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken ct)
    {
        var wave = await DesignableAsync(id, ct);
        if (wave.Result is not null)
        {
            return wave.Result;
        }
        if (wave.Wave!.Status == WaveStatus.Closed)
        {
            ModelState.AddModelError(string.Empty, W("WaveStatus.Closed"));
        }
        else
        {
            var outcome = await Features.Waves.Invitations.CreateAsync(db, user, clock, wave.Wave, new InvitationRequest { Channel = Channel, UseSamplePlan = UseSamplePlan }, EmailEnabled, ct);
            foreach (var (key, messages) in outcome.Errors)
            {
                ModelState.AddModelError(key, messages[0]);
            }
            if (outcome.Value is { } r)
            {
                Message = w["Waves.InviteResult", r.Created, r.SkippedQuietPeriod, r.SkippedNoEmail, r.AlreadyInvited];
            }
        }
        await LoadAsync(id, ct);
        return Page();
    }

    private string W(string key) => w[key];

    private async Task<IActionResult> TransitionAsync(Guid id, WaveStatus target, CancellationToken ct)
    {
        var wave = await DesignableAsync(id, ct, tracked: true);
        if (wave.Result is not null)
        {
            return wave.Result;
        }
        var current = wave.Wave!;
        var allowed = target == WaveStatus.Open ? current.Status is WaveStatus.Draft or WaveStatus.Closed : current.Status == WaveStatus.Open;
        if (allowed)
        {
            current.Status = target;
            current.UpdatedAt = clock.GetUtcNow();
            current.Version = Guid.NewGuid();
            AuditLog.Write(db, user, clock, target == WaveStatus.Open ? "wave.open" : "wave.close", current.Id.ToString(), null);
            await db.SaveChangesAsync(ct);
        }
        return Redirect($"/waves/{id}");
    }

    private async Task<(Wave? Wave, IActionResult? Result)> DesignableAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded)
        {
            return (null, Forbid());
        }
        var wave = await WaveAccess.FindAsync(db, user, id, tracked, ct);
        return wave is null ? (null, NotFound()) : (wave, null);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        CanDesign = (await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded;
        var waves = (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking().Where(x => x.Id == id);
        var wave = await WavesApi.Project(db, waves).FirstOrDefaultAsync(ct);
        if (wave is null)
        {
            return false;
        }
        Wave = wave;
        var points = await db.CollectionPoints.AsNoTracking().Where(p => p.WaveId == id && p.OrganisationId == user.OrganisationId).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        Points = points.Select(p => WavesApi.ToDto(p, urls)).ToList();
        Invitations = (await db.Invitations.AsNoTracking().Where(i => i.WaveId == id && i.OrganisationId == user.OrganisationId)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        return true;
    }
}

/// <summary>The add-point form of the wave page.</summary>
public sealed class CollectionPointForm
{
    public string? Kind { get; set; } = "qr";

    public string? Name { get; set; }

    public string? Counter { get; set; }

    public int? MaxResponses { get; set; }
}
