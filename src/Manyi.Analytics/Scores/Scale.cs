using System.Globalization;

namespace Manyi.Analytics.Scores;

/// <summary>
/// A rating scale whose answer points are the whole numbers <see cref="Minimum"/>…<see cref="Maximum"/>
/// (Likert k = 3…11 points, 0–10 likelihood, 1–5 CSAT, 1–7 CES; product.md M1.1), optionally with a label per point.
/// </summary>
public sealed record Scale
{
    /// <summary>The largest number of points a scale may have (a 0–100 slider has 101).</summary>
    public const int MaximumPoints = 1001;

    /// <summary>A scale from <paramref name="minimum"/> to <paramref name="maximum"/>; <paramref name="labels"/> name every point in order.</summary>
    public Scale(int minimum, int maximum, IReadOnlyList<string>? labels = null)
    {
        if (maximum <= minimum)
        {
            throw new ArgumentException($"A scale needs its maximum above its minimum, but it is {minimum}–{maximum}.", nameof(maximum));
        }
        if ((long)maximum - minimum + 1 > MaximumPoints)
        {
            throw new ArgumentException($"A scale may have at most {MaximumPoints} points, but {minimum}–{maximum} has {(long)maximum - minimum + 1}.", nameof(maximum));
        }
        if (labels is not null && labels.Count != maximum - minimum + 1)
        {
            throw new ArgumentException($"The scale {minimum}–{maximum} has {maximum - minimum + 1} points but {labels.Count} labels were given.", nameof(labels));
        }
        Minimum = minimum;
        Maximum = maximum;
        Labels = labels;
    }

    /// <summary>The lowest point.</summary>
    public int Minimum { get; }

    /// <summary>The highest point.</summary>
    public int Maximum { get; }

    /// <summary>One label per point from <see cref="Minimum"/> up, or null.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>The number of answer points, <c>max − min + 1</c>.</summary>
    public int PointCount => Maximum - Minimum + 1;

    /// <summary>The 0–10 likelihood-to-recommend scale of the Net Promoter Score (Reichheld 2003).</summary>
    public static Scale Likelihood { get; } = new(0, 10);

    /// <summary>The 1–5 satisfaction scale of CSAT.</summary>
    public static Scale Satisfaction { get; } = new(1, 5);

    /// <summary>The 1–7 agreement scale of the Customer Effort Score ("the company made it easy").</summary>
    public static Scale Effort { get; } = new(1, 7);

    /// <summary>A k-point Likert scale 1…k, k = 3…11 (Likert 1932), with optional labels.</summary>
    public static Scale Likert(int points, IReadOnlyList<string>? labels = null)
    {
        if (points is < 3 or > 11)
        {
            throw new ArgumentException($"A Likert scale has 3 to 11 points, not {points}.", nameof(points));
        }
        return new Scale(1, points, labels);
    }

    /// <summary>True when <paramref name="value"/> lies within the scale's bounds.</summary>
    public bool Contains(double value) => value >= Minimum && value <= Maximum;

    /// <summary>The label of a point, or null when the scale has none.</summary>
    public string? Label(int point) => Labels is null || point < Minimum || point > Maximum ? null : Labels[point - Minimum];

    /// <summary>The lowest value counted in the top <paramref name="boxes"/> boxes: <c>max − boxes + 1</c>.</summary>
    public int TopBoxThreshold(int boxes)
    {
        if (boxes < 1 || boxes >= PointCount)
        {
            throw new ArgumentException($"The number of top boxes must be between 1 and {PointCount - 1} on the scale {this}, not {boxes}.", nameof(boxes));
        }
        return Maximum - boxes + 1;
    }

    /// <summary>The 0–100 rescaling <c>100·(x − min)/(max − min)</c> of a value on this scale.</summary>
    public double ToHundred(double value) => 100.0 * (value - Minimum) / (Maximum - Minimum);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the value when it is not a number within the scale.</summary>
    internal void Check(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Value {value.ToString(CultureInfo.InvariantCulture)} is not a finite number.", nameof(value));
        }
        if (!Contains(value))
        {
            throw new ArgumentException($"Value {value.ToString(CultureInfo.InvariantCulture)} is outside the scale {this}.", nameof(value));
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> unless the value is one of the scale's whole-number points.</summary>
    internal int CheckPoint(double value)
    {
        Check(value);
        if (value != Math.Floor(value))
        {
            throw new ArgumentException($"Value {value.ToString(CultureInfo.InvariantCulture)} is not one of the points {this} (whole numbers).", nameof(value));
        }
        return (int)value;
    }

    /// <summary>The scale as written in messages and options, e.g. <c>1–5</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Minimum}–{Maximum}");
}
