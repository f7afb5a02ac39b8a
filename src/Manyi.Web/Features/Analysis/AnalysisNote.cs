using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.Json.Serialization;
using Manyi.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Features.Analysis;

/// <summary>
/// An explanatory note of an analysis result: a key of <c>AnalysisNotesResource</c> and its arguments (already formatted with the
/// invariant culture). The JSON API writes it as its English sentence (the API documents English); pages and reports show it in
/// the reader's language with <see cref="In(IStringLocalizer)"/> (or <see cref="In(CultureInfo)"/> in files).
/// </summary>
[JsonConverter(typeof(AnalysisNoteJsonConverter))]
public sealed record AnalysisNote(string Key, IReadOnlyList<string> Args)
{
    private static readonly ResourceManager Texts = new("Manyi.Web.Resources.AnalysisNotesResource", typeof(AnalysisNotesResource).Assembly);

    /// <summary>A note of <paramref name="key"/> (one of <see cref="AnalysisNoteKeys"/>) with its arguments formatted in the invariant culture.</summary>
    public static AnalysisNote Of(string key, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new(key, [.. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty)]);
    }

    /// <summary>A note whose text is given as is (an English message of Manyi.Analytics), shown unchanged in every language.</summary>
    public static AnalysisNote Verbatim(string text) => new(AnalysisNoteKeys.Text, [text]);

    /// <summary>The English sentence (the API's text).</summary>
    public string English => Format(Texts.GetString(Key, CultureInfo.InvariantCulture) ?? Key);

    /// <summary>The sentence in the localizer's (the request's) culture; numbers stay as formatted in the invariant culture.</summary>
    public string In(IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var template = localizer[Key];
        return template.ResourceNotFound ? English : Format(template.Value);
    }

    /// <summary>The sentence in <paramref name="culture"/> (reports and files, which have a culture but no request localizer).</summary>
    public string In(CultureInfo culture) => Format(Texts.GetString(Key, culture) ?? Key);

    /// <inheritdoc />
    public override string ToString() => English;

    /// <summary>Structural equality over the arguments too (the record default compares the list by reference).</summary>
    public bool Equals(AnalysisNote? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal) && Args.SequenceEqual(other.Args, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Key), Args.Count);

    private string Format(string template) => string.Format(CultureInfo.InvariantCulture, template, [.. Args]);
}

/// <summary>Writes an <see cref="AnalysisNote"/> as its English sentence, reads a sentence back as a verbatim note.</summary>
public sealed class AnalysisNoteJsonConverter : JsonConverter<AnalysisNote>
{
    /// <inheritdoc />
    public override AnalysisNote Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AnalysisNote.Verbatim(reader.GetString() ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AnalysisNote value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.English);
    }
}
