using System.ComponentModel.DataAnnotations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Admin.Users;

/// <summary>
/// <c>/admin/users</c> (administrator): the organisation's users and a form to create one with a role, its units (unit managers)
/// and a one-time password that must be changed at first sign-in. Integration note: uses UserManager directly until the users
/// feature's use cases land.
/// </summary>
[Authorize(Policy = Policies.Administer)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, UserManager<ManyiUser> users, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>One line of the user list.</summary>
    public sealed record UserRow(Guid Id, string UserName, string DisplayName, string Role, bool Locked, IReadOnlyList<string> Units);

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public string? CreatedUser { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!Roles.All.Contains(Input.Role, StringComparer.Ordinal))
        {
            ModelState.AddModelError("Input.Role", t["Users.BadRole"]);
        }
        var unitIds = Input.Units.Distinct().ToList();
        if (unitIds.Any(id => !Units.Any(u => u.Id == id)))
        {
            ModelState.AddModelError("Input.Units", t["Users.BadUnit"]);
        }
        if (string.Equals(Input.Role, Roles.UnitManager, StringComparison.Ordinal) && unitIds.Count == 0)
        {
            ModelState.AddModelError("Input.Units", t["Users.UnitsRequired"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var now = clock.GetUtcNow();
        var created = new ManyiUser
        {
            Id = Guid.NewGuid(),
            UserName = Input.UserName.Trim(),
            DisplayName = Input.DisplayName.Trim(),
            Role = Input.Role,
            OrganisationId = user.OrganisationId,
            MustChangePassword = true,
            CreatedAt = now,
        };
        // User, units and audit entry are written together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(created, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var text = t["Identity." + error.Code];
                var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.UserName";
                ModelState.AddModelError(field, text.ResourceNotFound ? error.Description : text.Value);
            }
            return Page();
        }
        if (string.Equals(Input.Role, Roles.UnitManager, StringComparison.Ordinal))
        {
            db.UserUnits.AddRange(unitIds.Select(id => new UserUnit { UserId = created.Id, UnitId = id }));
        }
        AuditLog.Write(db, user, clock, "user.create", created.Id.ToString(), "role=" + created.Role);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        CreatedUser = created.UserName;
        Input = new NewUserInput();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        var now = clock.GetUtcNow();
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
        var names = Units.ToDictionary(u => u.Id, u => u.Name);
        var list = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Role, u.LockoutEnd })
            .ToListAsync(ct);
        var ids = list.Select(u => u.Id).ToList();
        var scopes = (await db.UserUnits.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToListAsync(ct)).ToLookup(s => s.UserId, s => s.UnitId);
        Rows = list.Select(u => new UserRow(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.Role, u.LockoutEnd > now,
            scopes[u.Id].Select(id => names.GetValueOrDefault(id, "?")).ToList())).ToList();
    }
}

/// <summary>The form that creates a user.</summary>
public sealed class NewUserInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(64, ErrorMessage = "Validation.Length")]
    [RegularExpression("^[A-Za-z0-9._@-]+$", ErrorMessage = "Users.UserNameChars")]
    [Display(Name = "Users.UserName")]
    public string UserName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(100, ErrorMessage = "Validation.Length")]
    [Display(Name = "Users.DisplayName")]
    public string DisplayName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Users.Role")]
    public string Role { get; set; } = Roles.Viewer;

    [Display(Name = "Users.Units")]
    public IList<Guid> Units { get; set; } = [];

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Users.Password")]
    public string Password { get; set; } = string.Empty;
}
