using System.Globalization;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>The customer value policy as read and written; <see cref="Version"/> is the ETag (empty = not stored yet, defaults).</summary>
public sealed record CustomerValuePolicyDto(
    CustomerValueBasis Basis, int WindowMonths, double DiscountRate, int HorizonWindows, double? RetentionRate, string StandardValue,
    IReadOnlyList<PyramidTierSetting> Tiers, DateTimeOffset? ComputedAt, DateOnly? ComputedFrom, DateOnly? ComputedTo, int ComputedCustomers, Guid Version);

/// <summary>A new policy (PUT): every field; basis revenue | profit | presentValue, standardValue Mean | Minimum.</summary>
public sealed record CustomerValuePolicyInput(
    string? Basis, int? WindowMonths, double? DiscountRate, int? HorizonWindows, double? RetentionRate, string? StandardValue, IReadOnlyList<PyramidTierSetting?>? Tiers);

/// <summary>The customer value policy and the computation of K from the indirect measures (product.md M1.5).</summary>
public static partial class CustomerValueApi
{
    /// <summary>Maps the routes of this part under the API group.</summary>
    public static IEndpointRouteBuilder MapCustomerValueApi(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var value = api.MapGroup("/customer-value").WithTags("Customer value");
        value.MapGet("/policy", GetPolicyAsync).WithName("GetCustomerValuePolicy")
            .WithSummary("The organisation's customer value policy (defaults when none is stored); the ETag header is its version")
            .RequireAuthorization(Policies.ReadData);
        value.MapPut("/policy", PutPolicyAsync).WithName("PutCustomerValuePolicy")
            .WithSummary("Replace the customer value policy; needs If-Match with its ETag (organisation-wide users only)")
            .RequireAuthorization(Policies.DesignSurveys);
        value.MapPost("/compute", ComputeAsync).WithName("ComputeCustomerValue")
            .WithSummary("Compute K from the indirect measures: mode=dry-run (default) returns the summary, commit writes Customer.Value; asOf=yyyy-MM-dd ends the window")
            .RequireAuthorization(Policies.DesignSurveys);
        return api;
    }

    /// <summary>The policy as the API shows it.</summary>
    public static CustomerValuePolicyDto ToDto(this CustomerValuePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.Basis, policy.WindowMonths, policy.DiscountRate, policy.HorizonWindows, policy.RetentionRate, policy.StandardValue,
            policy.Tiers, policy.ComputedAt, policy.ComputedFrom, policy.ComputedTo, policy.ComputedCustomers, policy.Version);
    }

    private static async Task<Ok<CustomerValuePolicyDto>> GetPolicyAsync(ManyiDbContext db, CurrentUser user, HttpResponse response, CancellationToken ct)
    {
        var policy = await CustomerValuation.PolicyAsync(db, user.OrganisationId, false, ct);
        response.Headers.ETag = CustomersApi.ETag(policy.Version);
        return TypedResults.Ok(policy.ToDto());
    }

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

    private static async Task<Results<Ok<CustomerValuePolicyDto>, ValidationProblem, ProblemHttpResult>> PutPolicyAsync(
        CustomerValuePolicyInput? input, HttpRequest request, ManyiDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        if (await user.VisibleUnitsAsync(ct) is not null)
        {
            return OrganisationWide();
        }
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem("send the policy's ETag (from GET) in an If-Match header to replace it", statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");
        }
        var errors = Validate(input, out var basis);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var policy = await CustomerValuation.PolicyAsync(db, user.OrganisationId, true, ct);
        if (CustomersApi.ParseETag(ifMatch) != policy.Version)
        {
            return Stale();
        }
        var now = clock.GetUtcNow();
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
        policy.UpdatedAt = now;
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
            return Stale();
        }
        request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(policy.Version);
        return TypedResults.Ok(policy.ToDto());
    }

    private static async Task<Results<Ok<ValuationResult>, ValidationProblem, ProblemHttpResult>> ComputeAsync(
        string? mode, string? asOf, ManyiDbContext db, CurrentUser user, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var commit = false;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            if (string.Equals(mode, "commit", StringComparison.OrdinalIgnoreCase))
            {
                commit = true;
            }
            else if (!string.Equals(mode, "dry-run", StringComparison.OrdinalIgnoreCase))
            {
                errors["mode"] = ["mode must be dry-run or commit"];
            }
        }
        var day = MeasureQueries.Day(asOf, "asOf", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await user.VisibleUnitsAsync(ct) is not null)
        {
            return OrganisationWide();
        }
        var (result, problem) = await CustomerValuation.RunAsync(db, user, clock, day, commit, ct);
        if (problem is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [problem.Field] = [problem.Reason] });
        }
        Log.Computed(logs.CreateLogger("Manyi.Value"), result!.Committed, result.Basis, result.Customers);
        return TypedResults.Ok(result);
    }

    private static ProblemHttpResult OrganisationWide() =>
        TypedResults.Problem("customer value is computed for the whole organisation; a user limited to some units may read it but not change it",
            statusCode: StatusCodes.Status403Forbidden, title: "Organisation-wide setting");

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem("the policy was changed since you read it; nothing was saved — read it again and repeat your change", statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale ETag");

    private static partial class Log
    {
        [LoggerMessage(7921, LogLevel.Information, "Customer value computed (committed {Committed}) on basis {Basis} for {Customers} customers")]
        public static partial void Computed(ILogger logger, bool committed, CustomerValueBasis basis, int customers);
    }
}
