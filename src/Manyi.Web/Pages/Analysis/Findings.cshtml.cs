using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Manyi.Web.Pages.Analysis;

/// <summary>The findings of a wave, grouped by source, with "Create action" for those who may handle cases (docs/findings.md).</summary>
public sealed class FindingsModel(ManyiDbContext db, CurrentUser user, WaveDataCache cache, TimeProvider clock, IAuthorizationService authorization)
    : AnalysisPageModel(db, user, cache, clock)
{
    /// <summary>The sources in the order the page shows them.</summary>
    public static IReadOnlyList<ActionSource> Sources { get; } = [ActionSource.Trap, ActionSource.TwoTuple, ActionSource.Ipa, ActionSource.RootCause];

    private WaveDataCache Rows => HttpContext.RequestServices.GetRequiredService<WaveDataCache>();

    public override string PageKey => "findings";

    [BindProperty(SupportsGet = true)]
    public string? Against { get; set; }

    public IReadOnlyList<Finding> Findings { get; private set; } = [];

    public bool CanCreateAction { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    protected override async Task ComputeAsync(AnalysisInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var againstId = DriverAnalysisApi.ParseAgainst(Against, errors);
        Problems = [.. errors.SelectMany(e => e.Value.Select(m => e.Key + ": " + m))];
        Findings = await AnalysisFindings.ListAsync(Db, Rows, await Viewer.FromAsync(Caller, ct), input, againstId, ct) ?? [];
        CanCreateAction = (await authorization.AuthorizeAsync(User, Policies.HandleCases)).Succeeded;
    }
}
