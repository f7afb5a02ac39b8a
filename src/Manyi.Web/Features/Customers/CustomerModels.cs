using Manyi.Core.Customers;

namespace Manyi.Web.Features.Customers;

/// <summary>A customer as the API and the pages show it. <see cref="Version"/> is the ETag (send it back in <c>If-Match</c>).</summary>
public sealed record CustomerDto(
    Guid Id,
    string Code,
    string Name,
    CustomerType Type,
    CustomerStatus Status,
    string? Segment,
    string? Tier,
    Guid UnitId,
    Guid? OwnerId,
    string? Email,
    string? Phone,
    decimal? Value,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Guid Version);

/// <summary>
/// What a client sends to create or replace a customer. Type and status are text ("person"/"company", "active"/"lost",
/// any case; empty = person/active) so that a wrong value is reported as a validation error naming the field.
/// </summary>
public sealed record CustomerInput
{
    public string? Code { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Segment { get; init; }

    public string? Tier { get; init; }

    public Guid? UnitId { get; init; }

    public Guid? OwnerId { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public decimal? Value { get; init; }

    public Dictionary<string, string>? Attributes { get; init; }
}

/// <summary>One page of customers and the total number that match the filter.</summary>
public sealed record CustomerPage(IReadOnlyList<CustomerDto> Items, int Page, int PageSize, int Total);

/// <summary>
/// Filter, sort and page of a customer search (list, export, pages). Build it from text with <see cref="CustomerFilter.Parse"/>
/// (which reports bad values by field name) or directly.
/// </summary>
public sealed record CustomerFilter
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Text searched in code, name, e-mail and phone (case-insensitive, "contains").</summary>
    public string? Q { get; init; }

    public string? Segment { get; init; }

    public string? Tier { get; init; }

    /// <summary>Customers of this unit and of every unit below it.</summary>
    public Guid? UnitId { get; init; }

    public CustomerStatus? Status { get; init; }

    public CustomerType? Type { get; init; }

    public Guid? OwnerId { get; init; }

    /// <summary>One of <see cref="CustomerSort.Keys"/>, optionally with a leading '-' for descending; null = code ascending.</summary>
    public string? Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Reads a filter from query-string text; every bad value is reported under the name of its parameter.</summary>
    public static (CustomerFilter Filter, Dictionary<string, string[]> Errors) Parse(CustomerListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = new CustomerFilter
        {
            Q = Blank(query.Q),
            Segment = Blank(query.Segment),
            Tier = Blank(query.Tier),
            UnitId = ParseGuid(query.UnitId, "unitId", errors),
            OwnerId = ParseGuid(query.OwnerId, "ownerId", errors),
            Status = ParseEnum<CustomerStatus>(query.Status, "status", errors),
            Type = ParseEnum<CustomerType>(query.Type, "type", errors),
            Sort = Blank(query.Sort),
            Page = ParseInt(query.Page, "page", 1, int.MaxValue, 1, errors),
            PageSize = ParseInt(query.PageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors),
        };
        foreach (var (key, value) in filter.Validate())
        {
            errors[key] = value;
        }
        return (filter, errors);
    }

    /// <summary>Checks page, page size and sort key against their limits and the whitelist.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Page < 1)
        {
            errors["page"] = ["page must be 1 or more"];
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}"];
        }
        if (Sort is not null && !CustomerSort.IsKnown(Sort))
        {
            errors["sort"] = [$"sort must be one of {string.Join(", ", CustomerSort.Keys)}, optionally with a leading '-' for descending order"];
        }
        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Guid? ParseGuid(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }
        errors[field] = [$"{field} must be an id (GUID)"];
        return null;
    }

    private static T? ParseEnum<T>(string? text, string field, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (CustomerText.TryParseEnum<T>(text, out var value))
        {
            return value;
        }
        errors[field] = [$"{field} must be one of {string.Join(", ", CustomerText.EnumNames<T>())}"];
        return null;
    }

    private static int ParseInt(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[field] = [max == int.MaxValue ? $"{field} must be a whole number of at least {min}" : $"{field} must be a whole number between {min} and {max}"];
        return fallback;
    }
}

/// <summary>The query string of the customer list and export, as text (parsed and checked by <see cref="CustomerFilter.Parse"/>).</summary>
public sealed record CustomerListQuery
{
    public string? Q { get; init; }

    public string? Segment { get; init; }

    public string? Tier { get; init; }

    public string? UnitId { get; init; }

    public string? Status { get; init; }

    public string? Type { get; init; }

    public string? OwnerId { get; init; }

    public string? Sort { get; init; }

    public string? Page { get; init; }

    public string? PageSize { get; init; }
}

/// <summary>How a use case ended; the API maps each to a status code, the pages to a message.</summary>
public enum Outcome
{
    Ok,
    NotFound,
    Invalid,

    /// <summary>The caller's version (ETag) is not the current one: nothing was changed.</summary>
    Stale,
}

/// <summary>The result of a customer use case: a value when <see cref="Outcome.Ok"/>, errors by field when <see cref="Outcome.Invalid"/>.</summary>
public sealed record UseCaseResult<T>(Outcome Outcome, T? Value, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The reason code (<see cref="Reasons"/>) of each refused field, keyed like <see cref="Errors"/>; the pages translate them.</summary>
    public IReadOnlyDictionary<string, string> ReasonCodes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Builds <see cref="UseCaseResult{T}"/> values.</summary>
public static class UseCaseResult
{
    private static readonly Dictionary<string, string[]> None = new(StringComparer.Ordinal);

    public static UseCaseResult<T> Ok<T>(T value) => new(Outcome.Ok, value, None);

    public static UseCaseResult<T> NotFound<T>() => new(Outcome.NotFound, default, None);

    public static UseCaseResult<T> Stale<T>() => new(Outcome.Stale, default, None);

    public static UseCaseResult<T> Invalid<T>(IReadOnlyDictionary<string, string[]> errors) => new(Outcome.Invalid, default, errors);

    /// <summary>Invalid with the English message of each field's error and its reason code.</summary>
    public static UseCaseResult<T> Invalid<T>(IReadOnlyDictionary<string, RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new(Outcome.Invalid, default, errors.ToDictionary(e => e.Key, e => new[] { e.Value.Message }, StringComparer.Ordinal))
        {
            ReasonCodes = errors.ToDictionary(e => e.Key, e => e.Value.Code, StringComparer.Ordinal),
        };
    }
}
