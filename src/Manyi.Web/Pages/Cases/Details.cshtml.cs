using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Cases;

/// <summary>
/// <c>/cases/{id}</c>: one case — header, SLA panel, checklist, actions, hand-over, resolve and follow-up forms, full history. Seen
/// with ReadData within the reader's units (another unit's case is a 404); worked with HandleCases by whom
/// <see cref="CaseAccess.MayWork"/> allows. Every action goes through the <see cref="Case"/> method or <see cref="CaseIntake"/> helper
/// the API uses; a form carries the case's <see cref="Case.Version"/> and is refused as stale, changing nothing, when the case
/// changed since. A user who works an unowned case (respond, tick, resolve…) becomes its owner (首问负责制).
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class DetailsModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock,
    IStringLocalizer<CasesResource> l) : PageModel
{
    public const int NoteLength = 2000;

    public Case Case { get; private set; } = null!;

    public IReadOnlyList<CaseEvent> History { get; private set; } = [];

    public string? CustomerName { get; private set; }

    public string? CustomerCode { get; private set; }

    public string UnitName { get; private set; } = string.Empty;

    public string? CategoryName { get; private set; }

    public string? OwnerName { get; private set; }

    public string? RootCauseName { get; private set; }

    public string? RepeatOfNumber { get; private set; }

    public string LevelName { get; private set; } = string.Empty;

    public BusinessCalendarDefinition Calendar { get; private set; } = new();

    public DateTimeOffset Now { get; private set; }

    public SlaState Sla { get; private set; }

    public IReadOnlyList<CaseOption> Owners { get; private set; } = [];

    public IReadOnlyList<RootCauseOption> RootCauses { get; private set; } = [];

    /// <summary>The reader may act on cases (HandleCases).</summary>
    public bool CanHandle { get; private set; }

    /// <summary>The reader may work this case (<see cref="CaseAccess.MayWork"/>).</summary>
    public bool MayWork { get; private set; }

    /// <summary>Why the last action was refused (in the reader's language).</summary>
    public string? Refusal { get; private set; }

    /// <summary>The form was made from an older version of the case; nothing was changed.</summary>
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var found = await (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }
        await LoadAsync(found, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRespondAsync(Guid id, Guid version, string? note, CancellationToken ct) =>
        ActAsync(id, version, work: true, (c, rules, actor, now) => Task.FromResult(c.Respond(actor, now, Blank(note))), ct);

    public Task<IActionResult> OnPostTickAsync(Guid id, Guid version, string? step, bool done, CancellationToken ct) =>
        ActAsync(id, version, work: true, (c, rules, actor, now) => Task.FromResult(c.Tick(step ?? string.Empty, done, actor, now)), ct);

    public Task<IActionResult> OnPostNoteAsync(Guid id, Guid version, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError("text", l["Validation.Required", l["Case.Note"]]);
        }
        else if (text.Length > NoteLength)
        {
            ModelState.AddModelError("text", l["Validation.Length", l["Case.Note"], NoteLength]);
        }
        return ActAsync(id, version, work: false, (c, rules, actor, now) => Task.FromResult(c.Note(text ?? string.Empty, actor, now)), ct,
            takeOwnership: false);
    }

    public Task<IActionResult> OnPostPauseAsync(Guid id, Guid version, string? note, CancellationToken ct) =>
        ActAsync(id, version, work: true, (c, rules, actor, now) => Task.FromResult(c.Pause(actor, now, Blank(note))), ct);

    public Task<IActionResult> OnPostResumeAsync(Guid id, Guid version, string? note, CancellationToken ct) =>
        ActAsync(id, version, work: true, (c, rules, actor, now) => Task.FromResult(c.Resume(rules.Calendar, actor, now, Blank(note))), ct);

    public Task<IActionResult> OnPostEscalateAsync(Guid id, Guid version, CancellationToken ct) =>
        ActAsync(id, version, work: false, (c, rules, actor, now) => CaseIntake.EscalateAsync(db, c, EscalationReason.Manual, rules, actor, now, ct), ct,
            eventsAdded: true, takeOwnership: false);

    public Task<IActionResult> OnPostCloseAsync(Guid id, Guid version, string? note, CancellationToken ct) =>
        ActAsync(id, version, work: true, (c, rules, actor, now) => Task.FromResult(c.Close(Blank(note), actor, now)), ct);

    public async Task<IActionResult> OnPostHandOverAsync(Guid id, Guid version, Guid? toUserId, string? reason, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        string? toName = null;
        if (toUserId is { } to)
        {
            toName = await db.Users.AsNoTracking().Where(u => u.Id == to && u.OrganisationId == organisationId && u.Role != Roles.Viewer)
                .Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        }
        if (toName is null)
        {
            ModelState.AddModelError("toUserId", l["Validation.Choose", l["Case.HandOverTo"]]);
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            ModelState.AddModelError("reason", l["Validation.Required", l["Case.HandOverReason"]]);
        }
        else if (reason.Length > NoteLength)
        {
            ModelState.AddModelError("reason", l["Validation.Length", l["Case.HandOverReason"], NoteLength]);
        }
        return await ActAsync(id, version, work: true, (c, rules, actor, now) =>
        {
            var change = c.HandOver(toUserId!.Value, toName!, reason!, actor, now);
            if (!change.Refused && toUserId != user.ActorId)
            {
                CaseNotices.Add(db, c, toUserId, NotificationKind.CaseHandedOver, now);
            }
            return Task.FromResult(change);
        }, ct, takeOwnership: false);
    }

    public async Task<IActionResult> OnPostResolveAsync(Guid id, Guid version, string? resolution, Guid? rootCauseId, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        if (string.IsNullOrWhiteSpace(resolution))
        {
            ModelState.AddModelError("resolution", l["Validation.Required", l["Case.Resolution"]]);
        }
        else if (resolution.Length > CaseIntake.TextLength)
        {
            ModelState.AddModelError("resolution", l["Validation.Length", l["Case.Resolution"], CaseIntake.TextLength]);
        }
        if (rootCauseId is { } cause && !await db.RootCauses.AsNoTracking().AnyAsync(r => r.Id == cause && r.OrganisationId == organisationId, ct))
        {
            ModelState.AddModelError("rootCauseId", l["Validation.Choose", l["Case.RootCause"]]);
        }
        return await ActAsync(id, version, work: true, (c, rules, actor, now) =>
        {
            if (rootCauseId is null && c.Kind is CaseKind.Complaint or CaseKind.Alert or CaseKind.Recovery)
            {
                ModelState.AddModelError("rootCauseId", l["Validation.Choose", l["Case.RootCause"]]);
            }
            return CaseIntake.ResolveAsync(db, c, resolution ?? string.Empty, rootCauseId, rules, actor, now, ct);
        }, ct);
    }

    public Task<IActionResult> OnPostFollowUpAsync(Guid id, Guid version, bool? resolved, FollowUpSatisfaction? satisfaction, string? note, CancellationToken ct)
    {
        if (resolved is null)
        {
            ModelState.AddModelError("resolved", l["Validation.Choose", l["FollowUp.Resolved"]]);
        }
        if (satisfaction is not { } s || !Enum.IsDefined(s))
        {
            ModelState.AddModelError("satisfaction", l["Validation.Choose", l["FollowUp.Satisfaction"]]);
        }
        if (note is { Length: > NoteLength })
        {
            ModelState.AddModelError("note", l["Validation.Length", l["Case.Note"], NoteLength]);
        }
        return ActAsync(id, version, work: true, (c, rules, actor, now) =>
            CaseIntake.FollowUpAsync(db, c, resolved!.Value, satisfaction!.Value, note, FollowUpMethod.Call, rules, actor, now, ct), ct,
            eventsAdded: true, takeOwnership: false);
    }

    private delegate Task<CaseChange> CaseAction(Case @case, CaseRules rules, CaseActor actor, DateTimeOffset now);

    /// <summary>
    /// The frame of every action: HandleCases, the case in the reader's scope (else 404), the form's version (else "stale", nothing
    /// changed), <see cref="CaseAccess.MayWork"/> when <paramref name="work"/>, field checks, then the change and its history saved
    /// together, and the first-responder rule. A refusal re-renders the page with its reason and saves nothing.
    /// </summary>
    private async Task<IActionResult> ActAsync(Guid id, Guid version, bool work, CaseAction action, CancellationToken ct,
        bool eventsAdded = false, bool takeOwnership = true)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded)
        {
            return Forbid();
        }
        var @case = await CaseAccess.FindAsync(db, user, id, ct);
        if (@case is null)
        {
            return NotFound();
        }
        if (@case.Version != version)
        {
            Stale = true;
            return await RefusedAsync(id, ct);
        }
        if (work && !CaseAccess.MayWork(user, @case))
        {
            Refusal = l["Case.NotYours"];
            return await RefusedAsync(id, ct);
        }
        if (!ModelState.IsValid)
        {
            return await RefusedAsync(id, ct);
        }
        var rules = await CaseRules.LoadAsync(db, user.OrganisationId, ct);
        var actor = CaseAccess.Actor(user);
        var now = clock.GetUtcNow();
        var respondedBefore = @case.FirstRespondedAt;
        var change = await action(@case, rules, actor, now);
        if (change.Refused || !ModelState.IsValid)
        {
            Refusal = change.Refused ? CasePages.Refusal(l, change.Refusal!) : null;
            return await RefusedAsync(id, ct);
        }
        if (respondedBefore is null && @case.FirstRespondedAt is not null)
        {
            await Features.Monitoring.ProjectMonitor.CaseRespondedAsync(db, @case, rules, now, ct);
        }
        if (!eventsAdded)
        {
            db.CaseEvents.AddRange(change.Events);
        }
        if (takeOwnership && @case.OwnerId is null && await CaseNotices.CanOwnAsync(db, user.OrganisationId, user.ActorId, ct))
        {
            db.CaseEvents.AddRange(@case.HandOver(user.ActorId, user.ActorName, l["Case.FirstResponder"], actor, now).Events);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else changed the case between our read and our write: nothing of ours was saved.
            Stale = true;
            return await RefusedAsync(id, ct);
        }
        return Redirect($"/cases/{id}");
    }

    /// <summary>The page again, from the database (whatever the refused action touched in memory is dropped).</summary>
    private async Task<IActionResult> RefusedAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var fresh = await (await CaseAccess.VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (fresh is null)
        {
            return NotFound();
        }
        await LoadAsync(fresh, ct);
        return Page();
    }

    private async Task LoadAsync(Case found, CancellationToken ct)
    {
        Case = found;
        var organisationId = user.OrganisationId;
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        Calendar = rules.Calendar;
        Now = clock.GetUtcNow();
        Sla = CasePages.Sla(found, rules.Calendar, Now);
        LevelName = CasePages.LevelName(l, rules.Levels, found.Level);
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
        MayWork = CanHandle && CaseAccess.MayWork(user, found);
        if (found.CustomerId is { } customerId)
        {
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.OrganisationId == organisationId)
                .Select(c => new { c.Name, c.Code }).FirstOrDefaultAsync(ct);
            CustomerName = customer?.Name;
            CustomerCode = customer?.Code;
        }
        UnitName = await db.Units.AsNoTracking().Where(u => u.Id == found.UnitId && u.OrganisationId == organisationId).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        if (found.CategoryId is { } categoryId)
        {
            var category = await db.CaseCategories.AsNoTracking().Where(c => c.Id == categoryId && c.OrganisationId == organisationId)
                .Select(c => new { c.NameZh, c.NameEn }).FirstOrDefaultAsync(ct);
            CategoryName = category is null ? null : CasePages.Name(category.NameZh, category.NameEn);
        }
        if (found.RootCauseId is { } rootCauseId)
        {
            var cause = await db.RootCauses.AsNoTracking().Where(r => r.Id == rootCauseId && r.OrganisationId == organisationId)
                .Select(r => new { r.NameZh, r.NameEn }).FirstOrDefaultAsync(ct);
            RootCauseName = cause is null ? null : CasePages.Name(cause.NameZh, cause.NameEn);
        }
        if (found.RepeatOfCaseId is { } repeatOf)
        {
            RepeatOfNumber = await db.Cases.AsNoTracking().Where(c => c.Id == repeatOf && c.OrganisationId == organisationId).Select(c => c.Number).FirstOrDefaultAsync(ct);
        }
        if (found.OwnerId is { } ownerId)
        {
            OwnerName = (await CasePages.UserNamesAsync(db, organisationId, [ownerId], ct)).GetValueOrDefault(ownerId);
        }
        var history = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == found.Id && e.OrganisationId == organisationId).ToListAsync(ct);
        // Newest first; events of one change share their time and are listed last-made first (e.g. escalated, reopened, follow-up).
        History = [.. history.OrderByDescending(e => e.At).ThenByDescending(e => e.Kind)];
        if (MayWork)
        {
            Owners = await CasePages.OwnersAsync(db, user, ct);
            RootCauses = await CasePages.RootCausesAsync(db, organisationId, ct);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
