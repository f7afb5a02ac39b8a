using System.Globalization;
using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Analysis;

/// <summary>How the driver pages show numbers and texts (invariant digits, "—" for a missing or suppressed value).</summary>
public static class DriverFormat
{
    /// <summary>A number with <paramref name="digits"/> decimals, or "—".</summary>
    public static string N(double? value, int digits = 2) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    /// <summary>A signed change, or "—".</summary>
    public static string Delta(double? value, int digits = 2) =>
        value is { } v && double.IsFinite(v) ? (v > 0 ? "+" : string.Empty) + N(v, digits) : "—";

    /// <summary>A p-value: "&lt; 0.001" or three decimals.</summary>
    public static string P(double? value) => value switch
    {
        null => "—",
        < 0.001 => "< 0.001",
        { } v => v.ToString("F3", CultureInfo.InvariantCulture),
    };

    /// <summary>A number rounded for a chart (null stays null).</summary>
    public static double? Round(double? value, int digits = 3) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    /// <summary>The text in the current UI culture.</summary>
    public static string Text(LocalText? text, string fallback) => text?.For(CultureInfo.CurrentUICulture) ?? fallback;
}
