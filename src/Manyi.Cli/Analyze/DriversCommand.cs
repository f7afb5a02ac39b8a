using System.CommandLine;
using Manyi.Analytics.Drivers;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze drivers</c>: key drivers by Johnson's relative weights (product.md M1.8).</summary>
internal static class DriversCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "drivers",
            "Key-driver analysis (product.md M1.8): Johnson's (2000) relative weights of the predictors on the target — each "
            + "predictor's share of R² — with Pearson correlations and standardised regression coefficients beside them. "
            + "One row per respondent; rows with a blank target or predictor are left out (listwise deletion).",
            "manyi analyze drivers --input docs/examples/drivers.csv --target overall --predictors product,delivery,service,price");
        var input = ModelCommand.InputOption();
        var target = TargetOption(required: true);
        var predictors = PredictorsOption(required: true);
        command.Options.Add(input);
        command.Options.Add(target);
        command.Options.Add(predictors);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var result = Analyze(table, parse.GetValue(target), parse.GetValue(predictors));
            return Report(result);
        });
        return command;
    }

    /// <summary>The <c>--target</c> option: the overall satisfaction column.</summary>
    internal static Option<string?> TargetOption(bool required) =>
        new("--target") { Description = "Column with the target (overall satisfaction), numeric.", Required = required };

    /// <summary>The <c>--predictors</c> option: the indicator columns.</summary>
    internal static Option<string?> PredictorsOption(bool required) =>
        new("--predictors") { Description = "Predictor (indicator) columns, comma-separated, numeric.", Required = required };

    /// <summary>Reads the target and predictor columns (blank = missing, text = error with file/line/column) and runs the analysis.</summary>
    internal static KeyDriverAnalysis Analyze(InputTable table, string? target, string? predictors)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new InputException("option --target is required: name the column with overall satisfaction");
        }
        var names = ModelCommand.List(predictors);
        if (names.Count == 0)
        {
            throw new InputException("option --predictors is required: name the indicator columns, e.g. --predictors product,delivery,service");
        }
        var targetColumn = table.Column(target);
        var predictorColumns = names.Select(table.Column).ToList();
        var y = table.Rows.Select(r => table.Number(r, targetColumn)).ToList();
        var x = predictorColumns
            .Select(c => (IReadOnlyList<double?>)table.Rows.Select(r => table.Number(r, c)).ToList())
            .ToList();
        return RelativeWeights.Analyze(table.Columns[targetColumn], y, predictorColumns.Select(c => table.Columns[c]).ToList(), x);
    }

    private static ModelReport Report(KeyDriverAnalysis result)
    {
        var json = new
        {
            Model = "drivers",
            result.Target,
            result.N,
            result.Excluded,
            result.RSquared,
            Drivers = result.Drivers.Select(d => new { d.Predictor, d.RelativeWeight, d.RescaledPercent, d.Correlation, d.Beta }).ToList(),
        };
        var table = new ReportTable(
            $"Key drivers of {result.Target} (Johnson's relative weights)",
            ["predictor", "relative weight", "% of R²", "correlation r", "beta"],
            result.Drivers.Select(d => (IReadOnlyList<object?>)[d.Predictor, d.RelativeWeight, d.RescaledPercent, d.Correlation, d.Beta]).ToList());
        var notes = new List<string>
        {
            $"R² = {ReportWriter.ShowNumber(result.RSquared)} on n = {result.N} complete rows.",
            "relative weight = share of R² carried by the predictor (they add up to R²); beta = standardised regression coefficient.",
        };
        if (result.Excluded > 0)
        {
            notes.Add($"{result.Excluded} row(s) with a blank target or predictor were left out.");
        }
        return new ModelReport(json, [table]) { Notes = notes };
    }
}
