using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Units;

/// <summary><c>POST /unit</c>: the layout's unit picker; keeps a visible unit (or none = all) in a cookie.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class PickModel(ManyiDbContext db, CurrentUser user) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(Guid? unit, string? returnUrl, CancellationToken ct)
    {
        var units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        if (unit is { } id && units.Any(u => u.Id == id))
        {
            Response.Cookies.Append(UnitScope.CookieName, id.ToString(), new CookieOptions { IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        else
        {
            Response.Cookies.Delete(UnitScope.CookieName);
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
