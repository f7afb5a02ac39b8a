using Manyi.Web.Features.Customers;

namespace Manyi.Web.Features.Importing;

/// <summary>The query options every file import endpoint takes: <c>mode=dry-run|commit</c>, <c>acceptGoodRows</c>, <c>format=csv|xlsx</c>.</summary>
public static class ImportOptions
{
    /// <summary>Reads the options; <c>Errors</c> names each bad one by its query field (empty when all are good).</summary>
    public static (bool Commit, bool AcceptGoodRows, ImportFormat? Format, Dictionary<string, string[]> Errors) Parse(string? mode, string? acceptGoodRows, string? format)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var commit = false;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            if (mode.Equals("commit", StringComparison.OrdinalIgnoreCase))
            {
                commit = true;
            }
            else if (!mode.Equals("dry-run", StringComparison.OrdinalIgnoreCase))
            {
                errors["mode"] = ["mode must be dry-run or commit"];
            }
        }
        var accept = false;
        if (!string.IsNullOrWhiteSpace(acceptGoodRows) && !bool.TryParse(acceptGoodRows, out accept))
        {
            errors["acceptGoodRows"] = ["acceptGoodRows must be true or false"];
        }
        ImportFormat? fileFormat = null;
        if (!string.IsNullOrWhiteSpace(format))
        {
            fileFormat = format.ToLowerInvariant() switch
            {
                "csv" => ImportFormat.Csv,
                "xlsx" => ImportFormat.Xlsx,
                _ => null,
            };
            if (fileFormat is null)
            {
                errors["format"] = ["format must be csv or xlsx"];
            }
        }
        return (commit, accept, fileFormat, errors);
    }
}
