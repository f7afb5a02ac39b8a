using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;

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
        var saved = await CustomerValuePolicies.SaveAsync(db, user, clock, input, CustomersApi.ParseETag(ifMatch), ct);
        switch (saved.Status)
        {
            case PolicySaveStatus.Invalid:
                return TypedResults.ValidationProblem(saved.Errors);
            case PolicySaveStatus.Stale:
                return Stale();
            default:
                request.HttpContext.Response.Headers.ETag = CustomersApi.ETag(saved.Policy!.Version);
                return TypedResults.Ok(saved.Policy.ToDto());
        }
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
