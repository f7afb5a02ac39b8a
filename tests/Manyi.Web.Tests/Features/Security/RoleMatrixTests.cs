using System.Globalization;
using System.Net;
using System.Text;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Tests.Features.Security;

/// <summary>
/// The role/scope matrix (product.md M12): every endpoint the app maps — read from <see cref="EndpointDataSource"/>, so that
/// endpoints added later by other features are covered without editing this file — called as anonymous, as every role, and as an
/// API key with and without the needed scope. The expected outcome comes from the endpoint's declared authorization metadata
/// and <see cref="Policies.RolesFor"/>, never from a pasted list.
/// </summary>
public class RoleMatrixTests
{
    /// <summary>The /api/v1 routes that are anonymous on purpose. Public survey routes (respondents) go under /api/v1/public/.</summary>
    private static readonly string[] AnonymousApiRoutes = ["/api/v1/auth/login"];
    private const string PublicApiPrefix = "/api/v1/public/";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task EveryEndpoint_EveryRoleKeyAndAnonymous_GetsTheOutcomeItsPolicyDeclares(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var headOffice = await app.HomeUnitAsync();
        var callers = new List<Caller> { new("anonymous", null, null, Anonymous: true, _ => true) };
        string? adminCookie = null;
        foreach (var role in Roles.All)
        {
            var units = role == Roles.UnitManager ? new[] { headOffice.Id } : [];
            var (_, _, cookie) = await app.SignInCookieAsync(role, units);
            adminCookie ??= role == Roles.Administrator ? cookie : null;
            callers.Add(new Caller(role, cookie, null, Anonymous: false, policies => policies.All(p => Policies.RolesFor[p].Contains(role))));
        }
        var scopes = Policies.RolesFor.Keys.ToArray();
        Caller allScopes;
        // One key per scope that holds every other scope: for an endpoint of policy P, the key without P must be refused.
        var withoutScope = new Dictionary<string, Caller>(StringComparer.Ordinal);
        using (var admin = app.ClientWithCookie(adminCookie!))
        {
            var (_, all) = await SecurityTestData.CreateApiKeyAsync(admin, "matrix-all", scopes);
            allScopes = new Caller("api-key with every scope", null, all, Anonymous: false, _ => true);
            foreach (var missing in scopes)
            {
                var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, "matrix-without-" + missing, [.. scopes.Where(s => s != missing)]);
                withoutScope[missing] = new Caller("api-key without " + missing, null, key, Anonymous: false, policies => !policies.Contains(missing));
            }
        }

