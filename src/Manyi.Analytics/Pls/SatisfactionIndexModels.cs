using System.Globalization;

namespace Manyi.Analytics.Pls;

/// <summary>A construct of a ready-made model: its name and the prefix of its indicator columns (PREFIX, PREFIX1, PREFIX2, …).</summary>
public sealed record ConstructTemplate(string Name, string IndicatorPrefix);

/// <summary>A ready-made satisfaction-index model: constructs named with their expected column prefixes, and its paths.</summary>
public sealed record IndexModelTemplate(string Name, string Source, IReadOnlyList<ConstructTemplate> Constructs, IReadOnlyList<StructuralPath> Paths)
{
    /// <summary>
    /// The model with each construct's indicators taken from <paramref name="columns"/>: every column named the prefix alone or the prefix
    /// followed by digits (case-insensitive), in number order. All blocks are reflective (mode A).
    /// </summary>
    public PlsPathModel Resolve(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var blocks = new List<ConstructBlock>();
        foreach (var construct in Constructs)
        {
            var indicators = columns
                .Where(c => Matches(c, construct.IndicatorPrefix))
                .OrderBy(c => Suffix(c, construct.IndicatorPrefix))
                .ToList();
            if (indicators.Count == 0)
            {
                throw new ArgumentException(
                    $"the {Name} model's construct '{construct.Name}' expects columns named {construct.IndicatorPrefix}1, {construct.IndicatorPrefix}2, … "
                    + $"(or {construct.IndicatorPrefix}) but the file has none; rename the columns or give a model file with --model FILE.json");
            }
            blocks.Add(new ConstructBlock(construct.Name, indicators));
        }
        return new PlsPathModel(blocks, Paths);
    }

    private static bool Matches(string column, string prefix) =>
        column.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && column[prefix.Length..].All(char.IsAsciiDigit);

    private static int Suffix(string column, string prefix) =>
        column.Length == prefix.Length ? 0 : int.Parse(column[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>
/// The ready-made national satisfaction-index models (product.md M1.9). Column prefixes are those of the ECSI mobile-phone
/// questionnaire (Tenenhaus et al. 2005, the "mobi" data): IMAG image, CUEX expectation, PERQ perceived quality, PERV perceived
/// value, CUSA satisfaction, CUSCO complaints, CUSL loyalty.
/// </summary>
public static class SatisfactionIndexModels
{
    private static readonly ConstructTemplate Image = new("Image", "IMAG");
    private static readonly ConstructTemplate Expectation = new("Expectation", "CUEX");
    private static readonly ConstructTemplate Quality = new("Quality", "PERQ");
    private static readonly ConstructTemplate Value = new("Value", "PERV");
    private static readonly ConstructTemplate Satisfaction = new("Satisfaction", "CUSA");
    private static readonly ConstructTemplate Complaints = new("Complaints", "CUSCO");
    private static readonly ConstructTemplate Loyalty = new("Loyalty", "CUSL");

    /// <summary>ACSI (Fornell et al. 1996, J. Marketing 60(4), Fig. 1): expectations, perceived quality, perceived value → satisfaction → complaints, loyalty.</summary>
    public static IndexModelTemplate Acsi { get; } = new(
        "ACSI",
        "Fornell, Johnson, Anderson, Cha & Bryant (1996), The American Customer Satisfaction Index, Journal of Marketing 60(4), Figure 1",
        [Expectation, Quality, Value, Satisfaction, Complaints, Loyalty],
        Paths(
            ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
            ("Quality", "Value"), ("Quality", "Satisfaction"),
            ("Value", "Satisfaction"),
            ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
            ("Complaints", "Loyalty")));

    /// <summary>ECSI as estimated on the mobi data by Tenenhaus et al. (2005, CSDA 48, Fig. 8): the ACSI model plus image → expectation, satisfaction, loyalty.</summary>
    public static IndexModelTemplate Ecsi { get; } = new(
        "ECSI",
        "Tenenhaus, Esposito Vinzi, Chatelin & Lauro (2005), PLS path modeling, Computational Statistics & Data Analysis 48, section 6",
        [Image, Expectation, Quality, Value, Satisfaction, Complaints, Loyalty],
        Paths(
            ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
            ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
            ("Quality", "Value"), ("Quality", "Satisfaction"),
            ("Value", "Satisfaction"),
            ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
            ("Complaints", "Loyalty")));

    /// <summary>
    /// CCSI (China Customer Satisfaction Index, GB/T 19038 / Tsinghua model): brand image → expectation, perceived quality, perceived
    /// value, satisfaction; expectation → quality, value, satisfaction; quality → value, satisfaction; value → satisfaction; satisfaction → loyalty.
    /// </summary>
    public static IndexModelTemplate Ccsi { get; } = new(
        "CCSI",
        "China Customer Satisfaction Index (GB/T 19038-2009; Tsinghua University / China Quality Association model)",
        [Image, Expectation, Quality, Value, Satisfaction, Loyalty],
        Paths(
            ("Image", "Expectation"), ("Image", "Quality"), ("Image", "Value"), ("Image", "Satisfaction"),
            ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
            ("Quality", "Value"), ("Quality", "Satisfaction"),
            ("Value", "Satisfaction"),
            ("Satisfaction", "Loyalty")));

    /// <summary>The ready-made model called <paramref name="name"/> (acsi, ecsi, ccsi; case-insensitive), or null.</summary>
    public static IndexModelTemplate? Find(string name) => name?.ToUpperInvariant() switch
    {
        "ACSI" => Acsi,
        "ECSI" => Ecsi,
        "CCSI" => Ccsi,
        _ => null,
    };

    private static List<StructuralPath> Paths(params (string From, string To)[] paths) =>
        paths.Select(p => new StructuralPath(p.From, p.To)).ToList();
}
