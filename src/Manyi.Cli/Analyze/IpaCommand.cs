using System.CommandLine;
using Manyi.Analytics.Drivers;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ipa</c>: importance–performance analysis quadrants (product.md M1.8).</summary>
internal static class IpaCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "ipa",
            "Importance–performance analysis (product.md M1.8): places each indicator by importance and performance in the "
            + "quadrants concentrate here, keep up the good work, low priority and possible overkill. Cross-hairs at the means of "
            + "the indicators unless --importance-mid/--performance-mid are given; a point on a cross-hair counts as high. "
            + "Input: one row per indicator (columns indicator, importance, performance), or with --derived one row per "
            + "respondent, importance = Johnson's relative weight (% of R²) on --target and performance = mean of the column.",
            "manyi analyze ipa --input docs/examples/ipa.csv --importance-mid 3 --performance-mid 3");
        var input = ModelCommand.InputOption();
        var derived = new Option<bool>("--derived") { Description = "Respondent-level file: derive importance from Johnson's relative weights on --target." };
        var target = DriversCommand.TargetOption(required: false);
        var predictors = DriversCommand.PredictorsOption(required: false);
        var importanceMid = new Option<double?>("--importance-mid") { Description = "Importance cross-hair (default: mean importance of the indicators)." };
        var performanceMid = new Option<double?>("--performance-mid") { Description = "Performance cross-hair (default: mean performance of the indicators), e.g. the scale mid-point." };
        command.Options.Add(input);
        command.Options.Add(derived);
        command.Options.Add(target);
        command.Options.Add(predictors);
        command.Options.Add(importanceMid);
        command.Options.Add(performanceMid);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var isDerived = parse.GetValue(derived);
            if (!isDerived && (parse.GetValue(target) is not null || parse.GetValue(predictors) is not null))
            {
                throw new InputException("options --target and --predictors need --derived (a respondent-level file)");
            }
            KeyDriverAnalysis? drivers = null;
            List<IpaIndicator> indicators;
            if (isDerived)
            {
                drivers = DriversCommand.Analyze(table, parse.GetValue(target), parse.GetValue(predictors));
                indicators = drivers.Drivers.Select(d => new IpaIndicator(d.Predictor, d.RescaledPercent, d.Mean)).ToList();
            }
            else
            {
                indicators = Stated(table);
            }
            var result = ImportancePerformance.Classify(indicators, parse.GetValue(importanceMid), parse.GetValue(performanceMid));
            return Report(result, drivers, parse.GetValue(importanceMid) is null, parse.GetValue(performanceMid) is null);
        });
        return command;
    }

    private static List<IpaIndicator> Stated(InputTable table)
    {
        var name = table.Column("indicator");
        var importance = table.Column("importance");
        var performance = table.Column("performance");
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var indicators = new List<IpaIndicator>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var indicator = InputTable.Text(row, name)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[name], null, "is required here (the indicator's name)");
            if (firstLine.TryGetValue(indicator, out var first))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[name], indicator, $"appears again (first on line {first}); give one row per indicator");
            }
            firstLine[indicator] = row.Line;
            indicators.Add(new IpaIndicator(indicator, table.RequiredNumber(row, importance), table.RequiredNumber(row, performance)));
        }
        return indicators;
    }

    private static ModelReport Report(IpaResult result, KeyDriverAnalysis? drivers, bool importanceAtMean, bool performanceAtMean)
    {
        var json = new
        {
            Model = "ipa",
            ImportanceSource = drivers is null ? "stated" : "derived",
            drivers?.N,
            drivers?.RSquared,
            CrossHairs = new
            {
                Importance = result.ImportanceCrossHair,
                Performance = result.PerformanceCrossHair,
                ImportanceFrom = importanceAtMean ? "mean" : "given",
                PerformanceFrom = performanceAtMean ? "mean" : "given",
            },
            Indicators = result.Points.Select(p => new { p.Indicator, p.Importance, p.Performance, p.Quadrant, p.OnCrossHair }).ToList(),
        };
        var importanceTitle = drivers is null ? "importance" : "importance (% of R²)";
        var table = new ReportTable(
            $"Importance–performance (cross-hairs: importance {ReportWriter.ShowNumber(result.ImportanceCrossHair)}"
                + $" ({(importanceAtMean ? "mean" : "given")}), performance {ReportWriter.ShowNumber(result.PerformanceCrossHair)}"
                + $" ({(performanceAtMean ? "mean" : "given")}))",
            ["indicator", importanceTitle, "performance", "quadrant", "on cross-hair"],
            result.Points.Select(p => (IReadOnlyList<object?>)[p.Indicator, p.Importance, p.Performance, QuadrantName(p.Quadrant), p.OnCrossHair ? "yes" : "no"]).ToList());
        var notes = new List<string>();
        if (drivers is not null)
        {
            notes.Add($"importance derived from Johnson's relative weights on {drivers.Target} (R² = {ReportWriter.ShowNumber(drivers.RSquared)}, n = {drivers.N}); performance = mean of the column over those rows.");
        }
        if (result.Points.Any(p => p.OnCrossHair))
        {
            notes.Add("a point exactly on a cross-hair is counted as high on that axis.");
        }
        return new ModelReport(json, [table]) { Notes = notes };
    }

    private static string QuadrantName(IpaQuadrant quadrant) => quadrant switch
    {
        IpaQuadrant.ConcentrateHere => "concentrate here",
        IpaQuadrant.KeepUpTheGoodWork => "keep up the good work",
        IpaQuadrant.LowPriority => "low priority",
        _ => "possible overkill",
    };
}
