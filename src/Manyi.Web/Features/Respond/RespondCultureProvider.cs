using Manyi.Data;
using Manyi.Web.Hosting;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Respond;

/// <summary>
/// The language of a respondent page (/s, /e, /k, and the case follow-up /f): <c>?lang=en|zh-CN</c> (the switch on the page), then the invited customer's
/// <c>language</c> attribute; otherwise the next providers decide (cookie, Accept-Language).
/// </summary>
internal sealed class RespondCultureProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var path = httpContext.Request.Path.Value ?? string.Empty;
        var survey = path.StartsWith("/s/", StringComparison.Ordinal) || path.StartsWith("/e/", StringComparison.Ordinal);
        if (!survey && !path.StartsWith("/k/", StringComparison.Ordinal) && !path.StartsWith("/f/", StringComparison.Ordinal))
        {
            return null;
        }
        if (Supported(httpContext.Request.Query["lang"].ToString()) is { } chosen)
        {
            return new ProviderCultureResult(chosen);
        }
        var token = path[3..].TrimEnd('/');
        if (!survey || token.Length is 0 or > RespondService.MaxTokenLength)
        {
            return null;
        }
        var db = httpContext.RequestServices.GetRequiredService<ManyiDbContext>();
        var customer = await db.Invitations.AsNoTracking().Where(i => i.Token == token)
            .Join(db.Customers, i => i.CustomerId, c => c.Id, (i, c) => c.Attributes)
            .FirstOrDefaultAsync(httpContext.RequestAborted);
        return customer is not null && customer.TryGetValue("language", out var language) && Supported(language) is { } own
            ? new ProviderCultureResult(own)
            : null;
    }

    /// <summary>The supported culture a language tag names (en, en-US → en; zh, zh-CN → zh-CN), or null.</summary>
    internal static string? Supported(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }
        if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return "en";
        }
        return tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Localization.DefaultCulture : null;
    }
}
