using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.AspNetCore.Identity;

namespace Manyi.Web.Features.Users;

/// <summary>Identity (hashed passwords, lockout), cookie sign-in for pages and the role policies.</summary>
public static class UsersSetup
{
    public static IServiceCollection AddManyiUsers(this IServiceCollection services)
    {
        services.AddIdentity<ManyiUser, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ManyiDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ManyiClaimsFactory>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = "manyi";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // The API answers 401/403 instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = ctx => Redirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Redirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesFor)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(ManyiClaims.Role, roles));
            }
        });
        return services;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int apiStatus)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
