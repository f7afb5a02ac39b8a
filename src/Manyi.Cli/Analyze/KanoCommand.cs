using System.CommandLine;
using Manyi.Analytics.Kano;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze kano</c>: Kano categories and Better/Worse coefficients (product.md M1.6).</summary>
internal static class KanoCommand
{
    private const string Answers = "like, must-be, neutral, live-with, dislike; 1–5; 喜欢, 理所当然, 无所谓, 能忍受, 不喜欢";

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "kano",
            "Kano model (product.md M1.6): classifies each feature from its functional/dysfunctional answer pairs with the standard "
            + "Kano evaluation table into A (attractive), O (one-dimensional), M (must-be), I (indifferent), R (reverse), Q (questionable), "
            + "with Berger's Better = (A+O)/(A+O+M+I) and Worse = −(O+M)/(A+O+M+I). Columns: respondent,feature,functional,dysfunctional; "
            + $"answers: {Answers}.",
            "manyi analyze kano --input docs/examples/kano.csv");
        var input = ModelCommand.InputOption();
        command.Options.Add(input);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var responses = Read(table);
            return Report(KanoModel.Evaluate(responses), responses.Select(r => r.Respondent).Distinct(StringComparer.Ordinal).Count());
        });
        return command;
    }

    private static List<KanoResponse> Read(InputTable table)
    {
        var respondent = table.Column("respondent");
        var feature = table.Column("feature");
        var functional = table.Column("functional");
        var dysfunctional = table.Column("dysfunctional");
        var seen = new Dictionary<(string, string), int>();
        var list = new List<KanoResponse>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var who = InputTable.Text(row, respondent)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[respondent], null, "is required here (who answered)");
            var what = InputTable.Text(row, feature)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[feature], null, "is required here (which feature)");
            if (seen.TryGetValue((who, what), out var first))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[feature], what, $"is answered a second time by respondent '{who}' (first on line {first})");
            }
            seen.Add((who, what), row.Line);
            list.Add(new KanoResponse(who, what, Answer(table, row, functional), Answer(table, row, dysfunctional)));
        }
        return list;
    }

    private static KanoAnswer? Answer(InputTable table, InputRow row, int column)
    {
        var text = InputTable.Text(row, column);
        return text is null
            ? null
            : KanoModel.ParseAnswer(text) ?? throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, $"is not a Kano answer ({Answers})");
    }

    private static ModelReport Report(IReadOnlyList<KanoFeature> features, int respondents)
    {
        var json = new
        {
            model = "kano",
            respondents,
            features = features.Select(f => new
            {
                feature = f.Feature,
                counts = new Dictionary<string, int>
                {
                    ["A"] = f.Counts.A, ["O"] = f.Counts.O, ["M"] = f.Counts.M, ["I"] = f.Counts.I, ["R"] = f.Counts.R, ["Q"] = f.Counts.Q,
                },
                n = f.Counts.Total,
                missing = f.Missing,
                category = KanoModel.Letter(f.Category),
                categoryName = KanoModel.ChineseName(f.Category),
                tiedCategories = f.TiedCategories.Select(KanoModel.Letter).ToArray(),
                better = f.Better,
                worse = f.Worse,
            }).ToArray(),
        };
        var table = new ReportTable(
            "Kano evaluation: answer pairs per category, category, Better/Worse (Berger et al. 1993)",
            ["Feature", "A", "O", "M", "I", "R", "Q", "n", "Category", "需求类型", "Better", "Worse"],
            features.Select(f => (IReadOnlyList<object?>)
            [
                f.Feature, f.Counts.A, f.Counts.O, f.Counts.M, f.Counts.I, f.Counts.R, f.Counts.Q, f.Counts.Total,
                string.Join("=", f.TiedCategories.Select(KanoModel.Letter)),
                string.Join("=", f.TiedCategories.Select(KanoModel.ChineseName)),
                f.Better, f.Worse,
            ]).ToArray());
        var csv = new ReportTable(
            "features",
            ["feature", "A", "O", "M", "I", "R", "Q", "n", "missing", "category", "tiedCategories", "better", "worse"],
            features.Select(f => (IReadOnlyList<object?>)
            [
                f.Feature, f.Counts.A, f.Counts.O, f.Counts.M, f.Counts.I, f.Counts.R, f.Counts.Q, f.Counts.Total, f.Missing,
                KanoModel.Letter(f.Category), string.Join(" ", f.TiedCategories.Select(KanoModel.Letter)), f.Better, f.Worse,
            ]).ToArray());
        var chart = new ReportTable(
            "Better–Worse chart (|Worse| across, Better up; lines at 0.5)",
            ["", "|Worse| < 0.5", "|Worse| ≥ 0.5"],
            [
                ["Better ≥ 0.5 (A | O)", Names(features, true, false), Names(features, true, true)],
                ["Better < 0.5 (I | M)", Names(features, false, false), Names(features, false, true)],
            ]);
        var notes = new List<string>
        {
            "A = attractive 兴奋需求, O = one-dimensional 期望需求, M = must-be 基本需求, I = indifferent, R = reverse, Q = questionable; "
            + "a tie lists every tied category (M first, then O, A, I).",
        };
        var undefined = features.Where(f => f.Better is null).Select(f => f.Feature).ToArray();
        if (undefined.Length > 0)
        {
            notes.Add($"Better/Worse undefined (no A, O, M or I answer): {string.Join(", ", undefined)}.");
        }
        return new ModelReport(json, [table, chart]) { CsvTableOverride = csv, Notes = notes };
    }

    private static string Names(IReadOnlyList<KanoFeature> features, bool highBetter, bool highWorse)
    {
        var names = features
            .Where(f => f.Better is { } b && f.Worse is { } w && (b >= 0.5) == highBetter && (-w >= 0.5) == highWorse)
            .Select(f => f.Feature)
            .ToArray();
        return names.Length == 0 ? "–" : string.Join(", ", names);
    }
}
