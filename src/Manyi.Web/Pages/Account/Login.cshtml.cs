using System.ComponentModel.DataAnnotations;
using Manyi.Core.Users;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Account;

/// <summary>
/// <c>/login</c>: user name and password; repeated failures lock the account (Identity lockout), and sign-in attempts share the
/// API login's rate limit per address (<see cref="UsersSetup.LoginRateLimit"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(UsersSetup.LoginRateLimit)]
public sealed class LoginModel(SignInManager<ManyiUser> signIn, UserManager<ManyiUser> users, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByNameAsync(Input.UserName);
        if (user is null)
        {
            Error = t["Login.Wrong"];
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Error = t["Login.LockedOut"];
            return Page();
        }
        if (!result.Succeeded)
        {
            Error = t["Login.Wrong"];
            return Page();
        }
        var target = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        return user.MustChangePassword
            ? RedirectToPage("/Account/Password", new { returnUrl = target })
            : LocalRedirect(target);
    }
}

/// <summary>The login form.</summary>
public sealed class LoginInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Login.UserName")]
    public string UserName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [DataType(DataType.Password)]
    [Display(Name = "Login.Password")]
    public string Password { get; set; } = string.Empty;
}
