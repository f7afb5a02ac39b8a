using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Respond;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.FollowUp;

/// <summary>What the follow-up page shows.</summary>
public enum FollowUpScreen
{
    Questions,
    Thanks,

    /// <summary>Unknown or already used token (tokens are single use: the case clears it when the answer is recorded).</summary>
    NotFound,
}

/// <summary>
/// <c>/f/{token}</c>: the short follow-up survey (回访) a customer gets by e-mail after a case is resolved — "was your problem
/// resolved?" and "how satisfied are you with how we handled it?" — recorded with <see cref="CaseIntake.FollowUpAsync"/> (method
/// Survey): satisfied closes the case, not resolved or not satisfied reopens it one level up. Anonymous, without JavaScript,
/// zh-CN unless <c>?lang=en</c>, rate-limited like the survey pages.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RespondSetup.RateLimit)]
public sealed class IndexModel(ManyiDbContext db, TimeProvider clock, IStringLocalizer<CasesResource> l) : PageModel
{
    /// <summary>The history's name for the customer answering the follow-up.</summary>
    public const string CustomerActor = "customer";

    public const int CommentLength = 2000;

    private const int MaxTokenLength = 64;

    public FollowUpScreen Screen { get; private set; } = FollowUpScreen.Questions;

    public string? CaseNumber { get; private set; }

    public string? Subject { get; private set; }

    [BindProperty]
    public bool? Resolved { get; set; }

    [BindProperty]
    public FollowUpSatisfaction? Satisfaction { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>The language query of the page, kept on the form's action.</summary>
    public string Lang => System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-CN";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var @case = await FindAsync(token, tracked: false, ct);
        if (@case is null)
        {
            return Gone();
        }
        CaseNumber = @case.Number;
        Subject = @case.Subject;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var @case = await FindAsync(token, tracked: true, ct);
        if (@case is null)
        {
            return Gone();
        }
        CaseNumber = @case.Number;
        Subject = @case.Subject;
        ModelState.Clear();
        if (Resolved is null)
        {
            ModelState.AddModelError(nameof(Resolved), l["FollowUp.PleaseAnswer"]);
        }
        if (Satisfaction is not { } satisfaction || !Enum.IsDefined(satisfaction))
        {
            ModelState.AddModelError(nameof(Satisfaction), l["FollowUp.PleaseAnswer"]);
        }
        if (Comment is { Length: > CommentLength })
        {
            ModelState.AddModelError(nameof(Comment), l["Validation.Length", l["FollowUp.Comment"], CommentLength]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var rules = await CaseRules.LoadAsync(db, @case.OrganisationId, ct);
        var change = await CaseIntake.FollowUpAsync(db, @case, Resolved!.Value, Satisfaction!.Value, Comment, FollowUpMethod.Survey, rules,
            new CaseActor(null, CustomerActor), clock.GetUtcNow(), ct);
        if (change.Refused)
        {
            return Gone();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same link answered twice at once: the first answer won, this one is not recorded.
            return Gone();
        }
        Screen = FollowUpScreen.Thanks;
        return Page();
    }

    private async Task<Case?> FindAsync(string token, bool tracked, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        var cases = tracked ? db.Cases : db.Cases.AsNoTracking();
        return await cases.FirstOrDefaultAsync(c => c.FollowUpToken == token && c.Status == CaseStatus.Resolved, ct);
    }

    private PageResult Gone()
    {
        Screen = FollowUpScreen.NotFound;
        var page = Page();
        page.StatusCode = StatusCodes.Status404NotFound;
        return page;
    }
}
