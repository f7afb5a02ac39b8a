using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// <c>/customers/value/settings</c>: the customer value policy (docs/indirect-measures.md, product.md M1.5) — basis, window, discount
/// rate, horizon, retention (empty = measured), standard value, pyramid tiers — saved with its Version as the concurrency check
/// (<see cref="CustomerValuePolicies.SaveAsync"/>, as the API); "Preview" runs <see cref="CustomerValuation.RunAsync"/> as a dry run,
/// "Compute and save" commits it. Saving and computing need <see cref="Policies.DesignSurveys"/> and an organisation-wide user like
/// the API; everybody else with ReadData sees the policy read-only.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class ValueSettingsModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService authorization, IStringLocalizer<IndirectMeasuresResource> m)
    : PageModel
{
    /// <summary>Empty tier rows offered below the stored ones.</summary>
    public const int SpareTiers = 2;

    [BindProperty]
    public string? Basis { get; set; }

    [BindProperty]
    public string? WindowMonths { get; set; }

    [BindProperty]
    public string? DiscountRate { get; set; }

    [BindProperty]
    public string? HorizonWindows { get; set; }

    [BindProperty]
    public string? RetentionRate { get; set; }

    [BindProperty]
    public string? StandardValue { get; set; }

    /// <summary>The tier rows: names and shares in percent, from the top.</summary>
    [BindProperty]
    public List<string?> TierName { get; set; } = [];

    [BindProperty]
    public List<string?> TierShare { get; set; } = [];

    [BindProperty]
    public Guid Version { get; set; }

    /// <summary>Optional end of the window (yyyy-MM-dd) for preview and compute.</summary>
    [BindProperty]
    public string? AsOf { get; set; }

    public bool CanSave { get; private set; }

    public CustomerValuePolicyDto Policy { get; private set; } = null!;

    public ValuationResult? Result { get; private set; }

    public bool Saved { get; private set; }

    public bool Stale { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Fill(Policy);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!await MaySaveAsync(ct))
        {
            return Forbid();
        }
        var saved = await CustomerValuePolicies.SaveAsync(db, user, clock, Input(), Version, ct);
        if (saved.Status == PolicySaveStatus.Invalid)
        {
            AddErrors(saved.Errors);
            await LoadAsync(ct);
            return Page();
        }
        if (saved.Status == PolicySaveStatus.Stale)
        {
            return await StaleAsync(ct);
        }
        Saved = true;
        await LoadAsync(ct);
        ModelState.Clear();
        Fill(Policy);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => ComputeAsync(false, ct);

    public Task<IActionResult> OnPostComputeAsync(CancellationToken ct) => ComputeAsync(true, ct);

    private async Task<IActionResult> ComputeAsync(bool commit, CancellationToken ct)
    {
        if (!await MaySaveAsync(ct))
        {
            return Forbid();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var asOf = MeasureQueries.Day(AsOf, "asOf", errors);
        if (errors.Count == 0)
        {
            var (result, problem) = await CustomerValuation.RunAsync(db, user, clock, asOf, commit, ct);
            if (problem is not null)
            {
                errors[problem.Field] = [problem.Reason];
            }
            Result = result;
        }
        AddErrors(errors);
        await LoadAsync(ct);
        ModelState.Remove(nameof(Version));
        Fill(Policy);
        return Page();
    }

    private async Task<IActionResult> StaleAsync(CancellationToken ct)
    {
        Stale = true;
        ModelState.AddModelError(nameof(Version), m["Settings.Stale"]);
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> MaySaveAsync(CancellationToken ct) =>
        (await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded && await user.VisibleUnitsAsync(ct) is null;

    private async Task LoadAsync(CancellationToken ct)
    {
        CanSave = await MaySaveAsync(ct);
        Policy = (await CustomerValuation.PolicyAsync(db, user.OrganisationId, false, ct)).ToDto();
    }

    /// <summary>The form's fields from the stored policy (or its defaults), shares in percent.</summary>
    private void Fill(CustomerValuePolicyDto policy)
    {
        var inv = CultureInfo.InvariantCulture;
        Basis = policy.Basis.ToString();
        WindowMonths = policy.WindowMonths.ToString(inv);
        DiscountRate = policy.DiscountRate.ToString("R", inv);
        HorizonWindows = policy.HorizonWindows.ToString(inv);
        RetentionRate = policy.RetentionRate?.ToString("R", inv);
        StandardValue = policy.StandardValue;
        TierName = policy.Tiers.Select(x => (string?)x.Name).ToList();
        TierShare = policy.Tiers.Select(x => (string?)Math.Round(x.Share * 100, 6).ToString("R", inv)).ToList();
        Version = policy.Version;
    }

    /// <summary>The posted form as the API's input; a field that does not parse becomes null (and so an error of that field).</summary>
    private CustomerValuePolicyInput Input()
    {
        static double? Real(string? value) =>
            double.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
        static int? Whole(string? value) =>
            int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var tiers = new List<PyramidTierSetting?>();
        for (var i = 0; i < Math.Max(TierName.Count, TierShare.Count); i++)
        {
            var name = i < TierName.Count ? TierName[i] : null;
            var share = i < TierShare.Count ? TierShare[i] : null;
            if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(share))
            {
                continue;
            }
            tiers.Add(new PyramidTierSetting(name?.Trim() ?? string.Empty, Real(share) is { } p ? p / 100 : double.NaN));
        }
        double? retention = string.IsNullOrWhiteSpace(RetentionRate) ? null : Real(RetentionRate) ?? double.NaN;
        return new CustomerValuePolicyInput(Basis, Whole(WindowMonths), Real(DiscountRate), Whole(HorizonWindows), retention, StandardValue, tiers);
    }

    /// <summary>The use case's errors under the form's field names, in the user's language where a text exists.</summary>
    private void AddErrors(Dictionary<string, string[]> errors)
    {
        foreach (var (field, reasons) in errors)
        {
            var key = field.StartsWith("tiers[", StringComparison.Ordinal) ? "tiers" : field;
            var text = m["Settings.Error." + key];
            foreach (var reason in reasons)
            {
                ModelState.AddModelError(field, text.ResourceNotFound ? reason : text.Value);
            }
        }
    }
}
