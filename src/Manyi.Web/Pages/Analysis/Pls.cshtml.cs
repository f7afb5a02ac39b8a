using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Analysis;

/// <summary>PLS index model diagram and tables.</summary>
public sealed class PlsModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock) : AnalysisPageModel(db, user, cache, clock)
{
    public override string PageKey => "pls";

    /// <summary>acsi (default), ecsi or ccsi.</summary>
    [BindProperty(SupportsGet = true, Name = "model")]
    public string? IndexModel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bootstrap { get; set; }

    public PlsDto? Result { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (template, resamples, missing) = DriverAnalysisApi.ParsePls(IndexModel, Bootstrap, null, errors);
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        Result = await DriverAnalysis.PlsAsync(Db, input, template ?? Manyi.Analytics.Pls.SatisfactionIndexModels.Acsi, missing, resamples, ct);
    }

    /// <summary>Fixed diagram positions of the constructs (x, y in a 0–600 × 0–300 box).</summary>
    public static (int X, int Y) Position(string construct) => construct switch
    {
        "Image" => (0, 150),
        "Expectation" => (120, 20),
        "Quality" => (120, 280),
        "Value" => (260, 150),
        "Satisfaction" => (400, 150),
        "Complaints" => (560, 20),
        _ => (560, 280),
    };
}
