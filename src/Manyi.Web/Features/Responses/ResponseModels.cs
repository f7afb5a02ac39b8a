using System.Globalization;
using System.Text.Json;
using Manyi.Core.Collection;

namespace Manyi.Web.Features.Responses;

/// <summary>A stored response as the API shows it.</summary>
public sealed record ResponseDto(
    Guid Id,
    Guid WaveId,
    Guid QuestionnaireVersionId,
    ResponseChannel Channel,
    ResponseStatus Status,
    Guid? CustomerId,
    Guid? UnitId,
    Guid? StaffUserId,
    Guid? CollectionPointId,
    string? ExternalReference,
    string Language,
    IReadOnlyDictionary<string, string> Answers,
    string? SuspectedDuplicate,
    DateTimeOffset StartedAt,
    DateTimeOffset? SubmittedAt);

/// <summary>Mapping of responses to their DTO, written by hand.</summary>
public static class ResponseMapping
{
    public static ResponseDto ToDto(this Response r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.WaveId, r.QuestionnaireVersionId, r.Channel, r.Status, r.CustomerId, r.UnitId, r.StaffUserId, r.CollectionPointId,
            r.ExternalReference, r.Language, r.Answers, r.SuspectedDuplicate, r.StartedAt, r.SubmittedAt);
    }
}

/// <summary>
/// The body of <c>POST /api/v1/waves/{waveId}/responses</c>. Answers are cells of the questionnaire (docs/api-responses.md): a
/// JSON string, number or boolean each (a list for multiple choice and ranking).
/// </summary>
public sealed record SubmitResponseInput
{
    public Dictionary<string, JsonElement>? Answers { get; init; }

    public string? CustomerCode { get; init; }

    public Guid? CustomerId { get; init; }

    public Guid? UnitId { get; init; }

    public Guid? StaffUserId { get; init; }

    public string? ExternalReference { get; init; }

    public string? Language { get; init; }

    /// <summary>The answers as text cells; null values (JSON null) are blanks. Objects are not answers: their cell is reported.</summary>
    public (Dictionary<string, string?> Answers, List<string> BadCells) AnswerCells()
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        var bad = new List<string>();
        foreach (var (key, value) in Answers ?? [])
        {
            string? text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "1",
                JsonValueKind.False => "0",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
                    string.Join(';', value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
                _ => Bad(key),
            };
            cells[key] = text;
        }
        return (cells, bad);

        string? Bad(string key)
        {
            bad.Add(key);
            return null;
        }
    }
}

/// <summary>One page of responses and the number that match.</summary>
public sealed record ResponsePage(IReadOnlyList<ResponseDto> Items, int Page, int PageSize, int Total);

/// <summary>The query string of the response list; every value is checked and a bad one is reported by its name.</summary>
public sealed record ResponseListQuery
{
    public string? Status { get; init; }

    public string? Channel { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Sort { get; init; }

    public string? Page { get; init; }

    public string? PageSize { get; init; }
}

/// <summary>A checked response filter (see <see cref="Parse"/>).</summary>
public sealed record ResponseFilter(ResponseStatus? Status, ResponseChannel? Channel, DateTimeOffset? From, DateTimeOffset? To, bool Ascending, int Page, int PageSize)
{
    public const int MaxPageSize = 500;

    /// <summary>The accepted sort keys (a whitelist: anything else is refused, never put into a query).</summary>
    public static IReadOnlyList<string> Sorts { get; } = ["submittedAt", "-submittedAt"];

    public static (ResponseFilter Filter, Dictionary<string, string[]> Errors) Parse(ResponseListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ResponseStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (Enum.TryParse<ResponseStatus>(query.Status.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s) && !query.Status.Trim().All(char.IsDigit))
            {
                status = s;
            }
            else
            {
                errors["status"] = ["status must be inProgress, complete or noRating"];
            }
        }
        ResponseChannel? channel = null;
        if (!string.IsNullOrWhiteSpace(query.Channel))
        {
            if (Enum.TryParse<ResponseChannel>(query.Channel.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) && !query.Channel.Trim().All(char.IsDigit))
            {
                channel = c;
            }
            else
            {
                errors["channel"] = ["channel must be one of " + string.Join(", ", Enum.GetNames<ResponseChannel>().Select(n => n.ToLowerInvariant()))];
            }
        }
        var from = Time(query.From, "from");
        var to = Time(query.To, "to");
        var sort = string.IsNullOrWhiteSpace(query.Sort) ? "-submittedAt" : query.Sort.Trim();
        if (!Sorts.Contains(sort, StringComparer.Ordinal))
        {
            errors["sort"] = ["sort must be submittedAt or -submittedAt"];
        }
        var page = Number(query.Page, "page", 1, int.MaxValue, 1);
        var pageSize = Number(query.PageSize, "pageSize", 1, MaxPageSize, 50);
        return (new ResponseFilter(status, channel, from, to, sort == "submittedAt", page, pageSize), errors);

        DateTimeOffset? Time(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }
            errors[field] = [$"{field} must be a date or time, e.g. 2026-11-27 or 2026-11-27T08:00:00Z"];
            return null;
        }

        int Number(string? text, string field, int min, int max, int fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }
            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number from {min} to {max}")];
            return fallback;
        }
    }
}
