using System.Globalization;
using System.Threading.RateLimiting;
using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Users;

/// <summary>Configuration section <c>Manyi:Login</c>: the brute-force brake on sign-in.</summary>
public sealed class LoginOptions
{
    public const string Section = "Manyi:Login";

    /// <summary>Sign-in attempts allowed per client address and minute (default 10); more get 429 with Retry-After.</summary>
    public int PermitsPerMinute { get; set; } = 10;
}

/// <summary>
/// Identity (hashed passwords, lockout), cookie sign-in for pages, API keys for machine clients, the policies of
/// <see cref="Policies"/> and the sign-in rate limit.
/// </summary>
public static class UsersSetup
{
    /// <summary>The default scheme: forwards to <see cref="ApiKeyFormat.Scheme"/> when the request presents a key, else to the cookie.</summary>
    public const string Scheme = "Manyi";

    /// <summary>Rate-limiter policy of sign-in endpoints (the API's login and the /login page).</summary>
    public const string LoginRateLimit = "login";

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
        // A locked, deleted or re-roled user's cookie is re-checked against the database at most a minute later.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
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
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Sign-in cookie or API key", o =>
                o.ForwardDefaultSelector = ctx => ApiKeyFormat.Presented(ctx.Request) is null ? IdentityConstants.ApplicationScheme : ApiKeyFormat.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyFormat.Scheme, displayName: "API key", configureOptions: null);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesFor)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireAssertion(ctx => Passes(ctx.User, policy, roles)));
            }
        });
        services.AddOptions<LoginOptions>().BindConfiguration(LoginOptions.Section)
            .Validate(o => o.PermitsPerMinute > 0, "Manyi:Login:PermitsPerMinute must be positive").ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx =>
            {
                // Only sign-in attempts count: showing the /login form (GET) is not limited.
                if (!HttpMethods.IsPost(ctx.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                var permits = ctx.RequestServices.GetRequiredService<IOptions<LoginOptions>>().Value.PermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem($"too many sign-in attempts from this address; try again in {seconds} s",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>A user passes with one of the policy's roles; an API key passes with the scope named like the policy.</summary>
    internal static bool Passes(System.Security.Claims.ClaimsPrincipal user, string policy, IReadOnlyList<string> roles)
    {
        if (user.HasClaim(ManyiClaims.Role, ApiKeyFormat.Role))
        {
            return user.HasClaim(ManyiClaims.Scope, policy);
        }
        return roles.Any(role => user.HasClaim(ManyiClaims.Role, role));
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx, int apiStatus)
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
