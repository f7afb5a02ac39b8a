using System.Globalization;
using System.Security.Cryptography;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Respond;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Respond;

/// <summary>What a respondent page shows: the questions of a page, or a notice (thanks, already answered, refusals).</summary>
public enum SurveyScreen
{
    Questions,
    Thanks,
    AlreadyAnswered,
    NotFound,
    Closed,
    Full,
    AddressLimit,
}

/// <summary>
/// The survey a respondent answers through a collection point or a personal invitation (product.md M4): server-rendered, page
/// by page (skip logic decides the next page from the answers so far) or on one page, partial answers saved on every step and
/// resumed from the same link, server-side validation with one message per question, honeypot and per-point limits.
/// </summary>
[EnableRateLimiting(RespondSetup.RateLimit)]
public abstract class SurveyPageModel(RespondService respond, ClientHasher hasher, IStringLocalizer<RespondResource> r) : PageModel
{
    /// <summary>The cookie that lets a public-link respondent come back to an unfinished response.</summary>
    public const string ResumeCookie = "manyi-respondent";

    /// <summary>The hidden field people leave empty.</summary>
    public const string HoneypotField = "website";

    /// <summary>Prefix of the form fields of answer cells (<c>ans:{cell}</c>).</summary>
    public const string AnswerPrefix = "ans:";

    protected abstract EntryKind Kind { get; }

    public bool IsEmbed => Kind == EntryKind.Embed;

    public SurveyScreen Screen { get; private set; } = SurveyScreen.Questions;

    public QuestionnaireDefinition? Definition { get; private set; }

    public int PageIndex { get; private set; }

    /// <summary>Position of the page among the pages shown so far (1-based) and the number of pages that can still be shown.</summary>
    public int PageNumber { get; private set; }

    public int PageCount { get; private set; }

    public bool IsLast { get; private set; }

    public bool HasPrevious { get; private set; }

    public IReadOnlyList<Question> Questions { get; private set; } = [];

    /// <summary>Values of the answer cells as entered (also refused ones, so the respondent can correct them).</summary>
    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>One message per question code.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Seed of the randomised orders of this response.</summary>
    public int Seed { get; private set; }

    public string Language => CultureInfo.CurrentUICulture.Name;

