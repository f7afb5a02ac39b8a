using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Linguistic;
using Manyi.Analytics.Ratios;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze linguistic</c>: 2-tuple linguistic satisfaction evaluation (product.md M1.4).</summary>
internal static class LinguisticCommand
{
    private static readonly string[] Columns = ["importance", "perception", "expectation"];

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "linguistic",
            "2-tuple linguistic satisfaction evaluation (二元语义, product.md M1.4): customers rate each indicator's importance, "
            + "perception and expectation with words; gives weights ξ, satisfaction d = perception/expectation, overall Φ, "
            + "ranks and key/general improvement × focus/ordinary object. Columns: respondent,indicator,importance,perception,expectation.",
            "manyi analyze linguistic --input docs/examples/linguistic.csv");
        var input = ModelCommand.InputOption();
        var terms = new Option<string>("--terms")
        {
            Description = "Labels of the term set s0…sg, lowest first, comma-separated (default N,VL,L,M,H,VH,P; 无,很低,低,中,高,很高,完美 also accepted).",
        };
        var alpha = new Option<string>("--alpha")
        {
            Description = "Convention of 2-tuple cells such as (H, 0.3): standard (α in [-0.5, 0.5), default) or floor (α in [0, 1)).",
            DefaultValueFactory = _ => "standard",
        };
        alpha.AcceptOnlyFromAmong("standard", "floor");
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Half-width of the band around Φ = 1 read as 'satisfied' (product.md M1.2, default 0.05).",
            DefaultValueFactory = _ => 0.05,
        };
        command.Options.Add(input);
        command.Options.Add(terms);
        command.Options.Add(alpha);
        command.Options.Add(tolerance);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var termSet = parse.GetValue(terms) is { } list ? LinguisticTermSet.Create(ModelCommand.List(list)) : LinguisticTermSet.Default;
            var floor = string.Equals(parse.GetValue(alpha), "floor", StringComparison.OrdinalIgnoreCase);
            var table = InputTable.Load(parse.GetValue(input)!);
            var evaluation = LinguisticSatisfaction.Evaluate(termSet, Read(table, termSet, floor), parse.GetValue(tolerance));
            return Report(evaluation);
        });
        return command;
    }

    private static List<LinguisticAssessment> Read(InputTable table, LinguisticTermSet terms, bool floor)
    {
        var respondent = table.Column("respondent");
        var indicator = table.Column("indicator");
        var columns = Columns.Select(table.Column).ToArray();
        var seen = new Dictionary<(string, string), int>();
        var list = new List<LinguisticAssessment>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var who = InputTable.Text(row, respondent)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[respondent], null, "is required here (who answered)");
            var what = InputTable.Text(row, indicator)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], null, "is required here (which indicator)");
            if (seen.TryGetValue((who, what), out var first))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], what, $"is rated a second time by respondent '{who}' (first on line {first})");
            }
            seen.Add((who, what), row.Line);
            var values = columns.Select(c => Cell(table, row, c, terms, floor)).ToArray();
            list.Add(new LinguisticAssessment(who, what, values[0], values[1], values[2]));
        }
        return list;
    }

    /// <summary>A label (s_i, 0), a 2-tuple written "(label, α)" or "(s3, α)", or null for a blank cell.</summary>
    private static TwoTuple? Cell(InputTable table, InputRow row, int column, LinguisticTermSet terms, bool floor)
    {
        var text = InputTable.Text(row, column);
        if (text is null)
        {
            return null;
        }
        if (terms.IndexOf(text) is { } index)
        {
            return new TwoTuple(index, 0);
        }
        if (text.StartsWith('(') && text.EndsWith(')') && text.LastIndexOf(',') is var comma and > 0)
        {
            var labelText = text[1..comma].Trim();
            var alphaText = text[(comma + 1)..^1].Trim();
            var label = terms.IndexOf(labelText) ?? SymbolIndex(labelText, terms.Granularity);
            if (label is { } i && double.TryParse(alphaText, NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
            {
                try
                {
                    return floor ? TwoTupleModel.FromFloorConvention(i, a, terms.Granularity) : TwoTupleModel.FromStandardConvention(i, a, terms.Granularity);
                }
                catch (ArgumentException e)
                {
                    throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, $"is not a valid 2-tuple: {e.Message.Split(" (Parameter", 2)[0]}");
                }
            }
        }
        throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, $"is not a label of the term set ({string.Join(", ", terms.Labels)})");
    }

    private static int? SymbolIndex(string text, int granularity) =>
        text.Length > 1 && (text[0] is 's' or 'S')
        && int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= granularity ? i : null;

    private static string Improvement(ImprovementClass c) => c == ImprovementClass.Key ? "key" : "general";

    private static string ObjectName(ObjectClass c) => c == ObjectClass.Focus ? "focus" : "ordinary";

    private static string Verdict(SatisfactionVerdict v) => v switch
    {
        SatisfactionVerdict.Dissatisfied => "dissatisfied",
        SatisfactionVerdict.Delighted => "delighted",
        _ => "satisfied",
    };

    // α = β − i carries binary noise (2.4 − 2 = 0.40000000000000036); 12 decimals are far below any survey's resolution.
    private static object Json(LinguisticAggregate a) => new { beta = a.Beta, label = a.Label, alpha = Tidy(a.Alpha), answers = a.Answers };

    private static double Tidy(double alpha) => Math.Round(alpha, 12);

    private static string Show(LinguisticAggregate a) =>
        string.Create(CultureInfo.InvariantCulture, $"({a.Label}, {a.Alpha:0.###}) {a.Beta:0.###}");

    private static ModelReport Report(LinguisticEvaluation e)
    {
        var json = new
        {
            model = "linguistic",
            respondents = e.Respondents,
            terms = e.Terms.Labels,
            overall = e.Overall,
            verdict = Verdict(e.Verdict),
            tolerance = e.Tolerance,
            indicators = e.Indicators.Select(i => new
            {
                indicator = i.Indicator,
                importance = Json(i.Importance),
                perception = Json(i.Perception),
                expectation = Json(i.Expectation),
                weight = i.Weight,
                satisfaction = i.Satisfaction,
                rank = i.Rank,
                improvement = Improvement(i.Improvement),
                @object = ObjectName(i.ObjectClass),
            }).ToArray(),
            quadrant = new { satisfactionCrossHair = e.Chart.SatisfactionCrossHair, weightCrossHair = e.Chart.WeightCrossHair },
        };
        var indicators = new ReportTable(
            "2-tuple linguistic evaluation (二元语义) — one row per indicator",
            ["Indicator", "Importance z (s, α) β", "Perception r", "Expectation e", "Weight ξ", "Satisfaction d", "Rank", "Improvement", "Object"],
            e.Indicators.Select(i => (IReadOnlyList<object?>)
            [
                i.Indicator, Show(i.Importance), Show(i.Perception), Show(i.Expectation), i.Weight, i.Satisfaction, i.Rank,
                i.Improvement == ImprovementClass.Key ? "key 重点改进" : "general 一般改进",
                i.ObjectClass == ObjectClass.Focus ? "focus 重点对象" : "ordinary 一般对象",
            ]).ToArray());
        var overall = new ReportTable(
            "Overall",
            ["Respondents", "Indicators", "Overall Φ", "Verdict (1 ± tolerance)", "Cross-hair d = Φ", "Cross-hair ξ = 1/n"],
            [[e.Respondents, e.Indicators.Count, e.Overall, $"{Verdict(e.Verdict)} (±{e.Tolerance.ToString("0.###", CultureInfo.InvariantCulture)})", e.Chart.SatisfactionCrossHair, e.Chart.WeightCrossHair]]);
        var quadrants = new ReportTable(
            "Quadrant chart: satisfaction d against weight ξ",
            ["", "ξ ≤ 1/n (ordinary object)", "ξ > 1/n (focus object)"],
            [
                ["d < Φ (key improvement)", Names(e, ImprovementClass.Key, ObjectClass.Ordinary), Names(e, ImprovementClass.Key, ObjectClass.Focus)],
                ["d ≥ Φ (general improvement)", Names(e, ImprovementClass.General, ObjectClass.Ordinary), Names(e, ImprovementClass.General, ObjectClass.Focus)],
            ]);
        var csv = new ReportTable(
            "indicators",
            ["indicator", "importanceLabel", "importanceAlpha", "importanceBeta", "perceptionLabel", "perceptionAlpha", "perceptionBeta",
             "expectationLabel", "expectationAlpha", "expectationBeta", "weight", "satisfaction", "rank", "improvement", "object"],
            e.Indicators.Select(i => (IReadOnlyList<object?>)
            [
                i.Indicator, i.Importance.Label, Tidy(i.Importance.Alpha), i.Importance.Beta, i.Perception.Label, Tidy(i.Perception.Alpha), i.Perception.Beta,
                i.Expectation.Label, Tidy(i.Expectation.Alpha), i.Expectation.Beta, i.Weight, i.Satisfaction, i.Rank, Improvement(i.Improvement), ObjectName(i.ObjectClass),
            ]).ToArray());
        var reading = e.Verdict switch
        {
            SatisfactionVerdict.Dissatisfied => "Φ < 1: the customers' expectations are not met overall.",
            SatisfactionVerdict.Delighted => "Φ > 1: the customers' expectations are exceeded overall.",
            _ => "Φ ≈ 1: the customers' expectations are met overall.",
        };
        return new ModelReport(json, [indicators, overall, quadrants])
        {
            CsvTableOverride = csv,
            Notes =
            [
                reading,
                "Key improvement + focus object (d < Φ, ξ > 1/n): important to customers and below the overall level — improve these first.",
            ],
        };
    }

    private static string Names(LinguisticEvaluation e, ImprovementClass improvement, ObjectClass objectClass)
    {
        var names = e.Indicators.Where(i => i.Improvement == improvement && i.ObjectClass == objectClass).Select(i => i.Indicator).ToArray();
        return names.Length == 0 ? "–" : string.Join(", ", names);
    }
}
