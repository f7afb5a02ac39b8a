using Manyi.Web.Features.Respond;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Respond;

/// <summary><c>/s/{token}</c>: the survey through a link or QR collection point, or a personal invitation.</summary>
[AllowAnonymous]
public sealed class SurveyModel(RespondService respond, ClientHasher hasher, IStringLocalizer<RespondResource> r) : SurveyPageModel(respond, hasher, r)
{
    protected override EntryKind Kind => EntryKind.Survey;
}
