using Manyi.Data;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys/{id}/preview?version=&amp;lang=</c>: the questionnaire rendered read-only, as a respondent would see it, in zh-CN or en.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class PreviewModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public QuestionnaireVersionDto Version { get; private set; } = null!;

    public string Language { get; private set; } = "zh-CN";

    public Guid Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, int? version, string? lang, CancellationToken ct)
    {
        var questionnaire = await QuestionnaireCommands.GetAsync(db, user, id, ct);
        var shown = questionnaire is null ? null : await QuestionnaireCommands.GetVersionAsync(db, user, id, version ?? questionnaire.LatestVersion, ct);
        if (shown is null)
        {
            return NotFound();
        }
        Id = id;
        Version = shown;
        Language = SurveyPages.Language(lang);
        return Page();
    }
}
