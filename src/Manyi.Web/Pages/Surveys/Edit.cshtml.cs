using Manyi.Core.Surveys;
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

/// <summary>
/// <c>/surveys/{id}/edit</c>: the latest version's definition as JSON in a textarea; the server validates it
/// (<see cref="QuestionnaireRules"/>) and lists every issue. Saving replaces the latest version while it has no answers and
/// makes the next version once it has (the page says which will happen).
/// </summary>
[Authorize(Policy = Policies.DesignSurveys)]
public sealed class EditModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IStringLocalizer<SurveysResource> s) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? DefinitionJson { get; set; }

    public QuestionnaireDto Questionnaire { get; private set; } = null!;

    /// <summary>The latest version has answers: saving makes a new version.</summary>
    public bool Frozen { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string[]>> Issues { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var latest = await QuestionnaireCommands.GetVersionAsync(db, user, id, Questionnaire.LatestVersion, ct);
        Name = Questionnaire.Name;
        DefinitionJson = SurveyMapping.Write(latest!.Definition);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        System.Text.Json.JsonElement? json = null;
        var (_, error) = SurveyMapping.Read<QuestionnaireDefinition>(DefinitionJson);
        if (error is null)
        {
            using var document = System.Text.Json.JsonDocument.Parse(DefinitionJson!);
            json = document.RootElement.Clone();
        }
        else
        {
            Issues = [new("definition", [error])];
            return Page();
        }
        var result = await QuestionnaireCommands.SaveAsync(db, user, clock, id, new QuestionnaireInput { Name = Name, Definition = json }, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return NotFound();
            case Outcome.Invalid:
                Issues = [.. result.Errors.OrderBy(e => e.Key, StringComparer.Ordinal)];
                return Page();
            case Outcome.Stale:
                Problem = s["Surveys.Conflict"];
                return Page();
            default:
                return Redirect($"/surveys/{id}?version={result.Value!.Version}");
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var questionnaire = await QuestionnaireCommands.GetAsync(db, user, id, ct);
        if (questionnaire is null)
        {
            return false;
        }
        Questionnaire = questionnaire;
        Frozen = questionnaire.Versions.FirstOrDefault(v => v.Number == questionnaire.LatestVersion)?.HasResponses == true;
        return true;
    }
}
