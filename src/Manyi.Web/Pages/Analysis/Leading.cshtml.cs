using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Analysis;

/// <summary>A questionnaire to choose.</summary>
public sealed record LeadingQuestionnaire(Guid Id, string Name);

/// <summary><c>/analysis/leading</c>: satisfaction as the leading indicator of sales or another measure (product.md M1.11).</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class LeadingModel(
    ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IStringLocalizer<LeadingResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UnitId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? QuestionnaireId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Measure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Grain { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MaxLag { get; set; }

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<LeadingQuestionnaire> Questionnaires { get; private set; } = [];

    /// <summary>The measure keys to offer: the known indirect ones and those imported.</summary>
    public IReadOnlyList<string> Measures { get; private set; } = [];

    public LeadingIndicatorDto? Result { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public DateTimeOffset GeneratedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        GeneratedAt = clock.GetUtcNow();
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        Questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId && !q.Archived)
            .OrderBy(q => q.Name).Select(q => new LeadingQuestionnaire(q.Id, q.Name)).ToListAsync(ct);
        var imported = await db.CustomerMeasures.AsNoTracking().Where(m => m.OrganisationId == organisationId).Select(m => m.Measure).Distinct().ToListAsync(ct);
        var grouped = await db.GroupMeasures.AsNoTracking().Where(m => m.OrganisationId == organisationId).Select(m => m.Measure).Distinct().ToListAsync(ct);
        Measures = [.. CustomerMeasure.Indirect.Concat(imported.Concat(grouped).Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];

        var (request, errors) = LeadingIndicator.Parse(
            new LeadingQuery(UnitId, QuestionnaireId, Measure, Grain, From, To, MaxLag), DateOnly.FromDateTime(GeneratedAt.UtcDateTime));
        if (request is null)
        {
            Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
            return Page();
        }
        Result = await LeadingIndicator.ComputeAsync(db, cache, await Viewer.FromAsync(user, ct), request, text, ct);
        return Result is null ? NotFound() : Page();
    }
}
