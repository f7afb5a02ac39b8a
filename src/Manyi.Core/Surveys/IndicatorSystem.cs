using System.Text.Json.Serialization;

namespace Manyi.Core.Surveys;

/// <summary>How the weights of one group of sibling indicators were obtained (product.md M1.3 a–e).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WeightMethod>))]
public enum WeightMethod
{
    Entered,
    Importance,
    Ahp,
    Entropy,
    Derived,
}

/// <summary>A node of an indicator system: overall → categories (一级指标) → base indicators (二级/三级指标).</summary>
public sealed record IndicatorNodeDefinition
{
    /// <summary>Code unique in the system; questions bind to base indicators by it.</summary>
    public required string Code { get; init; }

    /// <summary>Code of the parent; null for the root (the overall index).</summary>
    public string? Parent { get; init; }

    public required LocalText Name { get; init; }

    /// <summary>Weight among its siblings (siblings sum to 1); ignored for the root.</summary>
    public double Weight { get; init; }
}

/// <summary>How the weights of the children of <see cref="Parent"/> were set, with what the method needs to be re-run.</summary>
public sealed record WeightDerivation
{
    public required string Parent { get; init; }

    public required WeightMethod Method { get; init; }

    /// <summary>AHP: the pairwise comparison matrix, rows in the order of the children.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Matrix { get; init; }

    /// <summary>AHP: the consistency ratio accepted.</summary>
    public double? ConsistencyRatio { get; init; }

    /// <summary>Importance/entropy: the wave whose answers gave the weights.</summary>
    public Guid? WaveId { get; init; }

    public DateTimeOffset DerivedAt { get; init; }
}

/// <summary>The tree and its weight derivations (stored as JSON on <see cref="IndicatorSystem"/>).</summary>
public sealed record IndicatorSystemDefinition
{
    public required IReadOnlyList<IndicatorNodeDefinition> Nodes { get; init; }

    public IReadOnlyList<WeightDerivation> Derivations { get; init; } = [];
}

/// <summary>A reusable indicator system (product.md M1.3, M3): defined once, bound by many questionnaires.</summary>
public sealed class IndicatorSystem
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required IndicatorSystemDefinition Definition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (ETag).</summary>
    public Guid Version { get; set; }
}