    /// <summary>"You said, we did" notes shown before the first question (docs/goals.md); empty after the first page.</summary>
    public IReadOnlyList<RespondentNote> ChangeNotes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string token, [FromServices] ManyiDbContext db, CancellationToken ct)
    {
        var (entry, refusal) = await respond.ResolveAsync(token, Kind, ct);
        if (entry is null)
        {
            return Notice(refusal);
        }
        if (IsEmbed)
        {
            Response.Headers.ContentSecurityPolicy = "frame-ancestors *";
        }
        var key = KeyOf(entry, create: true);
        var response = await respond.FindAsync(entry, key, ct);
        if (response is { Status: not ResponseStatus.InProgress })
        {
            if (entry.Invitation is not null)
            {
                return Notice(SurveyScreen.AlreadyAnswered);
            }
            key = NewRespondent(entry);
            response = null;
        }
        await respond.MarkStartedAsync(entry, ct);
        if (response is null && await respond.CheckLimitsAsync(entry, hasher.Hash(HttpContext), RespondService.ResponseIdFor(entry.Wave.Id, key), ct) is not Refusal.None and var limit)
        {
            return Notice(limit);
        }
        var answers = response?.Answers ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Show(entry, response?.Id ?? RespondService.ResponseIdFor(entry.Wave.Id, key), response?.CurrentPage ?? 0, answers, answers, []);
        if (PageNumber == 1)
        {
            ChangeNotes = await ChangeNoteQueries.ForWaveAsync(db, entry.Wave, CultureInfo.CurrentUICulture, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, [FromForm] string? nav, [FromForm] int page, CancellationToken ct)
    {
        var (entry, refusal) = await respond.ResolveAsync(token, Kind, ct);
        if (entry is null)
        {
            return Notice(refusal);
        }
        if (IsEmbed)
        {
            Response.Headers.ContentSecurityPolicy = "frame-ancestors *";
        }
        var definition = entry.Definition;
        var clientHash = hasher.Hash(HttpContext);
        var key = KeyOf(entry, create: true);
        var response = await respond.FindAsync(entry, key, ct);
        if (response is { Status: not ResponseStatus.InProgress })
        {
            // A second submission of a used token (or a double click) stores nothing more.
            return Notice(SurveyScreen.AlreadyAnswered);
        }
        if (response is null)
        {
            var id = RespondService.ResponseIdFor(entry.Wave.Id, key);
            if (await respond.CheckLimitsAsync(entry, clientHash, id, ct) is not Refusal.None and var limit)
            {
                return Notice(limit);
            }
            response = respond.NewResponse(entry, key, ChannelOf(entry), clientHash, Language);
            respond.Add(response);
        }
        if (!string.IsNullOrEmpty(Request.Form[HoneypotField].ToString()))
        {
            respond.FlagHoneypot(response);
        }
        response.Language = Language;
        page = definition.PageByPage ? Math.Clamp(page, 0, definition.Pages.Count - 1) : 0;
        // The questions the respondent saw: a follow-up revealed by an answer on this same page was not among them (no JavaScript).
        var seen = AnswerCheck.ShownQuestions(definition, response.Answers, definition.PageByPage ? page : null).Select(q => q.Code).ToHashSet(StringComparer.Ordinal);
        var merged = new Dictionary<string, string>(response.Answers, StringComparer.Ordinal);
        var posted = definition.PageByPage ? definition.Pages[page].Questions : definition.Questions;
        var ownIssues = new List<AnswerIssue>();
        foreach (var question in posted)
        {
            ReadPosted(question, merged, ownIssues);
        }
        var entered = new Dictionary<string, string>(merged, StringComparer.Ordinal);
        var pageIndex = definition.PageByPage ? page : (int?)null;
        var submit = nav == "submit" || (nav != "back" && NextPage(definition, page, merged) is null) || !definition.PageByPage;
        if (nav == "back" && definition.PageByPage)
        {
            var partial = AnswerCheck.Validate(definition, merged.ToNullable(), pageIndex, complete: false);
            response.Answers = new Dictionary<string, string>(partial.Answers, StringComparer.Ordinal);
            response.CurrentPage = PreviousPage(definition, page, partial.Answers) ?? page;
            await respond.SaveAsync(response, ct);
            return Redirect(Request.Path + Request.QueryString);
        }
        var check = AnswerCheck.Validate(definition, merged.ToNullable(), submit ? null : pageIndex, complete: true);
        var issues = ownIssues.Concat(check.Issues).ToList();
        response.Answers = new Dictionary<string, string>(check.Answers, StringComparer.Ordinal);
        foreach (var issue in ownIssues)
        {
            response.Answers.Remove(issue.Cell);
        }
        if (issues.Count > 0)
        {
            // Stay (or go back) to the first page with a refused answer; the valid answers are kept.
            var issuePage = definition.PageByPage ? PageOf(definition, issues[0].Question) ?? page : 0;
            response.CurrentPage = issuePage;
            response = await respond.SaveAsync(response, ct);
            Show(entry, response.Id, issuePage, response.Answers, entered, issues, seen);
            return Page();
        }
        if (!submit)
        {
            response.CurrentPage = NextPage(definition, page, check.Answers) ?? page;
            await respond.SaveAsync(response, ct);
            return Redirect(Request.Path + Request.QueryString);
        }
        if (await respond.CheckLimitsAsync(entry, clientHash, response.Id, ct) is not Refusal.None and var refused)
        {
            return Notice(refused);
        }
        await respond.CompleteAsync(entry, response, check.Answers, ct);
        if (entry.Invitation is null)
        {
            // The next visit through this link is a new respondent (subject to the per-address limits and duplicate checks).
            Response.Cookies.Delete(ResumeCookie, CookieOptions());
        }
        Definition = definition;
        Screen = SurveyScreen.Thanks;
        return Page();
    }

    /// <summary>The page's text for a localised questionnaire text.</summary>
    public string Text(LocalText? text) => text?.For(CultureInfo.CurrentUICulture) ?? string.Empty;

    /// <summary>The options of a question in this response's order.</summary>
    public IReadOnlyList<QuestionOption> OptionsOf(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var options = question.Options ?? [];
        return question.RandomiseOptions ? Shuffle(options, Seed ^ StableHash(question.Code)) : options;
    }

    public string Value(string cell) => Values.TryGetValue(cell, out var v) ? v : string.Empty;

    private void Show(
        SurveyEntry entry, Guid responseId, int page, IReadOnlyDictionary<string, string> answers, IReadOnlyDictionary<string, string> entered, IReadOnlyList<AnswerIssue> issues,
        HashSet<string>? seen = null)
    {
        var definition = entry.Definition;
        Definition = definition;
        Seed = BitConverter.ToInt32(responseId.ToByteArray(), 0);
        Values = entered;
        // A required question the respondent could not see yet is asked for, not reproached.
        Errors = issues.GroupBy(i => i.Question, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.First().Reason == AnswerReasons.Required && seen is not null && !seen.Contains(g.Key) ? (string)r["Survey.Revealed"] : (string)r["Reason." + g.First().Reason],
            StringComparer.Ordinal);
        if (!definition.PageByPage)
        {
            PageIndex = 0;
            PageNumber = PageCount = 1;
            IsLast = true;
            Questions = [.. definition.Pages.SelectMany((p, i) => Ordered(p, i, AnswerCheck.ShownQuestions(definition, answers, i)))];
            return;
        }
        var visible = VisiblePages(definition, answers);
        if (!visible.Contains(page))
        {
            page = visible.Where(i => i > page).DefaultIfEmpty(visible.Count > 0 ? visible[^1] : 0).First();
        }
        PageIndex = page;
        PageNumber = visible.Count(i => i <= page);
        PageCount = Math.Max(visible.Count, PageNumber);
        HasPrevious = visible.Any(i => i < page);
        IsLast = NextPage(definition, page, answers) is null;
        Questions = Ordered(definition.Pages[page], page, AnswerCheck.ShownQuestions(definition, answers, page));
    }

    private IReadOnlyList<Question> Ordered(QuestionPage page, int index, IReadOnlyList<Question> shown) =>
        page.RandomiseQuestions ? Shuffle(shown, Seed ^ (index * 7919)) : shown;

    private static List<T> Shuffle<T>(IReadOnlyList<T> items, int seed)
    {
        // Seeded by the response: the same respondent sees the same order on every reload.
#pragma warning disable CA5394 // Not security: a stable presentation order.
        var random = new Random(seed);
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
#pragma warning restore CA5394
        return list;
    }

    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return unchecked((int)hash);
    }

    /// <summary>Pages that the answers so far make visible and that show at least one question.</summary>
    private static List<int> VisiblePages(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> answers) =>
        [.. Enumerable.Range(0, definition.Pages.Count).Where(i => AnswerCheck.ShownQuestions(definition, answers, i).Count > 0)];

    private static int? NextPage(QuestionnaireDefinition definition, int page, IReadOnlyDictionary<string, string> answers) =>
        VisiblePages(definition, answers).Where(i => i > page).Select(i => (int?)i).FirstOrDefault();

    private static int? PreviousPage(QuestionnaireDefinition definition, int page, IReadOnlyDictionary<string, string> answers) =>
        VisiblePages(definition, answers).Where(i => i < page).Select(i => (int?)i).LastOrDefault();

    private static int? PageOf(QuestionnaireDefinition definition, string questionCode)
    {
        for (var i = 0; i < definition.Pages.Count; i++)
        {
            if (definition.Pages[i].Questions.Any(q => q.Code == questionCode))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>Copies the posted cells of <paramref name="question"/> into <paramref name="answers"/> (a cell left empty is removed).</summary>
    private void ReadPosted(Question question, Dictionary<string, string> answers, List<AnswerIssue> issues)
    {
        if (question.Type == QuestionType.Ranking)
        {
            var ranks = new List<(int Rank, string Option)>();
            foreach (var option in question.Options ?? [])
            {
                if (int.TryParse(Request.Form[$"rank:{question.Code}:{option.Code}"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rank))
                {
                    ranks.Add((rank, option.Code));
                }
            }
            answers.Remove(question.Code);
            if (ranks.Count > 0)
            {
                answers[question.Code] = string.Join(';', ranks.OrderBy(x => x.Rank).Select(x => x.Option));
                if (ranks.Select(x => x.Rank).Distinct().Count() != ranks.Count)
                {
                    issues.Add(new AnswerIssue(question.Code, question.Code, AnswerReasons.RepeatedOption, "Two options have the same rank."));
                }
            }
            return;
        }
        foreach (var cell in AnswerCheck.CellsOf(question))
        {
            var values = Request.Form[AnswerPrefix + cell.Key];
            var text = question.Type == QuestionType.MultipleChoice
                ? string.Join(';', values.Where(v => !string.IsNullOrWhiteSpace(v)))
                : values.FirstOrDefault() ?? string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                answers.Remove(cell.Key);
            }
            else
            {
                answers[cell.Key] = text;
            }
        }
    }

    private ResponseChannel ChannelOf(SurveyEntry entry) => entry.Point?.Kind switch
    {
        null => ResponseChannel.Invitation,
        _ when IsEmbed => ResponseChannel.Embed,
        CollectionPointKind.Qr => ResponseChannel.Qr,
        CollectionPointKind.Embed => ResponseChannel.Embed,
        _ => ResponseChannel.Link,
    };

    /// <summary>The idempotency key of this respondent: the invitation's token, or the resume cookie's random id on the point.</summary>
    private string KeyOf(SurveyEntry entry, bool create)
    {
        if (entry.Invitation is { } invitation)
        {
            return "inv:" + invitation.Token;
        }
        var id = Request.Cookies[ResumeCookie];
        if (id is null || id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return create ? NewRespondent(entry) : string.Empty;
        }
        return $"resume:{entry.Point!.Id:N}:{id}";
    }

    private string NewRespondent(SurveyEntry entry)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Response.Cookies.Append(ResumeCookie, id, CookieOptions());
        // Later reads in this request (the same key) see the new id.
        Request.Headers.Cookie = $"{ResumeCookie}={id}";
        return $"resume:{entry.Point!.Id:N}:{id}";
    }

    private CookieOptions CookieOptions()
    {
        // Inside a frame on another site the cookie must be SameSite=None (which browsers accept only over HTTPS).
        var framed = IsEmbed && Request.IsHttps;
        return new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            Path = "/",
            Secure = Request.IsHttps,
            SameSite = framed ? SameSiteMode.None : SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(30),
        };
    }

    private PageResult Notice(Refusal refusal) => Notice(refusal switch
    {
        Refusal.Closed => SurveyScreen.Closed,
        Refusal.Full => SurveyScreen.Full,
        Refusal.AddressLimit => SurveyScreen.AddressLimit,
        _ => SurveyScreen.NotFound,
    });

    private PageResult Notice(SurveyScreen screen)
    {
        Screen = screen;
        var page = Page();
        page.StatusCode = screen switch
        {
            SurveyScreen.NotFound => StatusCodes.Status404NotFound,
            SurveyScreen.Closed or SurveyScreen.Full => StatusCodes.Status410Gone,
            SurveyScreen.AddressLimit => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status200OK,
        };
        return page;
    }
}

/// <summary>Helpers of the respondent pages.</summary>
internal static class AnswerDictionary
{
    /// <summary>The answers as the nullable dictionary <see cref="AnswerCheck.Validate"/> takes.</summary>
    public static Dictionary<string, string?> ToNullable(this Dictionary<string, string> answers) =>
        answers.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
}
