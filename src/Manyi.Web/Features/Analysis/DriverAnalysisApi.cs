using System.Globalization;
using Manyi.Analytics.Pls;
using Manyi.Analytics.Value;
using Manyi.Data;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Analysis;

/// <summary>Analysis API of what drives and changes a wave's satisfaction: IPA, key drivers, value-weighted view and
/// satisfaction trap, wave-over-wave changes, trends, PLS index model (product.md M9, M1.5, M1.8, M1.9, M1.11);
/// docs/analysis-drivers.md.</summary>
public static class DriverAnalysisApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapDriverAnalysisApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var waves = api.MapGroup("/waves/{id:guid}/analysis").WithTags("Analysis");
        waves.MapGet("/drivers", GetDriversAsync).WithName("GetWaveDrivers")
            .WithSummary("Key drivers of overall satisfaction: Johnson's relative weights (% of R²), r, beta").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/ipa", GetIpaAsync).WithName("GetWaveIpa")
            .WithSummary("Importance–performance quadrants (stated or derived importance)").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/value", GetValueAsync).WithName("GetWaveValue")
            .WithSummary("Customer-value-weighted scores and the satisfaction trap against an earlier wave").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/compare", GetCompareAsync).WithName("GetWaveCompare")
            .WithSummary("Wave over wave: CSAT, NPS, attribute means and index before/after with significance, per segment").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/trends", GetTrendsAsync).WithName("GetWaveTrends")
            .WithSummary("The questionnaire's waves over time and this wave by week or month, with confidence bands").RequireAuthorization(Policies.ReadData);
        waves.MapGet("/pls", GetPlsAsync).WithName("GetWavePls")
            .WithSummary("PLS path model on the ACSI, ECSI or CCSI structure: path coefficients, R², loadings, index").RequireAuthorization(Policies.ReadData);
        return api;
    }

    private static async Task<Results<Ok<DriversDto>, NotFound, ValidationProblem>> GetDriversAsync(
        Guid id, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var input = await AnalysisInput.LoadAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, ct);
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(DriverAnalysis.Drivers(input));
    }

    private static async Task<Results<Ok<IpaDto>, NotFound, ValidationProblem>> GetIpaAsync(
        Guid id, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var input = await AnalysisInput.LoadAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, ct);
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(DriverAnalysis.Ipa(input));
    }

    private static async Task<Results<Ok<ValueDto>, NotFound, ValidationProblem>> GetValueAsync(
        Guid id, string? against, string? @base, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var againstId = ParseAgainst(against, errors);
        var standard = ParseBase(@base, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, id, filter, ct);
        if (input is null)
        {
            return TypedResults.NotFound();
        }
        var (other, notFound) = await DriverAnalysis.AgainstAsync(db, cache, viewer, input, againstId, ct);
        return notFound ? TypedResults.NotFound() : TypedResults.Ok(await DriverAnalysis.ValueAsync(db, input, other, standard, ct));
    }

    private static async Task<Results<Ok<CompareDto>, NotFound, ValidationProblem>> GetCompareAsync(
        Guid id, string? against, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var againstId = ParseAgainst(against, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, id, filter, ct);
        if (input is null)
        {
            return TypedResults.NotFound();
        }
        var (other, notFound) = await DriverAnalysis.AgainstAsync(db, cache, viewer, input, againstId, ct);
        return notFound ? TypedResults.NotFound() : TypedResults.Ok(await DriverAnalysis.CompareAsync(db, input, other, ct));
    }

    private static async Task<Results<Ok<TrendsDto>, NotFound, ValidationProblem>> GetTrendsAsync(
        Guid id, string? by, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var byMonth = ParseBy(by, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var viewer = await Viewer.FromAsync(user, ct);
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, id, filter, ct);
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(await DriverAnalysis.TrendsAsync(db, cache, viewer, input, byMonth, ct));
    }

    private static async Task<Results<Ok<PlsDto>, NotFound, ValidationProblem>> GetPlsAsync(
        Guid id, string? model, string? bootstrap, string? missing, string? unitId, string? segment, string? channel, string? from, string? to,
        ManyiDbContext db, WaveDataCache cache, CurrentUser user, CancellationToken ct)
    {
        var (filter, errors) = ResultsFilter.Parse(unitId, segment, channel, from, to);
        var (template, resamples, treatment) = ParsePls(model, bootstrap, missing, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var input = await AnalysisInput.LoadAsync(db, cache, await Viewer.FromAsync(user, ct), id, filter, ct);
        return input is null ? TypedResults.NotFound() : TypedResults.Ok(await DriverAnalysis.PlsAsync(db, input, template!, treatment, resamples, ct));
    }

    /// <summary>The <c>against</c> wave id, or null when not given; an error names the field otherwise.</summary>
    public static Guid? ParseAgainst(string? against, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(against))
        {
            return null;
        }
        if (Guid.TryParse(against, out var id))
        {
            return id;
        }
        errors["against"] = ["against must be the id of a wave"];
        return null;
    }

    /// <summary>The standard value K_o: mean (default) or minimum.</summary>
    public static StandardValueBase ParseBase(string? value, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "mean":
                return StandardValueBase.Mean;
            case "minimum" or "min":
                return StandardValueBase.Minimum;
            default:
                errors["base"] = ["base must be mean or minimum"];
                return StandardValueBase.Mean;
        }
    }

    /// <summary>True for months, false for weeks (default).</summary>
    public static bool ParseBy(string? by, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (by?.Trim().ToLowerInvariant())
        {
            case null or "" or "week":
                return false;
            case "month":
                return true;
            default:
                errors["by"] = ["by must be week or month"];
                return false;
        }
    }

    /// <summary>The PLS options: model acsi (default) / ecsi / ccsi, bootstrap 0–<see cref="DriverAnalysis.MaxBootstrap"/> (more is capped),
    /// missing mean (default) / listwise.</summary>
    public static (IndexModelTemplate? Template, int Bootstrap, MissingDataTreatment Missing) ParsePls(
        string? model, string? bootstrap, string? missing, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var template = SatisfactionIndexModels.Find(string.IsNullOrWhiteSpace(model) ? "acsi" : model.Trim());
        if (template is null)
        {
            errors["model"] = ["model must be acsi, ecsi or ccsi"];
        }
        var resamples = 0;
        if (!string.IsNullOrWhiteSpace(bootstrap))
        {
            if (!int.TryParse(bootstrap, NumberStyles.Integer, CultureInfo.InvariantCulture, out resamples) || resamples < 0)
            {
                errors["bootstrap"] = ["bootstrap must be a whole number of resamples, 0 or more"];
                resamples = 0;
            }
            resamples = Math.Min(resamples, DriverAnalysis.MaxBootstrap);
        }
        var treatment = MissingDataTreatment.Mean;
        switch (missing?.Trim().ToLowerInvariant())
        {
            case null or "" or "mean":
                break;
            case "listwise":
                treatment = MissingDataTreatment.Listwise;
                break;
            default:
                errors["missing"] = ["missing must be mean or listwise"];
                break;
        }
        return (template, resamples, treatment);
    }
}
