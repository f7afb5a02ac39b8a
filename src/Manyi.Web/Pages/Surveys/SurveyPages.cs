using System.Globalization;
using Manyi.Core.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Surveys;

/// <summary>Helpers shared by the surveys pages: the language of questionnaire texts, skip-logic descriptions, issue lists.</summary>
public static class SurveyPages
{
    /// <summary>The questionnaire language of the page: <paramref name="lang"/> if it is zh-CN or en, else the UI culture.</summary>
    public static string Language(string? lang) =>
        lang is not null && lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : lang is not null && lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN"
        : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "zh-CN";

    /// <summary>"shown if q1 ≤ 6" in the UI language.</summary>
    public static string Describe(IStringLocalizer s, Condition? condition)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (condition is null)
        {
            return string.Empty;
        }
        var values = string.Join(", ", condition.Values ?? []);
        return condition.Operator switch
        {
            ConditionOperator.In => s["Skip.In", condition.Question, values],
            ConditionOperator.NotIn => s["Skip.NotIn", condition.Question, values],
            ConditionOperator.AtMost => s["Skip.AtMost", condition.Question, values],
            ConditionOperator.AtLeast => s["Skip.AtLeast", condition.Question, values],
            _ => s["Skip.Answered", condition.Question],
        };
    }

    /// <summary>Whether the signed-in user may design surveys (shows the edit links and forms).</summary>
    public static async Task<bool> CanDesignAsync(IAuthorizationService authorization, System.Security.Claims.ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, Policies.DesignSurveys)).Succeeded;
    }

    /// <summary>The points of a numeric question's scale, lowest first.</summary>
    public static IReadOnlyList<int> Points(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (min, max) = AnswerCheck.ScaleOf(question);
        return min is { } lo && max is { } hi && hi >= lo && hi - lo <= 20 ? [.. Enumerable.Range(lo, hi - lo + 1)] : [];
    }

    /// <summary>The label of a scale point, if the question names it.</summary>
    public static string Label(Question question, int point, string language)
    {
        ArgumentNullException.ThrowIfNull(question);
        var code = point.ToString(CultureInfo.InvariantCulture);
        return question.Options?.FirstOrDefault(o => o.Code == code)?.Text.For(language) ?? code;
    }
}
