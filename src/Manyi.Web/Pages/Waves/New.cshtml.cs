using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Waves;

/// <summary><c>/waves/new</c>: pick a questionnaire, dates and a sample plan (the calculator shows n, the allocation and the invitations).</summary>
[Authorize(Policy = Policies.DesignSurveys)]
public sealed class NewModel(ManyiDbContext db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public Guid? QuestionnaireId { get; set; }

    [BindProperty]
    public Guid? UnitId { get; set; }

    [BindProperty]
    public DateTime? OpensAt { get; set; }

    [BindProperty]
    public DateTime? ClosesAt { get; set; }

    [BindProperty]
    public int? ReminderAfterDays { get; set; } = 7;

    [BindProperty]
    public int MaxReminders { get; set; } = 1;

    [BindProperty]
    public int QuietPeriodDays { get; set; } = 90;

    [BindProperty]
    public int MinimumN { get; set; } = 5;

    [BindProperty]
    public bool WithPlan { get; set; } = true;

    [BindProperty]
    public double Confidence { get; set; } = 0.95;

    [BindProperty]
    public double Margin { get; set; } = 0.05;

    [BindProperty]
    public double Proportion { get; set; } = 0.5;

    [BindProperty]
    public long? Population { get; set; }

    [BindProperty]
    public string Allocation { get; set; } = "proportional";

    [BindProperty]
    public double ResponseRate { get; set; } = 0.3;

    public SamplePlan? Plan { get; private set; }

    public IReadOnlyList<(Guid Id, string Name)> Questionnaires { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The calculator: computes the plan and shows it without saving anything.</summary>
    public async Task<IActionResult> OnPostPlanAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var units = UnitId is { } u ? await UnitTree.SubtreeAsync(db, user.OrganisationId, u, ct) : null;
        var (plan, errors) = await SamplePlanner.PlanAsync(db, user.OrganisationId, units, PlanInput(), string.Empty, ct);
        AddErrors(errors);
        Plan = plan;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new WaveInput
        {
            Name = Name,
            QuestionnaireId = QuestionnaireId,
            UnitId = UnitId,
            OpensAt = OpensAt is { } o ? new DateTimeOffset(DateTime.SpecifyKind(o, DateTimeKind.Utc)) : null,
            ClosesAt = ClosesAt is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null,
            ReminderAfterDays = ReminderAfterDays,
            MaxReminders = MaxReminders,
            QuietPeriodDays = QuietPeriodDays,
            MinimumN = MinimumN,
            SamplePlan = WithPlan ? PlanInput() : null,
        };
        var now = clock.GetUtcNow();
        var wave = new Wave { Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, Status = WaveStatus.Draft, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };
        var errors = await WavesApi.ApplyAsync(db, user, wave, input, ct);
        if (errors.Count > 0)
        {
            await LoadAsync(ct);
            AddErrors(errors);
            return Page();
        }
        db.Waves.Add(wave);
        AuditLog.Write(db, user, clock, "wave.create", wave.Id.ToString(), null);
        await db.SaveChangesAsync(ct);
        return Redirect($"/waves/{wave.Id}");
    }

    private SamplePlanInput PlanInput() => new()
    {
        Confidence = Confidence,
        Margin = Margin,
        Proportion = Proportion,
        Population = Population,
        Allocation = Allocation,
        TargetResponseRate = ResponseRate,
        UnitId = UnitId,
    };

    private void AddErrors(Dictionary<string, string[]> errors)
    {
        foreach (var (key, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        Questionnaires = (await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId && !q.Archived).OrderBy(q => q.Name)
            .Select(q => new { q.Id, q.Name }).ToListAsync(ct)).Select(q => (q.Id, q.Name)).ToList();
        Units = (await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).OrderBy(u => u.Code)
            .Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
    }
}
