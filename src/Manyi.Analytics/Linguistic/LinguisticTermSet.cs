namespace Manyi.Analytics.Linguistic;

/// <summary>
/// An ordered linguistic term set S = {s0, …, sg} (Herrera &amp; Martínez 2000, IEEE TFS 8(6), §II); label i is s_i.
/// Aliases are alternative spellings of a label (e.g. the Chinese labels of the default set).
/// </summary>
public sealed record LinguisticTermSet
{
    private LinguisticTermSet(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<string>> aliases)
    {
        Labels = labels;
        Aliases = aliases;
    }

    /// <summary>The labels s0 … sg in increasing order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Other accepted spellings of each label, by label index.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Aliases { get; }

    /// <summary>g, the index of the highest label (the term set has g + 1 labels).</summary>
    public int Granularity => Labels.Count - 1;

    /// <summary>
    /// The default 7-label set of product.md M1.4: N, VL, L, M, H, VH, P (none … perfect), also accepted in Chinese
    /// (无, 很低, 低, 中, 高, 很高, 完美) and spelled out (none, very low, low, medium, high, very high, perfect).
    /// </summary>
    public static LinguisticTermSet Default { get; } = new(
        ["N", "VL", "L", "M", "H", "VH", "P"],
        [
            ["无", "none"],
            ["很低", "very low"],
            ["低", "low"],
            ["中", "medium"],
            ["高", "high"],
            ["很高", "very high"],
            ["完美", "perfect"],
        ]);

    /// <summary>A custom term set from its labels in increasing order (at least 2, no label twice).</summary>
    public static LinguisticTermSet Create(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var trimmed = labels.Select(l => (l ?? string.Empty).Trim()).ToArray();
        if (trimmed.Length < 2)
        {
            throw new ArgumentException($"a linguistic term set needs at least 2 labels, got {trimmed.Length}", nameof(labels));
        }
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i].Length == 0)
            {
                throw new ArgumentException($"label {i + 1} of the term set is empty", nameof(labels));
            }
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(trimmed[i], trimmed[j], StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"the term set lists label '{trimmed[i]}' twice (positions {j + 1} and {i + 1})", nameof(labels));
                }
            }
        }
        return new LinguisticTermSet(trimmed, trimmed.Select(_ => (IReadOnlyList<string>)[]).ToArray());
    }

    /// <summary>The index i of label s_i (case-insensitive, aliases accepted), or null when the text is not a label of the set.</summary>
    public int? IndexOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var text = label.Trim();
        for (var i = 0; i < Labels.Count; i++)
        {
            if (string.Equals(Labels[i], text, StringComparison.OrdinalIgnoreCase)
                || Aliases[i].Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>Step 1 of M1.4: the label as the 2-tuple (s_i, 0); throws with the accepted labels when it is not one.</summary>
    public TwoTuple ToTwoTuple(string label)
    {
        var index = IndexOf(label)
            ?? throw new ArgumentException($"'{label}' is not a label of the term set ({string.Join(", ", Labels)})", nameof(label));
        return new TwoTuple(index, 0);
    }

    /// <summary>The label s_i of a 2-tuple.</summary>
    public string Label(TwoTuple value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Index < 0 || value.Index > Granularity)
        {
            throw new ArgumentException($"2-tuple index {value.Index} is outside the term set s0…s{Granularity}", nameof(value));
        }
        return Labels[value.Index];
    }
}
