using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys/from-template</c>: creates a questionnaire (and its indicator system) from a template, then shows it.</summary>
[Authorize(Policy = Policies.DesignSurveys)]
public sealed class FromTemplateModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SurveysResource> s) : PageModel
{
    [BindProperty]
    public string? Template { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => Redirect("/surveys");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await QuestionnaireCommands.FromTemplateAsync(db, user, clock, new FromTemplateInput { Template = Template }, CultureInfo.CurrentUICulture.Name, ct);
        if (result.Outcome == Outcome.Ok)
        {
            return Redirect($"/surveys/{result.Value!.Questionnaire.Id}");
        }
        Error = result.Outcome == Outcome.Stale ? s["Surveys.Conflict"] : s["Surveys.UnknownTemplate"];
        return Page();
    }
}
