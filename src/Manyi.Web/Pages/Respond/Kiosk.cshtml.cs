using System.Globalization;
using Manyi.Core.Surveys;
using Manyi.Web.Features.Respond;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Manyi.Web.Pages.Respond;

/// <summary>One big button of the kiosk: the answer value and its label.</summary>
public sealed record KioskButton(string Value, string Label, string Tone);

/// <summary>
/// <c>/k/{token}</c>: the counter tablet (product.md M4) tied to a branch and a staff member. Big buttons (满意 / 一般 / 不满意 for the
/// bank-counter template); one tap is one POST and one complete response (it completes the point's oldest open transaction, if
/// any); a thank-you screen returns to the buttons after 3 s, without JavaScript.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RespondSetup.RateLimit)]
public sealed class KioskModel(RespondService respond, ClientHasher hasher) : PageModel
{
    public SurveyScreen Screen { get; private set; } = SurveyScreen.Questions;

    public bool Done { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Prompt { get; private set; } = string.Empty;

    public IReadOnlyList<KioskButton> Buttons { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string token, [FromQuery] bool done, CancellationToken ct)
    {
        var (entry, refusal) = await respond.ResolveAsync(token, EntryKind.Kiosk, ct);
        if (entry is null || RatedQuestion(entry.Definition) is not { } question)
        {
            return Notice(entry is null ? refusal : Refusal.NotFound);
        }
        Fill(entry.Definition, question);
        Done = done;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, [FromForm] string? value, CancellationToken ct)
    {
        var (entry, refusal) = await respond.ResolveAsync(token, EntryKind.Kiosk, ct);
        if (entry is null || RatedQuestion(entry.Definition) is not { } question)
        {
            return Notice(entry is null ? refusal : Refusal.NotFound);
        }
        var check = AnswerCheck.Validate(entry.Definition, new Dictionary<string, string?>(StringComparer.Ordinal) { [question.Code] = value }, complete: false);
        if (!check.IsValid || !check.Answers.ContainsKey(question.Code))
        {
            // Only the buttons post here: anything else is answered with the buttons again.
            Fill(entry.Definition, question);
            return Page();
        }
        var clientHash = hasher.Hash(HttpContext);
        if (await respond.CheckLimitsAsync(entry, clientHash, Guid.Empty, ct) is not Refusal.None and var limit)
        {
            return Notice(limit);
        }
        await respond.KioskTapAsync(entry, check.Answers, clientHash, CultureInfo.CurrentUICulture.Name, ct);
        return Redirect(Request.Path + "?done=true" + (Request.Query.ContainsKey("lang") ? "&lang=" + Uri.EscapeDataString(Request.Query["lang"].ToString()) : string.Empty));
    }

    /// <summary>The question a kiosk asks: the first scale, CSAT, yes/no or single-choice question of the questionnaire.</summary>
    public static Question? RatedQuestion(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Questions.FirstOrDefault(q => q.Type is QuestionType.Scale or QuestionType.Csat or QuestionType.YesNo or QuestionType.SingleChoice);
    }

    private void Fill(QuestionnaireDefinition definition, Question question)
    {
        var culture = CultureInfo.CurrentUICulture;
        Title = definition.Title.For(culture);
        Prompt = question.Text.For(culture);
        var buttons = new List<KioskButton>();
        if (question.Type == QuestionType.SingleChoice)
        {
            buttons.AddRange((question.Options ?? []).Select(o => new KioskButton(o.Code, o.Text.For(culture), "neutral")));
        }
        else
        {
            var (min, max) = AnswerCheck.ScaleOf(question);
            // Best first: the tablet reads 满意 / 一般 / 不满意 from left to right.
            for (var p = max ?? 1; p >= (min ?? 1); p--)
            {
                var code = p.ToString(CultureInfo.InvariantCulture);
                var label = question.Options?.FirstOrDefault(o => o.Code == code)?.Text.For(culture) ?? code;
                var tone = p == max ? "good" : p == min ? "bad" : "neutral";
                buttons.Add(new KioskButton(code, label, tone));
            }
        }
        Buttons = buttons;
    }

    private PageResult Notice(Refusal refusal)
    {
        Screen = refusal switch
        {
            Refusal.Closed => SurveyScreen.Closed,
            Refusal.Full => SurveyScreen.Full,
            Refusal.AddressLimit => SurveyScreen.AddressLimit,
            _ => SurveyScreen.NotFound,
        };
        var page = Page();
        page.StatusCode = Screen switch
        {
            SurveyScreen.Closed or SurveyScreen.Full => StatusCodes.Status410Gone,
            SurveyScreen.AddressLimit => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status404NotFound,
        };
        return page;
    }
}
