using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys</c>: the organisation's questionnaires and the shipped templates, each created in one click.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<QuestionnaireSummary> Questionnaires { get; private set; } = [];

    public IReadOnlyList<QuestionnaireTemplate> Templates => QuestionnaireTemplates.All;

    public bool CanDesign { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Questionnaires = await QuestionnaireCommands.ListAsync(db, user, ct);
        CanDesign = await SurveyPages.CanDesignAsync(authorization, User);
    }
}
