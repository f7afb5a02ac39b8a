using System.Text.Json;
using Manyi.Analytics.Pls;
using Manyi.Cli.Input;

namespace Manyi.Cli.Analyze;

/// <summary>
/// Reads a PLS model file (JSON): <c>{"constructs": [{"name", "indicators": [..], "mode": "A"|"B"}], "paths": [{"from", "to": "X"|["X", ..]}]}</c>.
/// Every problem is an <see cref="InputException"/> naming the file.
/// </summary>
internal static class PlspmModelFile
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static PlsPathModel Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: model file not found (give acsi, ecsi, ccsi or the path of a .json model file)");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}, line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path}: the model must be a JSON object with \"constructs\" and \"paths\"");
            }
            var constructs = Array(path, root, "constructs").Select((c, i) => Construct(path, c, i)).ToList();
            var paths = new List<StructuralPath>();
            foreach (var (element, i) in Array(path, root, "paths").Select((e, i) => (e, i)))
            {
                var from = Text(path, element, "from", $"paths[{i}]");
                if (!element.TryGetProperty("to", out var to))
                {
                    throw new InputException($"{path}: paths[{i}] has no \"to\" (a construct name or a list of them)");
                }
                var targets = to.ValueKind switch
                {
                    JsonValueKind.String => [to.GetString()!],
                    JsonValueKind.Array when to.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) =>
                        to.EnumerateArray().Select(t => t.GetString()!).ToList(),
                    _ => throw new InputException($"{path}: paths[{i}].to must be a construct name or a list of construct names"),
                };
                paths.AddRange(targets.Select(t => new StructuralPath(from, t)));
            }
            return new PlsPathModel(constructs, paths);
        }
    }

    private static ConstructBlock Construct(string path, JsonElement element, int index)
    {
        var where = $"constructs[{index}]";
        var name = Text(path, element, "name", where);
        if (!element.TryGetProperty("indicators", out var indicators) || indicators.ValueKind != JsonValueKind.Array
            || indicators.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw new InputException($"{path}: construct '{name}' needs \"indicators\": a list of column names");
        }
        var mode = OuterMode.A;
        if (element.TryGetProperty("mode", out var modeElement))
        {
            mode = (modeElement.ValueKind == JsonValueKind.String ? modeElement.GetString() : null)?.ToUpperInvariant() switch
            {
                "A" or "REFLECTIVE" => OuterMode.A,
                "B" or "FORMATIVE" => OuterMode.B,
                _ => throw new InputException($"{path}: construct '{name}' has mode {modeElement.GetRawText()}, which is not one of A (reflective), B (formative)"),
            };
        }
        return new ConstructBlock(name, indicators.EnumerateArray().Select(i => i.GetString()!).ToList(), mode);
    }

    private static List<JsonElement> Array(string path, JsonElement root, string property)
    {
        if (!root.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path}: the model needs \"{property}\": a list");
        }
        return array.EnumerateArray().ToList();
    }

    private static string Text(string path, JsonElement element, string property, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new InputException($"{path}: {where} needs \"{property}\" (text)");
        }
        return value.GetString()!;
    }
}
