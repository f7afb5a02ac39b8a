using Manyi.Web.Features.Respond;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Respond;

/// <summary>
/// <c>/e/{token}</c>: the survey without the page header, for framing in the company's site or app (<c>frame-ancestors *</c>).
/// Antiforgery is off here: its cookie does not reach a frame on another site and its token would forbid framing.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class EmbedModel(RespondService respond, ClientHasher hasher, IStringLocalizer<RespondResource> r) : SurveyPageModel(respond, hasher, r)
{
    protected override EntryKind Kind => EntryKind.Embed;
}
