using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Improvement;

/// <summary>The analysis findings of a wave an improvement action can be created from (product.md M7); docs/findings.md.</summary>
public static class FindingsApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves/{id:guid}/findings").WithTags("Improvement");
        waves.MapGet("", ListAsync).WithName("ListWaveFindings")
            .WithSummary("The wave's findings: satisfaction trap against the previous (or the against) wave, 2-tuple key improvement / focus object, IPA concentrate here, top root causes (filters unitId, segment, channel, from, to)")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/{key}", GetAsync).WithName("GetWaveFinding")
            .WithSummary("One finding by its key (two-tuple:…, ipa:…, root-cause:…, trap:{waveId}:{againstWaveId}); 404 when it is not raised")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<Finding>>, NotFound, ValidationProblem>> ListAsync(
        Guid id, string? against, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var againstId = DriverAnalysisApi.ParseAgainst(against, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var findings = await AnalysisFindings.ListAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, againstId, ct);
        return findings is null ? TypedResults.NotFound() : TypedResults.Ok(findings);
    }

    private static async Task<Results<Ok<Finding>, NotFound, ValidationProblem>> GetAsync(
        Guid id, string key, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var finding = await AnalysisFindings.FindAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, key, ct);
        return finding is null ? TypedResults.NotFound() : TypedResults.Ok(finding);
    }
}
