using System.Globalization;
using Manyi.Analytics.Scores;
using Manyi.Cli.Input;

namespace Manyi.Cli.Analyze;

/// <summary>What a column of a response file is analysed as by <c>manyi analyze scores</c>.</summary>
internal enum ScoresRole
{
    /// <summary>A rating item (mean, s, top-box, 0–100 score, distribution).</summary>
    Item,

    /// <summary>The 0–10 likelihood-to-recommend column (--nps).</summary>
    Nps,

    /// <summary>The satisfaction column (--csat).</summary>
    Csat,

    /// <summary>The 1–7 effort column (--ces).</summary>
    Ces,
}

/// <summary>
/// The running counts of one column of <c>manyi analyze scores</c>: answers per whole scale point (the fast path),
/// between-point answers in an <see cref="ItemAccumulator"/>, and blanks. A default item column is "pending" until its
/// first non-blank cell: a number makes it an item, text (e.g. a comment column) leaves it out.
/// </summary>
internal sealed class ScoresTally
{
    private readonly long[] _counts;
    private readonly int _minimum;
    private readonly uint _span;
    private readonly bool _explicit;
    private ItemAccumulator? _between;

    public ScoresTally(string name, int column, ScoresRole role, Scale scale, bool isExplicit)
    {
        Name = name;
        Column = column;
        Role = role;
        Scale = scale;
        _explicit = isExplicit;
        Pending = !isExplicit;
        _counts = new long[scale.PointCount];
        _minimum = scale.Minimum;
        _span = (uint)(scale.Maximum - scale.Minimum);
    }

    public string Name { get; }

    public int Column { get; }

    public ScoresRole Role { get; }

    public Scale Scale { get; }

    /// <summary>True while a default item column has had only blank cells.</summary>
    public bool Pending { get; private set; }

    /// <summary>True when the column turned out to hold text: it is not analysed.</summary>
    public bool Ignored { get; private set; }

    public long Missing { get; private set; }

    /// <summary>Answers per whole point, index 0 = the scale's minimum.</summary>
    public IReadOnlyList<long> Counts => _counts;

    /// <summary>Counts a cell written as plain digits; false (nothing counted) when it is not a point of the scale.</summary>
    public bool TryAddDigits(int value)
    {
        var offset = (uint)(value - _minimum);
        if (offset > _span)
        {
            return false;
        }
        _counts[offset]++;
        Pending = false;
        return true;
    }

    /// <summary>Counts any other cell: blank, a number written otherwise (3.5, " 4", "+4"), or text.</summary>
    public void AddText(string? text, string file, int line)
    {
        if (text is null)
        {
            Missing++;
            return;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            if (Pending)
            {
                Pending = false;
                Ignored = true;
                return;
            }
            throw InputException.AtCell(file, line, Name, text, _explicit || Role != ScoresRole.Item
                ? "is not a number"
                : "is not a number (the column was taken as an item because its first value is a number; choose the items with --items)");
        }
        if (value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue)
        {
            if (!TryAddDigits((int)value))
            {
                throw InputException.AtCell(file, line, Name, text, OutsideReason());
            }
            return;
        }
        if (Role != ScoresRole.Item)
        {
            throw InputException.AtCell(file, line, Name, text, ScoresForms.NotOnScale(Scale));
        }
        if (!Scale.Contains(value))
        {
            throw InputException.AtCell(file, line, Name, text, OutsideReason());
        }
        Pending = false;
        (_between ??= new ItemAccumulator(Scale)).Add(value);
    }

    /// <summary>The item statistics of everything counted (call once, at the end).</summary>
    public ItemStatistics Statistics(ItemOptions options)
    {
        var accumulator = _between ?? new ItemAccumulator(Scale);
        for (var i = 0; i < _counts.Length; i++)
        {
            accumulator.AddPoint(Scale.Minimum + i, _counts[i]);
        }
        accumulator.AddMissing(Missing);
        var result = accumulator.Result(options);
        _between = null;
        return result;
    }

    private string OutsideReason() => Role == ScoresRole.Item
        ? string.Create(CultureInfo.InvariantCulture, $"is outside the scale {Scale.Minimum}-{Scale.Maximum}{(_explicit ? string.Empty : " (choose the item columns with --items, or the scale with --scale)")}")
        : ScoresForms.NotOnScale(Scale);
}
