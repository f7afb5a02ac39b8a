using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Manyi.Analytics;
using Manyi.Analytics.Scores;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary>A confidence interval in JSON: <c>{ "low", "high" }</c>.</summary>
internal sealed record IntervalJson(double Low, double High)
{
    public static IntervalJson? From(ConfidenceInterval? interval) => interval is null ? null : new IntervalJson(interval.Low, interval.High);
}

/// <summary>The JSON form of an NPS result: the <c>nps</c> command's document and the <c>nps</c> block of <c>scores</c>.</summary>
internal sealed record NpsJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    string Column, long N, long Missing, bool Suppressed, long? Promoters, long? Passives, long? Detractors,
    double? PromoterPercent, double? PassivePercent, double? DetractorPercent, double? Nps, double? StandardError,
    double Confidence, IntervalJson? ConfidenceInterval);

/// <summary>The JSON form of a CSAT result.</summary>
internal sealed record CsatJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    string Column, string Scale, int TopBoxes, long N, long Missing, bool Suppressed, long? Satisfied, double? Csat,
    double? MarginOfError, double Confidence, IntervalJson? ConfidenceInterval, IntervalMethod? Interval);

/// <summary>The JSON form of a CES result.</summary>
internal sealed record CesJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    string Column, long N, long Missing, bool Suppressed, double? Mean, double? StandardDeviation, long? Agree,
    double? AgreePercent, double Confidence, IntervalJson? ConfidenceInterval);

/// <summary>Answers of one column counted per scale point, with the blanks.</summary>
internal sealed record PointCounts(long[] Counts, long Missing);

/// <summary>What the score commands (scores, nps, csat, ces) share: options, JSON and table forms, column reading.</summary>
internal static partial class ScoresForms
{
    /// <summary>The <c>--column C</c> option of the single-score commands.</summary>
    public static Option<string> ColumnOption(string what) =>
        new("--column") { Description = $"The column holding the {what} answers (blank cells are not counted).", Required = true };

    /// <summary>The <c>--top-box K</c> option (default 2).</summary>
    public static Option<int> TopBoxOption() =>
        new("--top-box") { Description = "How many top boxes count as satisfied / top-box (default 2: 4 and 5 on 1-5).", DefaultValueFactory = _ => 2 };

    /// <summary>Parses a scale such as <c>1-5</c>, <c>0-10</c> or <c>1–7</c>.</summary>
    public static Scale ParseScale(string option, string? text)
    {
        var match = ScalePattern().Match(text ?? string.Empty);
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
        {
            throw new InputException($"option {option}: '{text}' is not a scale like 1-5 or 0-10");
        }
        return new Scale(min, max);
    }

    /// <summary>The scale as written in options and JSON, e.g. <c>1-5</c>.</summary>
    public static string ScaleText(Scale scale) => string.Create(CultureInfo.InvariantCulture, $"{scale.Minimum}-{scale.Maximum}");

