using System.Text.Json;
using System.Text.Json.Serialization;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;

namespace Manyi.Web.Features.Surveys;

/// <summary>An indicator system in a list.</summary>
public sealed record IndicatorSystemSummary(Guid Id, string Name, string? Description, int Indicators, DateTimeOffset UpdatedAt, Guid Version);

/// <summary>An indicator system with its tree and weight derivations; <see cref="Version"/> is the ETag.</summary>
public sealed record IndicatorSystemDto(Guid Id, string Name, string? Description, IndicatorSystemDefinition Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Guid Version);

/// <summary>What a client sends to create or replace an indicator system; <see cref="Definition"/> is <c>{nodes: [...], derivations?: [...]}</c>.</summary>
public sealed record IndicatorSystemInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Definition { get; init; }
}

/// <summary>
/// <c>POST /indicator-systems/{id}/weights</c>: sets the weights of the children of <see cref="Parent"/>. <see cref="Method"/> is
/// entered (with <see cref="Weights"/> by child code), ahp (with <see cref="Matrix"/>, rows and columns in the children's order),
/// importance or entropy (with <see cref="WaveId"/>: computed from the wave's complete responses).
/// </summary>
public sealed record WeightsInput
{
    public string? Parent { get; init; }

    public string? Method { get; init; }

    public Dictionary<string, double>? Weights { get; init; }

    public double[][]? Matrix { get; init; }

    public Guid? WaveId { get; init; }
}

/// <summary>One child's new weight and what it came from (mean importance, entropy, respondents).</summary>
public sealed record ChildWeight(string Code, double Weight, int? Respondents = null, double? MeanImportance = null, double? Entropy = null);

/// <summary>The outcome of setting weights: the children's weights, AHP consistency, and the system as now stored.</summary>
public sealed record WeightsResult(string Parent, WeightMethod Method, IReadOnlyList<ChildWeight> Weights, double? ConsistencyRatio, double? LambdaMax, IndicatorSystemDto System);

/// <summary>A questionnaire in a list.</summary>
public sealed record QuestionnaireSummary(Guid Id, string Name, string? TemplateKey, Guid? IndicatorSystemId, int LatestVersion, bool Archived, DateTimeOffset UpdatedAt);

/// <summary>A version in a questionnaire's history; <see cref="HasResponses"/> = frozen (an edit makes the next version).</summary>
public sealed record VersionSummary(int Number, DateTimeOffset CreatedAt, bool HasResponses, int Questions);

/// <summary>A questionnaire with its versions (newest first).</summary>
public sealed record QuestionnaireDto(
    Guid Id, string Name, string? TemplateKey, Guid? IndicatorSystemId, int LatestVersion, bool Archived,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<VersionSummary> Versions);

/// <summary>One version's content.</summary>
public sealed record QuestionnaireVersionDto(Guid Id, Guid QuestionnaireId, int Number, DateTimeOffset CreatedAt, bool HasResponses, QuestionnaireDefinition Definition);

/// <summary>What a client sends to create a questionnaire or save a new definition of it.</summary>
public sealed record QuestionnaireInput
{
    public string? Name { get; init; }

    public Guid? IndicatorSystemId { get; init; }

    public JsonElement? Definition { get; init; }
}

/// <summary>The result of saving a definition: the questionnaire, the version written and whether it is a new one.</summary>
public sealed record QuestionnaireSaved(QuestionnaireDto Questionnaire, int Version, bool NewVersion);

/// <summary><c>POST /questionnaires/from-template</c>.</summary>
public sealed record FromTemplateInput
{
    public string? Template { get; init; }

    public string? Name { get; init; }
}

/// <summary>A shipped template as the list shows it.</summary>
public sealed record TemplateDto(string Key, LocalText Name, LocalText Description, int Questions, bool HasIndicatorSystem);

/// <summary>Hand-written mappings to DTOs and the JSON reading of definitions.</summary>
public static class SurveyMapping
{
    /// <summary>Options for definitions sent by clients (camelCase, enums by name in any case).</summary>
    public static JsonSerializerOptions DefinitionJson { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IndicatorSystemDto ToDto(this IndicatorSystem s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Name, s.Description, s.Definition, s.CreatedAt, s.UpdatedAt, s.Version);
    }

    public static QuestionnaireVersionDto ToDto(this QuestionnaireVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Id, v.QuestionnaireId, v.Number, v.CreatedAt, v.HasResponses, v.Definition);
    }

    public static TemplateDto ToDto(this QuestionnaireTemplate t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Key, t.Name, t.Description, t.Questionnaire.Questions.Count(), t.Indicators is not null);
    }

    /// <summary>Reads a definition of type <typeparamref name="T"/> from JSON; the error names the JSON path of the problem.</summary>
    public static (T? Value, string? Error) Read<T>(JsonElement? json)
        where T : class
    {
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            return (null, "definition is required and must be a JSON object");
        }
        try
        {
            var value = element.Deserialize<T>(DefinitionJson);
            return value is null ? (null, "definition is required") : (value, null);
        }
        catch (JsonException e)
        {
            return (null, $"definition is not valid at {e.Path ?? "$"}: {FirstLine(e.Message)}");
        }
    }

    /// <summary>Reads a definition from text (the JSON editor page).</summary>
    public static (T? Value, string? Error) Read<T>(string? text)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "definition is required");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return Read<T>(document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            return (null, $"definition is not JSON (line {e.LineNumber + 1}): {FirstLine(e.Message)}");
        }
    }

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, DefinitionJson);

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
