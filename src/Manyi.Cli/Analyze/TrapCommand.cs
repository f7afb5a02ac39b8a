using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Value;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze trap</c>: the satisfaction trap between two waves (product.md M1.5).</summary>
internal static class TrapCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "trap",
            "Satisfaction trap (满意度陷阱, product.md M1.5): compares the change of the plain overall score with the change of the "
            + "customer-value-weighted score between two waves. Trap = one rises while the other falls. Lists the customers (and "
            + "segments) that drive the difference, largest push first. One row per customer in each file.",
            "manyi analyze trap --before docs/examples/trap-before.csv --after docs/examples/trap-after.csv --customer customer --value revenue --score overall --segment segment");
        var before = ModelCommand.InputOption("--before", "Earlier wave: CSV (UTF-8) or Excel (.xlsx) file, one row per customer.");
        var after = ModelCommand.InputOption("--after", "Later wave: CSV (UTF-8) or Excel (.xlsx) file with the same columns.");
        var customer = WeightedCommand.CustomerOption();
        var value = WeightedCommand.ValueOption();
        var score = new Option<string>("--score") { Description = "Column with the overall satisfaction score (blank = not answered in that wave).", Required = true };
        var segment = new Option<string?>("--segment") { Description = "Optional column with the customer's segment; contributions are then also summed per segment." };
        var standard = WeightedCommand.BaseOption();
        var top = new Option<int>("--top")
        {
            Description = "Number of customers listed as drivers (default 10; 0 = all).",
            DefaultValueFactory = _ => 10,
        };
        command.Options.Add(before);
        command.Options.Add(after);
        command.Options.Add(customer);
        command.Options.Add(value);
        command.Options.Add(score);
        command.Options.Add(segment);
        command.Options.Add(standard);
        command.Options.Add(top);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var count = parse.GetValue(top);
            if (count < 0)
            {
                throw new InputException($"option --top: {count.ToString(CultureInfo.InvariantCulture)} is negative (give 0 for all customers)");
            }
            var columns = new WaveColumns(parse.GetValue(customer)!, parse.GetValue(value)!, parse.GetValue(score)!, parse.GetValue(segment));
            var result = SatisfactionTrap.Compare(
                Wave(parse.GetValue(before)!, columns),
                Wave(parse.GetValue(after)!, columns),
                WeightedCommand.ParseBase(parse.GetValue(standard)));
            return Report(result, columns.Segment is not null, count);
        });
        return command;
    }

    private sealed record WaveColumns(string Customer, string Value, string Score, string? Segment);

    private static List<TrapResponse> Wave(string path, WaveColumns columns)
    {
        var table = InputTable.Load(path);
        var scoreColumn = table.Column(columns.Score);
        var segmentColumn = columns.Segment is null ? -1 : table.Column(columns.Segment);
        return WeightedCommand.Customers(table, table.Column(columns.Customer), table.Column(columns.Value))
            .Select(c => new TrapResponse(
                c.Customer,
                c.Value,
                table.Number(c.Row, scoreColumn),
                segmentColumn < 0 ? null : InputTable.Text(c.Row, segmentColumn) ?? SatisfactionTrap.NoSegment))
            .ToList();
    }

    private static ModelReport Report(SatisfactionTrapResult result, bool bySegment, int top)
    {
        var drivers = top == 0 ? result.Customers : result.Customers.Take(top).ToList();
        var json = new
        {
            Model = "trap",
            Base = WeightedCommand.BaseName(result.Base),
            result.Before,
            result.After,
            result.PlainChange,
            result.WeightedChange,
            result.Difference,
            result.BaseEffect,
            result.Trap,
            Finding = Finding(result),
            Drivers = drivers.Select(d => new
            {
                d.Customer,
                d.Segment,
                d.Presence,
                d.ScoreBefore,
                d.ScoreAfter,
                d.ValueBefore,
                d.ValueAfter,
                d.Contribution,
            }).ToList(),
            Segments = result.Segments,
        };
        var waves = new ReportTable(
            "Plain and value-weighted overall score per wave",
            ["wave", "customers", "K_o", "plain", "weighted"],
            [
                ["before", result.Before.Customers, result.Before.StandardValue, result.Before.Plain, result.Before.Weighted],
                ["after", result.After.Customers, result.After.StandardValue, result.After.Plain, result.After.Weighted],
                ["change", null, null, result.PlainChange, result.WeightedChange],
            ]);
        var customerTable = new ReportTable(
            $"Customers driving weighted change - plain change = {ReportWriter.ShowNumber(result.Difference)}"
                + (top == 0 || result.Customers.Count <= top ? string.Empty : $" (top {top.ToString(CultureInfo.InvariantCulture)} of {result.Customers.Count.ToString(CultureInfo.InvariantCulture)})"),
            bySegment
                ? ["customer", "segment", "presence", "score before", "score after", "value before", "value after", "contribution"]
                : ["customer", "presence", "score before", "score after", "value before", "value after", "contribution"],
            drivers.Select(d => (IReadOnlyList<object?>)(bySegment
                ? [d.Customer, d.Segment, Presence(d.Presence), d.ScoreBefore, d.ScoreAfter, d.ValueBefore, d.ValueAfter, d.Contribution]
                : [d.Customer, Presence(d.Presence), d.ScoreBefore, d.ScoreAfter, d.ValueBefore, d.ValueAfter, d.Contribution])).ToList());
        var tables = new List<ReportTable> { waves, customerTable };
        if (bySegment)
        {
            tables.Add(new ReportTable(
                "Segments driving the difference",
                ["segment", "customers", "contribution"],
                result.Segments.Select(s => (IReadOnlyList<object?>)[s.Segment, s.Customers, s.Contribution]).ToList()));
        }
        var notes = new List<string> { Finding(result) };
        if (result.Base == StandardValueBase.Minimum)
        {
            notes.Add($"K_o = min K: the rescaling of each wave adds a base effect of {ReportWriter.ShowNumber(result.BaseEffect)} to the difference.");
        }
        return new ModelReport(json, tables) { Notes = notes, CsvTableOverride = customerTable };
    }

    private static string Finding(SatisfactionTrapResult result)
    {
        static string Word(double change) => SatisfactionTrap.Direction(change) switch
        {
            > 0 => "rose",
            < 0 => "fell",
            _ => "did not change",
        };
        var plain = $"the plain score {Word(result.PlainChange)} ({Signed(result.PlainChange)})";
        var weighted = $"the value-weighted score {Word(result.WeightedChange)} ({Signed(result.WeightedChange)})";
        if (!result.Trap)
        {
            return $"No satisfaction trap: {plain} and {weighted}.";
        }
        var lead = result.Customers.Count > 0 ? $"; the difference is driven most by '{result.Customers[0].Customer}'" : string.Empty;
        var segment = result.Segments.Count > 0 ? $" and segment '{result.Segments[0].Segment}'" : string.Empty;
        return $"Satisfaction trap: {plain} but {weighted}{lead}{segment}.";
    }

    private static string Signed(double change) =>
        (change >= 0 ? "+" : string.Empty) + ReportWriter.ShowNumber(change);

    private static string Presence(TrapPresence presence) => presence switch
    {
        TrapPresence.BeforeOnly => "before only",
        TrapPresence.AfterOnly => "after only",
        _ => "both",
    };
}
