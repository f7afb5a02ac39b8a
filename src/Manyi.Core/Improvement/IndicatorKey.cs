namespace Manyi.Core.Improvement;

/// <summary>
/// The measures a goal targets and an improvement action is linked to, written as keys (product.md M7):
/// <list type="bullet">
/// <item><c>index</c> — the satisfaction index of the questionnaire's indicator system (0–100);</item>
/// <item><c>nps</c>, <c>csat</c> — NPS (−100…100) and CSAT top-2-box % of the questionnaire;</item>
/// <item><c>overall</c> — mean overall satisfaction on 0–100 (<c>WaveRoles</c>' outcome cell);
/// <c>overall:weighted</c> — its customer-value-weighted mean (product.md M1.5);</item>
/// <item><c>cell:&lt;key&gt;</c> — mean of one questionnaire cell (a question or an indicator's question) on 0–100;</item>
/// <item><c>measure:&lt;key&gt;</c> — an indirect measure (product.md M6), summed over the unit's customers and groups in the period.</item>
/// </list>
/// Survey keys need a questionnaire; measure keys do not.
/// </summary>
public static class IndicatorKey
{
    public const string Index = "index";

    public const string Nps = "nps";

    public const string Csat = "csat";

    public const string Overall = "overall";

    public const string OverallWeighted = "overall:weighted";

    public const string CellPrefix = "cell:";

    public const string MeasurePrefix = "measure:";

    /// <summary>Longest key accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>The key of one questionnaire cell.</summary>
    public static string Cell(string cellKey) => CellPrefix + cellKey;

    /// <summary>The key of one indirect measure.</summary>
    public static string Measure(string measure) => MeasurePrefix + measure;

    /// <summary>Whether the key is well formed (not whether the cell or measure exists).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength }
        && (key is Index or Nps or Csat or Overall or OverallWeighted
            || (key.StartsWith(CellPrefix, StringComparison.Ordinal) && key.Length > CellPrefix.Length)
            || (key.StartsWith(MeasurePrefix, StringComparison.Ordinal) && key.Length > MeasurePrefix.Length));

    /// <summary>Whether the key is read from survey responses (and so needs a questionnaire), not from imported measures.</summary>
    public static bool IsSurvey(string key) => !key.StartsWith(MeasurePrefix, StringComparison.Ordinal);
}
