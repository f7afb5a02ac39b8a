using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

/// <summary>Documents stored as JSON text (portable across SQLite and PostgreSQL), compared by their serialised form.</summary>
internal static class JsonColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the property as JSON text; change tracking compares the JSON.</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<T>(v, Options)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                v => v == null ? 0 : JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                v => v == null ? v : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!));
    }

    /// <summary>A text → text dictionary stored as a JSON object (ordinal keys).</summary>
    public static PropertyBuilder<Dictionary<string, string>> HasJsonDictionaryConversion(this PropertyBuilder<Dictionary<string, string>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key.GetHashCode(StringComparison.Ordinal), kv.Value.GetHashCode(StringComparison.Ordinal))),
                v => new Dictionary<string, string>(v, StringComparer.Ordinal)));
    }
}
