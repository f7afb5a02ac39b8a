using Manyi.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Manyi.Web.Features.Users;

/// <summary>Sign-in for API clients that use the cookie (the UI posts the same credentials from /login).</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var auth = api.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous();
        auth.MapPost("/logout", LogoutAsync);
        return api;
    }

    /// <summary>Credentials of <c>POST /api/v1/auth/login</c>.</summary>
    public sealed record LoginRequest(string UserName, string Password);

    /// <summary>The signed-in user.</summary>
    public sealed record LoginResponse(Guid Id, string UserName, string DisplayName, string Role, bool MustChangePassword);

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<ManyiUser> signIn, UserManager<ManyiUser> users)
    {
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            return TypedResults.Problem("user name or password is wrong", statusCode: StatusCodes.Status401Unauthorized);
        }
        var result = await signIn.PasswordSignInAsync(user, request.Password ?? string.Empty, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem("the account is locked after repeated failed sign-ins; try again later", statusCode: StatusCodes.Status423Locked);
        }
        if (!result.Succeeded)
        {
            return TypedResults.Problem("user name or password is wrong", statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(new LoginResponse(user.Id, user.UserName!, user.DisplayName, user.Role, user.MustChangePassword));
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<ManyiUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
