using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Manyi.Analytics;
using Manyi.Analytics.Comparisons;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary>
/// <c>manyi analyze compare</c>: change of a mean, CSAT (top-box share) or NPS between two waves, overall and per segment,
/// with Welch's t or the z tests, p-value, confidence interval and significance (product.md M1.11).
/// </summary>
internal static partial class CompareCommand
{
    private static readonly string[] Measures = ["mean", "csat", "nps"];

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "compare",
            "Change of a measure between two survey waves, overall and per segment: mean (Welch's t test), "
            + "csat = top-box share (two-proportion z test) or nps (z test of the NPS, and of the promoter and detractor shares); "
            + "change = after − before, two-sided p-value, (1 − alpha) confidence interval of the change (product.md M1.11).",
            "manyi analyze compare --before docs/examples/compare.csv --after docs/examples/compare-after.csv --column satisfaction --measure csat --segment region");
        var before = ModelCommand.InputOption("--before", "The earlier wave: CSV (UTF-8) or Excel (.xlsx), one row per answer.");
        var after = ModelCommand.InputOption("--after", "The later wave, with the same columns.");
        var column = new Option<string>("--column") { Description = "The column holding the answers (blank = no answer).", Required = true };
        var measure = new Option<string>("--measure") { Description = "mean (default), csat (top-box share) or nps (0–10 answers).", DefaultValueFactory = _ => "mean" };
        measure.AcceptOnlyFromAmong(Measures);
        var segment = new Option<string?>("--segment") { Description = "Column naming each answer's segment: the change is also given per segment." };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the tests (default 0.05); intervals are at 1 − alpha.", DefaultValueFactory = _ => 0.05 };
        var scale = new Option<string?>("--scale") { Description = "Answer scale as lowest-highest, e.g. 1-5 (csat default 1-5; nps is always 0-10; optional for mean)." };
        var topBox = new Option<int>("--top-box") { Description = "csat: how many points at the top of the scale count as satisfied (default 2: 4 and 5 of 1-5).", DefaultValueFactory = _ => 2 };
        var minimumN = ModelCommand.MinimumNOption();
        foreach (var option in new Option[] { before, after, column, measure, segment, alpha, scale, topBox, minimumN })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse => Analyse(
            parse.GetValue(before)!,
            parse.GetValue(after)!,
            parse.GetValue(column)!,
            parse.GetValue(measure) ?? "mean",
            parse.GetValue(segment),
            parse.GetValue(alpha),
            parse.GetValue(scale),
            parse.GetValue(topBox),
            parse.GetValue(minimumN)));
        return command;
    }

    private static ModelReport Analyse(string beforePath, string afterPath, string column, string measureName, string? segment, double alpha, string? scaleText, int topBox, int minimumN)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new InputException($"option --alpha: {Show(alpha)} must be between 0 and 1 (e.g. 0.05)");
        }
        if (minimumN < 0)
        {
            throw new InputException($"option --min-n: {minimumN.ToString(CultureInfo.InvariantCulture)} cannot be negative");
        }
        var measure = Measure(measureName, scaleText, topBox);
        var beforeWave = ReadWave(InputTable.Load(beforePath), column, segment, measure);
        var afterWave = ReadWave(InputTable.Load(afterPath), column, segment, measure);
        var result = WaveComparison.Compare(beforeWave, afterWave, measure, alpha, minimumN);
        var scale = measureName == "csat" ? 100.0 : 1.0;
        var unit = measureName switch
        {
            "csat" => "percent",
            "nps" => "points",
            _ => "scale",
        };
        var json = new CompareJson(
            "compare",
            measureName,
            column,
            segment,
            unit,
            alpha,
            1 - alpha,
            minimumN,
            measure.ScaleMin is { } min && measure.ScaleMax is { } max ? new ScaleJson(min, max) : null,
            measure.Kind == MeasureKind.TopBox ? topBox : null,
            Row(result.Overall, scale),
            result.Segments.Select(s => Row(s, scale)).ToList());
        return Report(json, measure);
    }

    private static WaveMeasure Measure(string measureName, string? scaleText, int topBox)
    {
        (double Min, double Max)? scale = scaleText is null ? null : ParseScale(scaleText);
        switch (measureName)
        {
            case "nps":
                if (scale is not null && (scale.Value.Min != 0 || scale.Value.Max != 10))
                {
                    throw new InputException($"option --scale: '{scaleText}' does not apply to nps, whose answers are always on the 0-10 scale");
                }
                return WaveMeasure.Nps();
            case "csat":
                var (low, high) = scale ?? (1.0, 5.0);
                if (topBox < 1 || topBox > high - low)
                {
                    throw new InputException(
                        $"option --top-box: {topBox.ToString(CultureInfo.InvariantCulture)} must be at least 1 and fewer than the {Show(high - low + 1)} points of the {Show(low)}-{Show(high)} scale");
                }
                return WaveMeasure.TopBox(low, high, topBox);
            default:
                return scale is { } s ? WaveMeasure.Mean(s.Min, s.Max) : WaveMeasure.Mean();
        }
    }

    private static (double Min, double Max) ParseScale(string text)
    {
        var match = ScalePattern().Match(text);
        if (!match.Success
            || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            || !double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            || !(min < max))
        {
            throw new InputException($"option --scale: '{text}' is not a scale lowest-highest such as 1-5 or 0-10");
        }
        return (min, max);
    }

    [GeneratedRegex(@"^\s*(-?\d+(?:\.\d+)?)\s*[-–—~]\s*(-?\d+(?:\.\d+)?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ScalePattern();

    private static List<WaveObservation> ReadWave(InputTable table, string column, string? segment, WaveMeasure measure)
    {
        var valueColumn = table.Column(column);
        var segmentColumn = segment is null ? -1 : table.Column(segment);
        var wave = new List<WaveObservation>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (table.Number(row, valueColumn) is not { } value)
            {
                continue;
            }
            var wholeNumbers = measure.Kind != MeasureKind.Mean;
            if ((measure.ScaleMin is { } min && value < min) || (measure.ScaleMax is { } max && value > max) || (wholeNumbers && value != Math.Floor(value)))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[valueColumn], InputTable.Text(row, valueColumn), $"is not {WaveComparison.ScaleText(measure)}");
            }
            wave.Add(new WaveObservation(segmentColumn < 0 ? null : InputTable.Text(row, segmentColumn), value));
        }
        return wave;
    }

    private static ChangeJson Row(SegmentChange change, double scale) => new(
        change.Segment,
        change.Suppressed,
        change.Change.Test,
        change.Change.BeforeN,
        change.Change.AfterN,
        change.Change.Before * scale,
        change.Change.After * scale,
        change.Change.Change * scale,
        change.Change.StandardError * scale,
        change.Change.TestStandardError * scale,
        change.Change.Statistic,
        change.Change.DegreesOfFreedom,
        change.Change.PValue,
        Interval(change.Change.ConfidenceInterval, scale),
        change.Change.Significant,
        Share(change.Promoters),
        Share(change.Detractors));

    // Promoter and detractor shares are reported in percent.
    private static ShareJson? Share(WaveChange? change) => change is null ? null : new ShareJson(
        change.Before * 100,
        change.After * 100,
        change.Change * 100,
        change.StandardError * 100,
        change.TestStandardError * 100,
        change.Statistic,
        change.PValue,
        Interval(change.ConfidenceInterval, 100),
        change.Significant);

    private static IntervalJson? Interval(ConfidenceInterval? interval, double scale) =>
        interval is null ? null : new IntervalJson(interval.Low * scale, interval.High * scale);

    private static ModelReport Report(CompareJson json, WaveMeasure measure)
    {
        var rows = json.Segments.Prepend(json.Overall).Select(r => (IReadOnlyList<object?>)
        [
            r.Segment ?? "(all)",
            r.BeforeN,
            r.AfterN,
            r.Suppressed ? "insufficient data" : r.Before,
            r.After,
            r.Change,
            r.StandardError,
            r.Statistic,
            r.DegreesOfFreedom,
            r.PValue,
            r.ConfidenceInterval?.Low,
            r.ConfidenceInterval?.High,
            r.Suppressed || r.PValue is null ? null : r.Significant ? "yes" : "no",
        ]).ToList();
        var statistic = json.Measure == "mean" ? "t" : "z";
        var title = json.Measure switch
        {
            "csat" => $"CSAT change, % answers in the top {json.TopBox} of {Show(measure.ScaleMin!.Value)}-{Show(measure.ScaleMax!.Value)} (two-proportion z test)",
            "nps" => "NPS change, points (z test)",
            _ => $"Mean change of '{json.Column}' (Welch t test)",
        };
        var tables = new List<ReportTable>
        {
            new(title, ["segment", "n before", "n after", "before", "after", "change", "SE", statistic, "df", "p", "CI low", "CI high", "significant"], rows),
        };
        if (json.Measure == "nps")
        {
            var shares = json.Segments.Prepend(json.Overall)
                .Where(r => !r.Suppressed)
                .SelectMany(r => new[] { (r.Segment, Category: "promoters", Share: r.Promoters!), (r.Segment, Category: "detractors", Share: r.Detractors!) })
                .Select(x => (IReadOnlyList<object?>)
                [
                    x.Segment ?? "(all)", x.Category, x.Share.Before, x.Share.After, x.Share.Change, x.Share.Statistic, x.Share.PValue,
                    x.Share.ConfidenceInterval?.Low, x.Share.ConfidenceInterval?.High, x.Share.PValue is null ? null : x.Share.Significant ? "yes" : "no",
                ])
                .ToList();
            tables.Add(new ReportTable("NPS categories, % of answers (two-proportion z test)", ["segment", "category", "before", "after", "change", "z", "p", "CI low", "CI high", "significant"], shares));
        }
        var notes = new List<string>
        {
            $"change = after − before; p two-sided; significant when p < {Show(json.Alpha)}; interval at {Show(json.Confidence * 100)}%.",
        };
        if (json.Segments.Prepend(json.Overall).Any(r => r.Suppressed))
        {
            notes.Add($"insufficient data: fewer than {json.MinimumN} answers in a wave (--min-n).");
        }
        return new ModelReport(json, tables) { Notes = notes };
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The JSON form of <c>manyi analyze compare</c> (docs/cli/design.md).</summary>
    private sealed record CompareJson(
        string Model,
        string Measure,
        string Column,
        string? SegmentColumn,
        string Unit,
        double Alpha,
        double Confidence,
        int MinimumN,
        ScaleJson? Scale,
        int? TopBox,
        ChangeJson Overall,
        IReadOnlyList<ChangeJson> Segments);

    private sealed record ScaleJson(double Min, double Max);

    private sealed record IntervalJson(double Low, double High);

    private sealed record ChangeJson(
        string? Segment,
        bool Suppressed,
        ChangeTest Test,
        int BeforeN,
        int AfterN,
        double? Before,
        double? After,
        double? Change,
        double? StandardError,
        double? TestStandardError,
        double? Statistic,
        double? DegreesOfFreedom,
        double? PValue,
        IntervalJson? ConfidenceInterval,
        bool Significant,
        ShareJson? Promoters,
        ShareJson? Detractors);

    private sealed record ShareJson(
        double? Before,
        double? After,
        double? Change,
        double? StandardError,
        double? TestStandardError,
        double? Statistic,
        double? PValue,
        IntervalJson? ConfidenceInterval,
        bool Significant);
}
