using Manyi.Data;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Analysis;

/// <summary>Analysis API of a wave's measures: headline measures, index tree, expectation–perception ratios, 2-tuple
/// linguistic result, Kano, SERVQUAL (product.md M9, M1.1–M1.4, M1.6, M1.7); docs/analysis.md.</summary>
public static class MeasureAnalysisApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapMeasureAnalysisApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves/{id:guid}/analysis").WithTags("Analysis");
        waves.MapGet("/overview", GetOverviewAsync).WithName("GetAnalysisOverview")
            .WithSummary("Headline measures of a wave: every NPS, CSAT and CES with n, confidence interval and suppression; the index; responses")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/index", GetIndexAsync).WithName("GetAnalysisIndex")
            .WithSummary("The index tree (score, weight, effective weight, n per node) and the index per child unit of the selected unit")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/ratios", GetRatiosAsync).WithName("GetAnalysisRatios")
            .WithSummary("Expectation–perception ratios F = X̄/Ȳ, gaps and verdicts per indicator and overall")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/linguistic", GetLinguisticAsync).WithName("GetAnalysisLinguistic")
            .WithSummary("2-tuple linguistic evaluation: importance, perception, expectation, weight, satisfaction, Φ and quadrant classes")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/kano", GetKanoAsync).WithName("GetAnalysisKano")
            .WithSummary("Kano categories, counts, Better and Worse per Kano question")
            .RequireAuthorization(Policies.ReadData);
        waves.MapGet("/servqual", GetServqualAsync).WithName("GetAnalysisServqual")
            .WithSummary("SERVQUAL gaps per item, per dimension and overall; weighted with ?points=tangibles=10,…")
            .RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<OverviewDto>, NotFound, ValidationProblem>> GetOverviewAsync(
        Guid id, [AsParameters] AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, CancellationToken ct)
    {
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(await MeasureAnalysis.OverviewAsync(db, input, clock, ct));
    }

    private static async Task<Results<Ok<IndexAnalysisDto>, NotFound, ValidationProblem>> GetIndexAsync(
        Guid id, [AsParameters] AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(await MeasureAnalysis.IndexAsync(db, input, ct));
    }

    private static async Task<Results<Ok<RatiosDto>, NotFound, ValidationProblem>> GetRatiosAsync(
        Guid id, [AsParameters] AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(MeasureAnalysis.Ratios(input));
    }

    private static async Task<Results<Ok<LinguisticDto>, NotFound, ValidationProblem>> GetLinguisticAsync(
        Guid id, [AsParameters] AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(MeasureAnalysis.Linguistic(input));
    }

    private static async Task<Results<Ok<KanoDto>, NotFound, ValidationProblem>> GetKanoAsync(
        Guid id, [AsParameters] AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(MeasureAnalysis.Kano(input));
    }

    private static async Task<Results<Ok<ServqualDto>, NotFound, ValidationProblem>> GetServqualAsync(
        Guid id, [AsParameters] AnalysisQuery query, string? points, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (parsed, pointErrors) = MeasureAnalysis.ParsePoints(points);
        var (input, errors) = await LoadAsync(id, query, db, user, cache, ct);
        if (errors is not null || pointErrors.Count > 0)
        {
            var all = new Dictionary<string, string[]>(errors ?? [], StringComparer.Ordinal);
            foreach (var (field, messages) in pointErrors)
            {
                all[field] = messages;
            }
            return TypedResults.ValidationProblem(all);
        }
        if (input is null)
        {
            return TypedResults.NotFound();
        }
        var (result, evaluationErrors) = MeasureAnalysis.Servqual(input, parsed);
        return result is null ? TypedResults.ValidationProblem(evaluationErrors) : TypedResults.Ok(result);
    }

    /// <summary>The filter's errors (→ 400), else the input (null → 404).</summary>
    private static async Task<(AnalysisInput? Input, Dictionary<string, string[]>? Errors)> LoadAsync(
        Guid id, AnalysisQuery query, ManyiDbContext db, CurrentUser user, WaveDataCache cache, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(query.UnitId, query.Segment, query.Channel, query.From, query.To);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (await AnalysisInput.LoadAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, ct), null);
    }
}

/// <summary>The filter of every analysis route (the same query parameters as the results API).</summary>
public sealed record AnalysisQuery(string? UnitId, string? Segment, string? Channel, string? From, string? To);
