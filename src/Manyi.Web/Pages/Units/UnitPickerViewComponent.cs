using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Units;

/// <summary>The layout's unit picker: the units the user may see; the choice is kept in a cookie by <c>POST /unit</c>.</summary>
public sealed class UnitPickerViewComponent(ManyiDbContext db, CurrentUser user) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string returnUrl)
    {
        var units = await UnitScope.VisibleUnitsAsync(db, user, HttpContext.RequestAborted);
        return View(new UnitPickerModel(units, UnitScope.Picked(Request), returnUrl));
    }
}

/// <summary>What the picker shows.</summary>
public sealed record UnitPickerModel(IReadOnlyList<UnitOption> Units, Guid? Picked, string ReturnUrl);
