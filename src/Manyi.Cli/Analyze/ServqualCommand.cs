using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Servqual;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze servqual</c>: SERVQUAL gaps per item, dimension and overall (product.md M1.7).</summary>
internal static class ServqualCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "servqual",
            "SERVQUAL (product.md M1.7; Parasuraman, Zeithaml & Berry 1988): gap = perception P − expectation E per item, mean per "
            + "dimension (tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22), overall = mean of "
            + "the dimension gaps, and the weighted score with 100 importance points. Columns: respondent,item,expectation,perception.",
            "manyi analyze servqual --input docs/examples/servqual.csv --points tangibles=10,reliability=30,responsiveness=20,assurance=20,empathy=20");
        var input = ModelCommand.InputOption();
        var points = new Option<string>("--points")
        {
            Description = "Importance points per dimension, summing to 100, e.g. tangibles=10,reliability=30,responsiveness=20,assurance=20,empathy=20.",
        };
        var mapping = new Option<string>("--mapping")
        {
            Description = "CSV/Excel file with columns item,dimension for an adapted instrument (default: the standard 22 items).",
        };
        command.Options.Add(input);
        command.Options.Add(points);
        command.Options.Add(mapping);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var instrument = parse.GetValue(mapping) is { } path ? ReadMapping(InputTable.Load(path)) : ServqualInstrument.Standard;
            var weights = parse.GetValue(points) is { } text ? ParsePoints(text) : null;
            var table = InputTable.Load(parse.GetValue(input)!);
            return Report(ServqualAnalysis.Evaluate(instrument, Read(table, instrument), weights));
        });
        return command;
    }

    private static ServqualInstrument ReadMapping(InputTable table)
    {
        var item = table.Column("item");
        var dimension = table.Column("dimension");
        var pairs = new List<KeyValuePair<string, string>>();
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows)
        {
            var id = InputTable.Text(row, item) ?? throw InputException.AtCell(table.File, row.Line, table.Columns[item], null, "is required here");
            var dim = InputTable.Text(row, dimension) ?? throw InputException.AtCell(table.File, row.Line, table.Columns[dimension], null, "is required here");
            if (!lines.TryAdd(id, row.Line))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[item], id, $"is mapped a second time (first on line {lines[id]})");
            }
            pairs.Add(new(id, dim));
        }
        return ServqualInstrument.Create(pairs);
    }

    private static Dictionary<string, double> ParsePoints(string text)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in ModelCommand.List(text))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InputException($"option --points: '{part}' is not dimension=points (e.g. reliability=30)");
            }
            var name = part[..eq].Trim();
            if (!result.TryAdd(name, ModelCommand.OptionNumber("--points", part[(eq + 1)..].Trim())))
            {
                throw new InputException($"option --points: '{name}' is given twice");
            }
        }
        return result;
    }

    private static List<ServqualRating> Read(InputTable table, ServqualInstrument instrument)
    {
        var respondent = table.Column("respondent");
        var item = table.Column("item");
        var expectation = table.Column("expectation");
        var perception = table.Column("perception");
        var seen = new Dictionary<(string, string), int>();
        var list = new List<ServqualRating>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var who = InputTable.Text(row, respondent)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[respondent], null, "is required here (who answered)");
            var id = InputTable.Text(row, item)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[item], null, "is required here (which item)");
            if (instrument.DimensionOf(id) is null)
            {
                var items = instrument.Items.Select(i => i.Key).ToArray();
                var known = ReferenceEquals(instrument, ServqualInstrument.Standard) ? "1–22" : string.Join(", ", items);
                throw InputException.AtCell(table.File, row.Line, table.Columns[item], id, $"is not an item of the instrument ({known})");
            }
            var key = (who, id.ToUpperInvariant());
            if (seen.TryGetValue(key, out var first))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[item], id, $"is rated a second time by respondent '{who}' (first on line {first})");
            }
            seen.Add(key, row.Line);
            list.Add(new ServqualRating(who, id, table.Number(row, expectation), table.Number(row, perception)));
        }
        return list;
    }

    private static string DimensionLabel(string dimension) =>
        ServqualInstrument.ChineseName(dimension) is { } chinese ? $"{dimension} {chinese}" : dimension;

    private static ModelReport Report(ServqualResult r)
    {
        var json = new
        {
            model = "servqual",
            respondents = r.Respondents,
            gap = r.Gap,
            weightedGap = r.WeightedGap,
            dimensions = r.Dimensions.Select(d => new
            {
                dimension = d.Dimension,
                items = d.Items,
                expectation = d.Expectation,
                perception = d.Perception,
                gap = d.Gap,
                points = d.Points,
                weightedGap = d.WeightedGap,
            }).ToArray(),
            items = r.Items.Select(i => new
            {
                item = i.Item,
                dimension = i.Dimension,
                n = i.N,
                missing = i.Missing,
                expectation = i.Expectation,
                perception = i.Perception,
                gap = i.Gap,
            }).ToArray(),
        };
        var dimensions = new ReportTable(
            "SERVQUAL by dimension (gap = P − E; negative = expectations not met)",
            ["Dimension", "Items", "Expectation E", "Perception P", "Gap P − E", "Points", "Weighted gap"],
            r.Dimensions.Select(d => (IReadOnlyList<object?>)[DimensionLabel(d.Dimension), d.Items, d.Expectation, d.Perception, d.Gap, d.Points, d.WeightedGap])
                .Append(["Overall (unweighted mean of dimensions)", r.Items.Count, null, null, r.Gap, r.WeightedGap is null ? null : 100.0, r.WeightedGap])
                .ToArray());
        var items = new ReportTable(
            "SERVQUAL by item",
            ["Item", "Dimension", "n", "Missing", "Expectation E", "Perception P", "Gap P − E"],
            r.Items.Select(i => (IReadOnlyList<object?>)[i.Item, i.Dimension, i.N, i.Missing, i.Expectation, i.Perception, i.Gap]).ToArray());
        var worst = r.Dimensions.MinBy(d => d.Gap)!;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Largest shortfall: {worst.Dimension} (gap {ReportWriter.ShowNumber(worst.Gap)}). Respondents: {r.Respondents}."),
        };
        if (r.WeightedGap is null)
        {
            notes.Add("Give --points dimension=points,… (100 in all) for the weighted SERVQUAL score.");
        }
        return new ModelReport(json, [dimensions, items]) { Notes = notes };
    }
}
