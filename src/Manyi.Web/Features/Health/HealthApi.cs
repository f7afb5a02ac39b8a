using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Manyi.Web.Features.Health;

/// <summary><c>/health</c>: 200 once the database answers, 503 before; anonymous, for load balancers.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapManyiHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions()).AllowAnonymous();
        return app;
    }
}