        var endpoints = Endpoints(app);
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found; the enumeration is broken");
        var failures = new List<string>();
        var calls = 0;
        foreach (var endpoint in endpoints)
        {
            // Every role and anonymous; a key with every scope; a key lacking the endpoint's (first) policy.
            var keys = endpoint.Policies.Count == 0 ? [allScopes] : new[] { allScopes, withoutScope[endpoint.Policies[0]] };
            foreach (var caller in callers.Concat(keys))
            {
                calls++;
                using var client = caller.Cookie is { } cookie ? app.ClientWithCookie(cookie)
                    : caller.Key is { } key ? app.ClientWithKey(key)
                    : app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false });
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(endpoint.Url, UriKind.Relative));
                if (endpoint.Method is "POST" or "PUT" or "PATCH")
                {
                    // An empty body of the content type the endpoint accepts (routing answers 415 to any other before
                    // authorization runs): authorization is decided before the body is bound, so 400/404 mean "let through".
                    request.Content = new StringContent(endpoint.ContentType == "application/json" ? "{}" : string.Empty, Encoding.UTF8);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(endpoint.ContentType);
                }
                using var response = await client.SendAsync(request);
                var outcome = Classify(response);
                var expectAllowed = endpoint.Public || (!caller.Anonymous && caller.Passes(endpoint.Policies));
                var expected = expectAllowed ? Outcome.Allowed : caller.Anonymous ? Outcome.Unauthenticated : Outcome.Forbidden;
                if (caller.Key is not null && endpoint.Schemes.Count > 0 && !endpoint.Schemes.Contains(ApiKeyFormat.Scheme))
                {
                    // The endpoint names the schemes it accepts and the key's is not among them (e.g. cookie-only account pages).
                    expected = Outcome.Unauthenticated;
                }
                if (outcome != expected)
                {
                    failures.Add($"{endpoint} as {caller.Name}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
                }
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{endpoint} as {caller.Name}: {(int)response.StatusCode} — bad input must not crash");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls differ:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryApiEndpoint_DeclaresAKnownPolicy_UnlessAnonymousOnPurpose()
    {
        await using var app = await ManyiWebFactory.StartAsync(DatabaseProvider.Sqlite);
        var endpoints = Endpoints(app);
        var api = endpoints.Where(e => e.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        // A few routes this feature knows exist, so that an empty enumeration cannot pass.
        Assert.Contains(api, e => e.Method == "DELETE" && e.Pattern == "/api/v1/users/{id:guid}");
        Assert.Contains(api, e => e.Method == "POST" && e.Pattern == "/api/v1/api-keys/");
        Assert.Contains(api, e => e.Method == "GET" && e.Pattern == "/api/v1/units/");
        // Issue 6 (cases): the matrix above walks these too; named here so that losing them cannot pass unnoticed.
        Assert.Contains(api, e => e.Method == "POST" && e.Pattern.StartsWith("/api/v1/cases/{id", StringComparison.Ordinal) && e.Pattern.EndsWith("/hand-over", StringComparison.Ordinal) && e.Policies.Contains(Policies.HandleCases));
        Assert.Contains(api, e => e.Method == "PUT" && e.Pattern == "/api/v1/case-settings/calendar" && e.Policies.Contains(Policies.ConfigureCases));
        Assert.Contains(api, e => e.Method == "POST" && e.Pattern == "/api/v1/alert-rules/" && e.Policies.Contains(Policies.DesignSurveys));
        Assert.Contains(api, e => e.Method == "GET" && e.Pattern == "/api/v1/cases/analytics" && e.Policies.Contains(Policies.ReadData));
        var problems = new List<string>();
        foreach (var endpoint in api)
        {
            if (endpoint.Public)
            {
                if (!AnonymousApiRoutes.Contains(endpoint.Pattern, StringComparer.Ordinal) && !endpoint.Pattern.StartsWith(PublicApiPrefix, StringComparison.Ordinal))
                {
                    problems.Add($"{endpoint} is anonymous");
                }
                continue;
            }
            if (endpoint.Policies.Count == 0)
            {
                problems.Add($"{endpoint} only asks for a signed-in caller; name a policy of Policies");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private enum Outcome
    {
        Allowed,
        Unauthenticated,
        Forbidden,
    }

    /// <summary>401, or a page's redirect to /login, is "not signed in"; 403, or a redirect to /denied, is "wrong role"; anything else passed.</summary>
    private static Outcome Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var redirect = response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.RedirectKeepVerb or HttpStatusCode.SeeOther;
        if (response.StatusCode == HttpStatusCode.Unauthorized || (redirect && location.Contains("/login", StringComparison.OrdinalIgnoreCase)))
        {
            return Outcome.Unauthenticated;
        }
        if (response.StatusCode == HttpStatusCode.Forbidden || (redirect && location.Contains("/denied", StringComparison.OrdinalIgnoreCase)))
        {
            return Outcome.Forbidden;
        }
        return Outcome.Allowed;
    }

    private sealed record Caller(string Name, string? Cookie, string? Key, bool Anonymous, Func<IReadOnlyList<string>, bool> Passes);

    /// <summary>An endpoint to call: method, a URL with made-up route values, and what its metadata demands.</summary>
    private sealed record Target(string Method, string Pattern, string Url, bool Public, IReadOnlyList<string> Policies, string ContentType, IReadOnlySet<string> Schemes)
    {
        public override string ToString() => $"{Method} {Pattern} [{(Public ? "public" : string.Join(",", Policies.DefaultIfEmpty("signed-in")))}]";
    }

    private static List<Target> Endpoints(ManyiWebFactory app)
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        var accessDenied = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).AccessDeniedPath.Value;
        var targets = new List<Target>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (string.Equals("/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/'), accessDenied, StringComparison.OrdinalIgnoreCase))
            {
                // The cookie's access-denied page answers 403 to everyone by design: it is where refusals land, not a resource.
                continue;
            }
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || authorize.Count == 0;
            var policies = authorize.Select(a => a.Policy).OfType<string>().Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            foreach (var policy in policies)
            {
                Assert.True(Policies.RolesFor.ContainsKey(policy), $"{endpoint.RoutePattern.RawText} uses the policy '{policy}' that Policies.RolesFor does not know");
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            foreach (var method in methods.Where(m => m is not ("OPTIONS" or "HEAD")))
            {
                var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes;
                var contentType = accepts is { Count: > 0 } ? accepts[0] : "application/json";
                var schemes = authorize.SelectMany(a => (a.AuthenticationSchemes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToHashSet(StringComparer.Ordinal);
                targets.Add(new Target(method, pattern, Url(endpoint.RoutePattern), isPublic, policies, contentType, schemes));
            }
        }
        return targets;
    }

    /// <summary>The pattern with a value for each parameter that passes its constraint (an unknown id, so nothing real is touched).</summary>
    private static string Url(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = new StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when !parameter.IsOptional && parameter.Default is null:
                        text.Append(Value(parameter));
                        break;
                }
            }
            if (text.Length > 0)
            {
                segments.Add(text.ToString());
            }
        }
        return "/" + string.Join('/', segments);
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? string.Empty).ToList();
        if (constraints.Any(c => c is "int" or "long" || c.StartsWith("min(", StringComparison.Ordinal) || c.StartsWith("range(", StringComparison.Ordinal)))
        {
            return "987654";
        }
        if (constraints.Contains("bool"))
        {
            return "true";
        }
        if (constraints.Contains("datetime"))
        {
            return new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (constraints.Contains("alpha"))
        {
            return "matrix";
        }
        return Guid.NewGuid().ToString();
    }
}
