using System.CommandLine;
using Manyi.Analytics.Scores;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze nps</c>: Net Promoter Score with standard error and confidence interval (product.md M1.1).</summary>
internal static class NpsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "nps",
            "Net Promoter Score of a 0-10 likelihood-to-recommend column: % promoters (9-10) − % detractors (0-6), in points −100…100, "
            + "with standard error sqrt((pP + pD − (pP − pD)²)/n) and confidence interval (product.md M1.1).",
            "manyi analyze nps --input docs/examples/nps.csv --column recommend --format json");
        var input = ModelCommand.InputOption();
        var column = ScoresForms.ColumnOption("0-10 likelihood-to-recommend");
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
            var points = ScoresForms.ReadPoints(table, index, Scale.Likelihood);
            var result = ScoresForms.Nps(points.Counts, parse.GetValue(confidence), parse.GetValue(minimumN));
            var json = ScoresForms.NpsForm("nps", table.Columns[index], points.Missing, result);
            return new ModelReport(json, [ScoresForms.NpsTable(json)])
            {
                Notes = result.Suppressed ? [ScoresForms.SuppressedNote("NPS", result.N, parse.GetValue(minimumN))] : [],
            };
        });
        return command;
    }
}
