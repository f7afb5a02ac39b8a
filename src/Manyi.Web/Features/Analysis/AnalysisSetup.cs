using Manyi.Data;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Users;

namespace Manyi.Web.Features.Analysis;

/// <summary>Services of the analysis pages and API (product.md M9, M1 models on the server).</summary>
public static class AnalysisSetup
{
    /// <summary>Registers the wave data cache and its options (<c>Manyi:Analysis</c>).</summary>
    public static IServiceCollection AddManyiAnalysis(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>().BindConfiguration("Manyi:Analysis");
        services.AddSingleton<WaveDataCache>();
        return services;
    }
}

/// <summary>What every analysis computation starts from: the scope (wave, questionnaire, the viewer's units, the filter) and
/// the rows of the cached wave data that it admits.</summary>
public sealed record AnalysisInput(ResultsScope Scope, WaveSlice Slice)
{
    /// <summary>The input for a viewer; null when the wave (or the filter's unit) does not exist for the viewer (→ 404).</summary>
    public static async Task<AnalysisInput?> LoadAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, ResultsFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(viewer);
        var scope = await ResultsScope.LoadAsync(db, viewer.OrganisationId, viewer.VisibleUnits, waveId, filter, ct);
        if (scope is null)
        {
            return null;
        }
        var data = await cache.GetAsync(db, scope.Wave, scope.Definition, ct);
        return new AnalysisInput(scope, data.Slice(scope.Units, filter));
    }

    /// <summary>The wave's minimum n (at least 1): every score of fewer answers is suppressed.</summary>
    public int MinimumN => Math.Max(1, Scope.Wave.MinimumN);

    /// <summary>Confidence level of intervals: the sample plan's, else 0.95.</summary>
    public double Confidence => Scope.Wave.SamplePlan?.Confidence is > 0 and < 1 and var c ? c : 0.95;
}
