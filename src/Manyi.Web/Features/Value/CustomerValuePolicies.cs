using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>How a policy save ended.</summary>
public enum PolicySaveStatus
{
    Saved,
    Invalid,
    Stale,
}

/// <summary>The result of a policy save: the errors keyed by request field (Invalid) or the stored policy (Saved).</summary>
public sealed record PolicySave(PolicySaveStatus Status, Dictionary<string, string[]> Errors, CustomerValuePolicy? Policy);

/// <summary>Saving the customer value policy (product.md M1.5), for the API's PUT and the settings page alike.</summary>
public static class CustomerValuePolicies
{
    /// <summary>Checks a policy input; the errors are keyed by request field.</summary>
    public static Dictionary<string, string[]> Validate(CustomerValuePolicyInput? input, out CustomerValueBasis basis)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        basis = CustomerValueBasis.Profit;
        if (input is null)
        {
            errors["body"] = ["send the policy as JSON"];
            return errors;
        }
        if (string.IsNullOrWhiteSpace(input.Basis) || !Enum.TryParse(input.Basis.Trim(), true, out basis) || !Enum.IsDefined(basis) || int.TryParse(input.Basis, out _))
        {
            errors["basis"] = ["basis must be revenue, profit or presentValue"];
        }
        if (input.WindowMonths is not (>= 1 and <= 120))
        {
            errors["windowMonths"] = ["windowMonths must be a whole number from 1 to 120"];
        }
        if (input.DiscountRate is not { } d || !(d >= 0 && d <= 1))
        {
            errors["discountRate"] = ["discountRate must be a number from 0 to 1 (e.g. 0.08 for 8 % per window)"];
        }
        if (input.HorizonWindows is not (>= 0 and <= 50))
        {
            errors["horizonWindows"] = ["horizonWindows must be a whole number from 0 to 50"];
        }
        if (input.RetentionRate is { } r && !(r >= 0 && r <= 1))
        {
            errors["retentionRate"] = ["retentionRate must be empty (measured) or a number from 0 to 1"];
        }
        if (!string.Equals(input.StandardValue, "Mean", StringComparison.Ordinal) && !string.Equals(input.StandardValue, "Minimum", StringComparison.Ordinal))
        {
            errors["standardValue"] = ["standardValue must be Mean or Minimum"];
        }
        if (input.Tiers is not { Count: >= 1 and <= 10 })
        {
            errors["tiers"] = ["tiers must list 1 to 10 tiers from the top"];
        }
        else
        {
            for (var i = 0; i < input.Tiers.Count; i++)
            {
                var tier = input.Tiers[i];
                if (tier is null || string.IsNullOrWhiteSpace(tier.Name) || tier.Name.Length > 50)
                {
                    errors[string.Create(CultureInfo.InvariantCulture, $"tiers[{i}].name")] = ["each tier needs a name of at most 50 characters"];
                }
                if (tier is null || !(tier.Share > 0 && tier.Share <= 1))
                {
                    errors[string.Create(CultureInfo.InvariantCulture, $"tiers[{i}].share")] = ["each tier's share is a number above 0 and at most 1"];
                }
            }
            if (input.Tiers.All(t => t is not null) && Math.Abs(input.Tiers.Sum(t => t!.Share) - 1) > 1e-6)
            {
                errors["tiers"] = ["the tiers' shares must sum to 1"];
            }
            else if (input.Tiers.Where(t => t?.Name is not null).GroupBy(t => t!.Name.Trim(), StringComparer.Ordinal).Any(g => g.Count() > 1))
            {
                errors["tiers"] = ["the tier names must differ"];
            }
        }
        return errors;
    }

    /// <summary>
    /// Validates and replaces the organisation's policy when <paramref name="version"/> is the stored one (empty = none stored yet),
    /// with a new version and the audit entry; Stale, with nothing saved, when another writer came first. The caller has checked
    /// the user is organisation-wide.
    /// </summary>
    public static async Task<PolicySave> SaveAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, CustomerValuePolicyInput? input, Guid? version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = Validate(input, out var basis);
        if (errors.Count > 0)
        {
            return new(PolicySaveStatus.Invalid, errors, null);
        }
        var policy = await CustomerValuation.PolicyAsync(db, user.OrganisationId, true, ct);
        if (version != policy.Version)
        {
            return new(PolicySaveStatus.Stale, errors, null);
        }
        if (policy.Version == Guid.Empty)
        {
            policy.Id = Guid.NewGuid();
            db.CustomerValuePolicies.Add(policy);
        }
        policy.Basis = basis;
        policy.WindowMonths = input!.WindowMonths!.Value;
        policy.DiscountRate = input.DiscountRate!.Value;
        policy.HorizonWindows = input.HorizonWindows!.Value;
        policy.RetentionRate = input.RetentionRate;
        policy.StandardValue = input.StandardValue!;
        policy.Tiers = input.Tiers!.Select(t => new PyramidTierSetting(t!.Name.Trim(), t.Share)).ToList();
        policy.UpdatedAt = clock.GetUtcNow();
        policy.Version = Guid.NewGuid();
        AuditLog.Write(db, user, clock, "customer-value.policy", policy.Id.ToString("D", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture,
            $"basis={basis} window={policy.WindowMonths} d={policy.DiscountRate:R} H={policy.HorizonWindows} rho={policy.RetentionRate?.ToString("R", CultureInfo.InvariantCulture) ?? "measured"}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent writer (stale version, or the first policy created twice): nothing saved.
            db.ChangeTracker.Clear();
            return new(PolicySaveStatus.Stale, errors, null);
        }
        return new(PolicySaveStatus.Saved, errors, policy);
    }
}
