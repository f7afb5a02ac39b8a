using System.CommandLine;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze csat</c>: share of satisfied answers (top boxes) with its margin of error (product.md M1.1).</summary>
internal static class CsatCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "csat",
            "CSAT: the percentage of answers in the top boxes (default 4 and 5 of 1-5) with margin of error and confidence interval: "
            + "normal approximation, or Wilson's score interval when n < 30, n·p < 10 or n·(1 − p) < 10 (product.md M1.1).",
            "manyi analyze csat --input docs/examples/csat.csv --column satisfaction --scale 1-5 --top-box 2");
        var input = ModelCommand.InputOption();
        var column = ScoresForms.ColumnOption("satisfaction");
        var scale = new Option<string>("--scale") { Description = "The answer scale, lowest-highest (default 1-5).", DefaultValueFactory = _ => "1-5" };
        var topBox = ScoresForms.TopBoxOption();
        var confidence = ModelCommand.ConfidenceOption();
        var minimumN = ModelCommand.MinimumNOption();
        foreach (var option in new Option[] { input, column, scale, topBox, confidence, minimumN })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var onScale = ScoresForms.ParseScale("--scale", parse.GetValue(scale));
            onScale.TopBoxThreshold(parse.GetValue(topBox));
            var table = InputTable.Load(parse.GetValue(input)!);
            var index = table.Column(parse.GetValue(column)!);
            var points = ScoresForms.ReadPoints(table, index, onScale);
            var result = ScoresForms.Csat(onScale, points.Counts, parse.GetValue(topBox), parse.GetValue(confidence), parse.GetValue(minimumN));
            var json = ScoresForms.CsatForm("csat", table.Columns[index], onScale, points.Missing, result);
            return new ModelReport(json, [ScoresForms.CsatTable(json)])
            {
                Notes = result.Suppressed ? [ScoresForms.SuppressedNote("CSAT", result.N, parse.GetValue(minimumN))] : [],
            };
        });
        return command;
    }
}
