using Manyi.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Account;

/// <summary><c>/logout</c>: POST signs out (GET only shows the button, so a link cannot sign anyone out).</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ManyiUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/login");
    }
}
