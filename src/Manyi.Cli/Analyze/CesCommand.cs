using System.CommandLine;
using Manyi.Analytics.Scores;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ces</c>: Customer Effort Score, mean on 1–7 and % agree (product.md M1.1).</summary>
internal static class CesCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "ces",
            "Customer Effort Score of a 1-7 agreement column (\"the company made it easy\"): mean, standard deviation, "
            + "% agree (5-7) and the t confidence interval of the mean (product.md M1.1).",
            "manyi analyze ces --input docs/examples/ces.csv --column easy");
        var input = ModelCommand.InputOption();
        var column = ScoresForms.ColumnOption("1-7 effort");
        var confidence = ModelCommand.ConfidenceOption();
        var minimumN = ModelCommand.MinimumNOption();
        command.Options.Add(input);
        command.Options.Add(column);
        command.Options.Add(confidence);
        command.Options.Add(minimumN);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var index = table.Column(parse.GetValue(column)!);
            var points = ScoresForms.ReadPoints(table, index, Scale.Effort);
            var result = CustomerEffort.FromFrequencies(points.Counts, parse.GetValue(confidence), parse.GetValue(minimumN));
            var json = ScoresForms.CesForm("ces", table.Columns[index], points.Missing, result);
            return new ModelReport(json, [ScoresForms.CesTable(json)])
            {
                Notes = result.Suppressed ? [ScoresForms.SuppressedNote("CES", result.N, parse.GetValue(minimumN))] : [],
            };
        });
        return command;
    }
}
