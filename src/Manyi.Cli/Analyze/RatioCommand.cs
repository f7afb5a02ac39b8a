using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Ratios;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ratio</c>: expectation–disconfirmation ratio F = X/Y and gap X − Y (product.md M1.2).</summary>
internal static class RatioCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "ratio",
            "Expectation–disconfirmation (product.md M1.2): per indicator the mean perception X̄, mean expectation Ȳ, ratio F = X̄/Ȳ, " +
            "gap X̄ − Ȳ and verdict (dissatisfied below 1 − tolerance, delighted above 1 + tolerance), and overall F = Σ w·F. " +
            "Columns indicator,perception,expectation[,weight]; one row per respondent and indicator, or one row per indicator with its means.",
            "manyi analyze ratio --input docs/examples/ratio.csv --tolerance 0.05");
        var input = ModelCommand.InputOption();
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Half-width of the 'satisfied' band around F = 1 (default 0.05).",
            DefaultValueFactory = _ => Disconfirmation.DefaultTolerance,
        };
        command.Options.Add(input);
        command.Options.Add(tolerance);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var t = parse.GetValue(tolerance);
            if (!(t >= 0 && t < 1))
            {
                throw new InputException($"option --tolerance: '{t.ToString(CultureInfo.InvariantCulture)}' must be at least 0 and below 1");
            }
            return Analyse(InputTable.Load(parse.GetValue(input)!), t);
        });
        return command;
    }

    private static ModelReport Analyse(InputTable table, double tolerance)
    {
        var indicator = table.Column("indicator");
        var perception = table.Column("perception");
        var expectation = table.Column("expectation");
        var weight = table.FindColumn("weight");
        var observations = new List<PerceptionExpectation>(table.Rows.Count);
        var weights = new Dictionary<string, (double Value, int Line)>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var name = InputTable.Text(row, indicator)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], null, "is required here (the indicator's name)");
            var x = NonNegative(table, row, perception);
            var y = NonNegative(table, row, expectation);
            observations.Add(new PerceptionExpectation(name, x, y));
            if (weight >= 0 && NonNegative(table, row, weight) is { } w)
            {
                if (weights.TryGetValue(name, out var earlier) && Math.Abs(earlier.Value - w) > 1e-12)
                {
                    throw InputException.AtCell(table.File, row.Line, table.Columns[weight], row.Cells[weight],
                        $"differs from the weight {earlier.Value.ToString(CultureInfo.InvariantCulture)} given for '{name}' on line {earlier.Line}");
                }
                weights[name] = (w, row.Line);
            }
        }
        var analysis = Disconfirmation.Analyse(observations, weights.Count == 0 ? null : weights.ToDictionary(p => p.Key, p => p.Value.Value), tolerance);

        var json = new
        {
            Model = "ratio",
            analysis.Tolerance,
            Indicators = analysis.Indicators.Select(i => new
            {
                i.Indicator,
                i.PerceptionN,
                i.ExpectationN,
                i.Perception,
                i.Expectation,
                i.Ratio,
                i.Gap,
                i.Verdict,
                i.Weight,
            }).ToArray(),
            Overall = new { Ratio = analysis.OverallRatio, Gap = analysis.OverallGap, Verdict = analysis.OverallVerdict },
        };
        var rows = analysis.Indicators
            .Select(i => (IReadOnlyList<object?>)[i.Indicator, i.PerceptionN, i.ExpectationN, i.Perception, i.Expectation, i.Ratio, i.Gap, Verdict(i.Verdict), i.Weight])
            .Append([Overall, null, null, null, null, analysis.OverallRatio, analysis.OverallGap, Verdict(analysis.OverallVerdict), 1.0])
            .ToArray();
        var report = new ReportTable(
            "Expectation–disconfirmation F = X/Y",
            ["indicator", "n X", "n Y", "perception X", "expectation Y", "ratio F", "gap X − Y", "verdict", "weight"],
            rows);
        var band = string.Create(CultureInfo.InvariantCulture, $"F < {1 - tolerance:0.###}: dissatisfied; {1 - tolerance:0.###} ≤ F ≤ {1 + tolerance:0.###}: satisfied; F > {1 + tolerance:0.###}: delighted.");
        var weighting = weights.Count == 0 ? "Overall F and gap are the means over the indicators (equal weights)." : "Overall F and gap are weighted by the weight column (normalised to sum 1).";
        return new ModelReport(json, [report]) { Notes = [band, weighting] };
    }

    private const string Overall = "(overall)";

    private static double? NonNegative(InputTable table, InputRow row, int column)
    {
        var value = table.Number(row, column);
        if (value < 0)
        {
            throw InputException.AtCell(table.File, row.Line, table.Columns[column], row.Cells[column], "is negative; F = X/Y needs scores of 0 or more");
        }
        return value;
    }

    private static string Verdict(SatisfactionVerdict verdict) => verdict switch
    {
        SatisfactionVerdict.Dissatisfied => "dissatisfied",
        SatisfactionVerdict.Delighted => "delighted",
        _ => "satisfied",
    };
}
