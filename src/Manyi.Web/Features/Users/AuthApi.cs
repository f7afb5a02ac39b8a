using System.Security.Claims;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Users;

/// <summary>Sign-in for API clients that use the cookie (the UI posts the same credentials from /login), the caller's own account.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var auth = api.MapGroup("/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(UsersSetup.LoginRateLimit)
            .WithName("Login").WithSummary("Sign in with user name and password; sets the sign-in cookie");
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.ReadData)
            .WithName("Logout").WithSummary("Sign out (removes the cookie)");
        auth.MapGet("/me", GetMeAsync).RequireAuthorization(Policies.ReadData)
            .WithName("GetMe").WithSummary("The signed-in user or API key");
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization(Policies.ReadData)
            .WithName("ChangeOwnPassword").WithSummary("Change the signed-in user's own password (clears must-change-password)");
        return api;
    }

    /// <summary>Credentials of <c>POST /api/v1/auth/login</c>.</summary>
    public sealed record LoginRequest(string? UserName, string? Password);

    /// <summary>The signed-in user.</summary>
    public sealed record LoginResponse(Guid Id, string UserName, string DisplayName, string Role, bool MustChangePassword);

    /// <summary>Body of <c>POST /api/v1/auth/password</c>.</summary>
    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    /// <summary>Who the caller is: a user (units only for unit managers) or an API key (scopes, role "api-key").</summary>
    public sealed record MeResponse(
        Guid Id, string Name, string DisplayName, string Role, Guid OrganisationId, bool MustChangePassword,
        IReadOnlyList<Guid> Units, IReadOnlyList<string> Scopes);

    private static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<ManyiUser> signIn, UserManager<ManyiUser> users)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(request.UserName))
            {
                errors["userName"] = ["the user name is required"];
            }
            if (string.IsNullOrEmpty(request.Password))
            {
                errors["password"] = ["the password is required"];
            }
            return TypedResults.ValidationProblem(errors);
        }
        var user = await users.FindByNameAsync(request.UserName);
        if (user is null)
        {
            return TypedResults.Problem("user name or password is wrong", statusCode: StatusCodes.Status401Unauthorized);
        }
        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem("the account is locked after repeated failed sign-ins; try again later", statusCode: StatusCodes.Status423Locked);
        }
        if (!result.Succeeded)
        {
            return TypedResults.Problem("user name or password is wrong", statusCode: StatusCodes.Status401Unauthorized);
        }
        return TypedResults.Ok(new LoginResponse(user.Id, user.UserName ?? request.UserName, user.DisplayName, user.Role, user.MustChangePassword));
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<ManyiUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMeAsync(
        CurrentUser current, ClaimsPrincipal principal, ManyiDbContext db, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var actorId = current.ActorId;
        if (current.Role == ApiKeyFormat.Role)
        {
            var scopes = principal.FindAll(ManyiClaims.Scope).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
            return TypedResults.Ok(new MeResponse(actorId, current.ActorName, current.ActorName, current.Role, organisationId, false, [], scopes));
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == actorId && u.OrganisationId == organisationId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Role, u.MustChangePassword })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }
        var units = await db.UserUnits.AsNoTracking().Where(x => x.UserId == actorId).Select(x => x.UnitId).ToListAsync(ct);
        return TypedResults.Ok(new MeResponse(user.Id, user.UserName ?? string.Empty, user.DisplayName, user.Role, organisationId, user.MustChangePassword, units, []));
    }

    private static async Task<Results<NoContent, ValidationProblem, ForbidHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, CurrentUser current, UserManager<ManyiUser> users, SignInManager<ManyiUser> signIn,
        ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(request.CurrentPassword))
            {
                errors["currentPassword"] = ["the current password is required"];
            }
            if (string.IsNullOrEmpty(request.NewPassword))
            {
                errors["newPassword"] = ["the new password is required"];
            }
            return TypedResults.ValidationProblem(errors);
        }
        if (current.Role == ApiKeyFormat.Role)
        {
            // An API key has no password to change.
            return TypedResults.Forbid();
        }
        var actorId = current.ActorId;
        var organisationId = current.OrganisationId;
        var user = await users.Users.FirstOrDefaultAsync(u => u.Id == actorId && u.OrganisationId == organisationId, ct);
        if (user is null)
        {
            return TypedResults.Forbid();
        }
        // The flag and the audit entry are saved by ChangePasswordAsync's own update, in one SaveChanges; a refused change
        // returns before anything is saved.
        user.MustChangePassword = false;
        AuditLog.Write(db, current, clock, "user.password-change", actorId.ToString(), null);
        var changed = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!changed.Succeeded)
        {
            return TypedResults.ValidationProblem(changed.Errors
                .GroupBy(e => string.Equals(e.Code, nameof(IdentityErrorDescriber.PasswordMismatch), StringComparison.Ordinal) ? "currentPassword" : "newPassword", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal));
        }
        // Changing the password renews the security stamp; sign in again so that this session stays valid.
        await signIn.RefreshSignInAsync(user);
        return TypedResults.NoContent();
    }
}