    /// <summary>
    /// Counts the answers of <paramref name="column"/> per point of <paramref name="scale"/>; a cell that is not a whole
    /// number on the scale is bad input naming file, line, column and value.
    /// </summary>
    public static PointCounts ReadPoints(InputTable table, int column, Scale scale)
    {
        var counts = new long[scale.PointCount];
        long missing = 0;
        foreach (var row in table.Rows)
        {
            if (table.Number(row, column) is not { } value)
            {
                missing++;
                continue;
            }
            if (value != Math.Floor(value) || value < scale.Minimum || value > scale.Maximum)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[column], InputTable.Text(row, column), NotOnScale(scale));
            }
            counts[(int)value - scale.Minimum]++;
        }
        return new PointCounts(counts, missing);
    }

    /// <summary>The reason in a message about a value that is not one of a scale's points.</summary>
    public static string NotOnScale(Scale scale) =>
        string.Create(CultureInfo.InvariantCulture, $"is not an answer on the {scale.Minimum}-{scale.Maximum} scale (whole numbers {scale.Minimum} to {scale.Maximum})");

    /// <summary>NPS from counts on 0–10.</summary>
    public static NetPromoterScore Nps(IReadOnlyList<long> counts, double confidence, int minimumN) =>
        NetPromoter.FromCounts(
            counts.Skip(NetPromoter.PromoterMinimum).Sum(),
            counts.Skip(NetPromoter.DetractorMaximum + 1).Take(NetPromoter.PromoterMinimum - NetPromoter.DetractorMaximum - 1).Sum(),
            counts.Take(NetPromoter.DetractorMaximum + 1).Sum(),
            confidence,
            minimumN);

    /// <summary>CSAT from counts on <paramref name="scale"/>.</summary>
    public static CustomerSatisfactionScore Csat(Scale scale, IReadOnlyList<long> counts, int topBoxes, double confidence, int minimumN)
    {
        var threshold = scale.TopBoxThreshold(topBoxes);
        return CustomerSatisfaction.FromCounts(counts.Sum(), counts.Skip(threshold - scale.Minimum).Sum(), topBoxes, confidence, minimumN);
    }

    public static NpsJson NpsForm(string? model, string column, long missing, NetPromoterScore r) =>
        new(model, column, r.N, missing, r.Suppressed, r.Promoters, r.Passives, r.Detractors, r.PromoterPercent, r.PassivePercent,
            r.DetractorPercent, r.Nps, r.StandardError, r.Confidence, IntervalJson.From(r.ConfidenceInterval));

    public static CsatJson CsatForm(string? model, string column, Scale scale, long missing, CustomerSatisfactionScore r) =>
        new(model, column, ScaleText(scale), r.TopBoxes, r.N, missing, r.Suppressed, r.Satisfied, r.Csat, r.MarginOfError,
            r.Confidence, IntervalJson.From(r.ConfidenceInterval), r.Interval);

    public static CesJson CesForm(string? model, string column, long missing, CustomerEffortScore r) =>
        new(model, column, r.N, missing, r.Suppressed, r.Mean, r.StandardDeviation, r.Agree, r.AgreePercent, r.Confidence,
            IntervalJson.From(r.ConfidenceInterval));

    /// <summary>One-row table of an NPS result (also its CSV form).</summary>
    public static ReportTable NpsTable(NpsJson j) => new(
        $"Net Promoter Score — column '{j.Column}'",
        ["column", "n", "missing", "promoters", "passives", "detractors", "promoter %", "passive %", "detractor %", "nps", "standard error", "ci low", "ci high"],
        [[j.Column, j.N, j.Missing, j.Promoters, j.Passives, j.Detractors, j.PromoterPercent, j.PassivePercent, j.DetractorPercent, j.Nps, j.StandardError, j.ConfidenceInterval?.Low, j.ConfidenceInterval?.High]]);

    /// <summary>One-row table of a CSAT result (also its CSV form).</summary>
    public static ReportTable CsatTable(CsatJson j) => new(
        $"CSAT — column '{j.Column}', top {j.TopBoxes} of {j.Scale}",
        ["column", "n", "missing", "satisfied", "csat %", "margin of error", "ci low", "ci high", "interval"],
        [[j.Column, j.N, j.Missing, j.Satisfied, j.Csat, j.MarginOfError, j.ConfidenceInterval?.Low, j.ConfidenceInterval?.High, j.Interval is { } m ? m.ToString().ToLowerInvariant() : null]]);

    /// <summary>One-row table of a CES result (also its CSV form).</summary>
    public static ReportTable CesTable(CesJson j) => new(
        $"Customer Effort Score — column '{j.Column}' (1-7)",
        ["column", "n", "missing", "mean", "standard deviation", "agree", "agree %", "ci low", "ci high"],
        [[j.Column, j.N, j.Missing, j.Mean, j.StandardDeviation, j.Agree, j.AgreePercent, j.ConfidenceInterval?.Low, j.ConfidenceInterval?.High]]);

    /// <summary>The note shown under a table when a score is suppressed.</summary>
    public static string SuppressedNote(string what, long n, int minimumN) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: insufficient data (n = {n} is below the minimum n of {minimumN}); values are not shown.");

    [GeneratedRegex(@"^\s*(-?\d{1,6})\s*[-–:]\s*(-?\d{1,6})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ScalePattern();
}
