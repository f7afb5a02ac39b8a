using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Analysis;

/// <summary>Satisfaction as the leading indicator (product.md M1.11): lagged correlation of a unit's satisfaction with an indirect measure.</summary>
public static class LeadingIndicatorApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapLeadingIndicatorApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var analysis = api.MapGroup("/analysis").WithTags("Analysis");
        analysis.MapGet("/leading", GetLeadingAsync).WithName("GetLeadingIndicator")
            .WithSummary("Satisfaction and a measure (sales, repeat purchases, …) per month or quarter, their correlation at lags 0…maxLag, the strongest lag and its significance")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<LeadingIndicatorDto>, NotFound, ValidationProblem>> GetLeadingAsync(
        [AsParameters] LeadingQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock,
        IStringLocalizer<LeadingResource> text, CancellationToken ct)
    {
        var (request, errors) = LeadingIndicator.Parse(query, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await LeadingIndicator.ComputeAsync(db, cache, await Viewer.FromAsync(user, ct), request, text, ct);
        return result is null ? TypedResults.NotFound() : TypedResults.Ok(result);
    }
}
