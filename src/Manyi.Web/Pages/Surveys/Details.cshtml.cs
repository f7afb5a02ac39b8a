using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys/{id}</c>: a questionnaire's versions and the questions of one version (type, indicator, required, skip logic).</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class DetailsModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    public QuestionnaireDto Questionnaire { get; private set; } = null!;

    public QuestionnaireVersionDto Version { get; private set; } = null!;

    public string? IndicatorSystemName { get; private set; }

    public IndicatorSystemDefinition? Indicators { get; private set; }

    public bool CanDesign { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? version, CancellationToken ct)
    {
        var questionnaire = await QuestionnaireCommands.GetAsync(db, user, id, ct);
        if (questionnaire is null)
        {
            return NotFound();
        }
        var shown = await QuestionnaireCommands.GetVersionAsync(db, user, id, version ?? questionnaire.LatestVersion, ct);
        if (shown is null)
        {
            return NotFound();
        }
        Questionnaire = questionnaire;
        Version = shown;
        if (questionnaire.IndicatorSystemId is { } systemId && await IndicatorSystemCommands.GetAsync(db, user, systemId, ct) is { } system)
        {
            IndicatorSystemName = system.Name;
            Indicators = system.Definition;
        }
        CanDesign = await SurveyPages.CanDesignAsync(authorization, User);
        return Page();
    }
}
