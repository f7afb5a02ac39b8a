using System.Globalization;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Analysis;

/// <summary>Number formats of the measure pages (invariant culture; "—" for a missing or suppressed value).</summary>
public static class MeasureFormat
{
    public static string Number(double? value, int digits = 2) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>/analysis/{waveId}/overview: headline measures with n and interval.</summary>
public sealed class OverviewModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "overview";

    public OverviewDto? Result { get; private set; }

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct) => Result = await MeasureAnalysis.OverviewAsync(Db, input, Clock, ct);
}

/// <summary>/analysis/{waveId}/index: index tree with n and drill-down by unit.</summary>
public sealed class IndexTreeModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "index";

    public IndexAnalysisDto? Result { get; private set; }

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct) => Result = await MeasureAnalysis.IndexAsync(Db, input, ct);
}

/// <summary>/analysis/{waveId}/ratios: expectation–perception ratios.</summary>
public sealed class RatiosModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "ratios";

    public RatiosDto? Result { get; private set; }

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        Result = MeasureAnalysis.Ratios(input);
        return Task.CompletedTask;
    }
}

/// <summary>/analysis/{waveId}/linguistic: 2-tuple evaluation and its quadrant chart.</summary>
public sealed class LinguisticModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "linguistic";

    public LinguisticDto? Result { get; private set; }

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        Result = MeasureAnalysis.Linguistic(input);
        return Task.CompletedTask;
    }
}

/// <summary>/analysis/{waveId}/kano: Better–Worse chart.</summary>
public sealed class KanoPageModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "kano";

    public KanoDto? Result { get; private set; }

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        Result = MeasureAnalysis.Kano(input);
        return Task.CompletedTask;
    }
}

/// <summary>/analysis/{waveId}/servqual: gaps by dimension and item.</summary>
public sealed class ServqualModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "servqual";

    public ServqualDto? Result { get; private set; }

    /// <summary>Importance points per dimension as the API takes them (<c>tangibles=10,reliability=30,…</c>); the page's form sends one
    /// field <c>points.&lt;dimension&gt;</c> per dimension instead.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Points { get; set; }

    /// <summary>The points in use (null = plain gaps only).</summary>
    public IReadOnlyDictionary<string, double>? Entered { get; private set; }

    /// <summary>Why the points were not used.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    protected override Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var plain = MeasureAnalysis.Servqual(input, null).Result;
        Result = plain;
        var text = Points;
        if (string.IsNullOrWhiteSpace(text) && plain is not null)
        {
            text = string.Join(",", plain.Dimensions
                .Select(d => (d.Dimension, Value: Request.Query["points." + d.Dimension].ToString().Trim()))
                .Where(d => d.Value.Length > 0)
                .Select(d => d.Dimension + "=" + d.Value));
        }
        var (points, errors) = MeasureAnalysis.ParsePoints(text);
        if (points is not null && errors.Count == 0)
        {
            var (weighted, refused) = MeasureAnalysis.Servqual(input, points);
            errors = refused;
            if (weighted is not null && refused.Count == 0)
            {
                Result = weighted;
                Entered = points;
            }
        }
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        return Task.CompletedTask;
    }
}
