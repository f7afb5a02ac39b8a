using System.ComponentModel.DataAnnotations;
using Manyi.Core.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Account;

/// <summary>
/// <c>/account/password</c>: change one's password; the one-time password of the first start must be changed here. Only the
/// sign-in cookie is accepted: an API key is a machine and has no password of its own.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class PasswordModel(SignInManager<ManyiUser> signIn, UserManager<ManyiUser> users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool MustChange { get; private set; }

    public bool Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        MustChange = user.MustChangePassword;
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var text = t["Identity." + error.Code];
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.Current" : "Input.New", text.ResourceNotFound ? error.Description : text.Value);
            }
            return Page();
        }
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        await signIn.RefreshSignInAsync(user);
        if (Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }
        MustChange = false;
        Changed = true;
        Input = new PasswordInput();
        return Page();
    }
}

/// <summary>The password form.</summary>
public sealed class PasswordInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Password.Current")]
    public string Current { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Password.New")]
    public string New { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Compare(nameof(New), ErrorMessage = "Password.Mismatch")]
    [Display(Name = "Password.Confirm")]
    public string Confirm { get; set; } = string.Empty;
}
