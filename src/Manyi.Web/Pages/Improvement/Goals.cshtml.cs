using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Improvement;

/// <summary>A questionnaire a goal may read from.</summary>
public sealed record QuestionnaireOption(Guid Id, string Name);

/// <summary>
/// <c>/improvement/goals</c>: the goals of the visible units with their status against target (docs/goals.md), filters by unit and
/// status, and the create/edit form for those who may set goals (<see cref="Policies.WriteCustomers"/>).
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class GoalsModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IAuthorizationService authorization,
    IStringLocalizer<GoalsResource> g) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public GoalStatus? Status { get; set; }

    /// <summary>The goal being edited (<c>?edit=</c>).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty]
    public GoalForm Form { get; set; } = new();

    public IReadOnlyList<GoalDto> Goals { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<QuestionnaireOption> Questionnaires { get; private set; } = [];

    public bool CanWrite { get; private set; }

    /// <summary>Unit managers set goals for their units only.</summary>
    public bool OrganisationAllowed { get; private set; }

    /// <summary>The form's fields as posted or read.</summary>
    public sealed class GoalForm
    {
        public Guid? Id { get; set; }

        public Guid? Version { get; set; }

        public string? Name { get; set; }

        public Guid? UnitId { get; set; }

        public string? Indicator { get; set; }

        public Guid? QuestionnaireId { get; set; }

        public double? Target { get; set; }

        public GoalDirection Direction { get; set; } = GoalDirection.AtLeast;

        public DateOnly? PeriodStart { get; set; }

        public DateOnly? PeriodEnd { get; set; }

        public string? Note { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Edit is { } id && CanWrite)
        {
            var goal = await (await GoalQueries.VisibleAsync(db, user, ct)).AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct);
            if (goal is not null)
            {
                Form = new GoalForm
                {
                    Id = goal.Id, Version = goal.Version, Name = goal.Name, UnitId = goal.UnitId, Indicator = goal.Indicator, QuestionnaireId = goal.QuestionnaireId,
                    Target = goal.Target, Direction = goal.Direction, PeriodStart = goal.PeriodStart, PeriodEnd = goal.PeriodEnd, Note = goal.Note,
                };
            }
        }
        else
        {
            var today = GoalsApi.Today(clock);
            var quarter = (today.Month - 1) / 3;
            Form.PeriodStart = new DateOnly(today.Year, (quarter * 3) + 1, 1);
            Form.PeriodEnd = Form.PeriodStart.Value.AddMonths(3).AddDays(-1);
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded)
        {
            return Forbid();
        }
        var input = new GoalInput
        {
            Name = Form.Name, UnitId = Form.UnitId, Indicator = Form.Indicator, QuestionnaireId = Form.QuestionnaireId, Target = Form.Target,
            Direction = Form.Direction, PeriodStart = Form.PeriodStart, PeriodEnd = Form.PeriodEnd, Note = Form.Note,
        };
        var now = clock.GetUtcNow();
        Goal? goal;
        if (Form.Id is { } id)
        {
            goal = await (await GoalQueries.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(g => g.Id == id, ct);
            if (goal is null)
            {
                return NotFound();
            }
            if (Form.Version != goal.Version)
            {
                ModelState.AddModelError(string.Empty, g["Goals.Stale"]);
            }
        }
        else
        {
            goal = new Goal
            {
                Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, Indicator = string.Empty, CreatedById = user.ActorId, CreatedAt = now,
            };
            db.Goals.Add(goal);
        }
        var errors = await GoalsApi.ApplyAsync(goal, input, db, user, ct);
        foreach (var field in errors.Keys)
        {
            ModelState.AddModelError("Form." + char.ToUpperInvariant(field[0]) + field[1..], g["Goals.Error." + field]);
        }
        if (!ModelState.IsValid)
        {
            db.ChangeTracker.Clear();
            Edit = Form.Id;
            await LoadAsync(ct);
            return Page();
        }
        goal.UpdatedAt = now;
        goal.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, Form.Id is null ? GoalsApi.AuditCreate : GoalsApi.AuditUpdate, goal.Id.ToString(), $"indicator={goal.Indicator}");
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { unit = Unit, status = Status });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded)
        {
            return Forbid();
        }
        var goal = await (await GoalQueries.VisibleAsync(db, user, ct)).FirstOrDefaultAsync(g => g.Id == id, ct);
        if (goal is null)
        {
            return NotFound();
        }
        db.Goals.Remove(goal);
        AuditLog.Write(db, user, clock, GoalsApi.AuditDelete, goal.Id.ToString(), $"indicator={goal.Indicator}");
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { unit = Unit, status = Status });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.WriteCustomers)).Succeeded;
        OrganisationAllowed = await user.VisibleUnitsAsync(ct) is null;
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        if (Unit is { } u && Units.All(x => x.Id != u))
        {
            Unit = null;
        }
        var organisationId = user.OrganisationId;
        Questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId).OrderBy(q => q.Name)
            .Select(q => new QuestionnaireOption(q.Id, q.Name)).ToListAsync(ct);
        Goals = await GoalQueries.ListAsync(db, cache, user, new GoalFilter(Unit, null, null, null, Status), GoalsApi.Today(clock), ct);
    }
}
