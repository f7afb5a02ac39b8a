using System.CommandLine;
using Manyi.Analytics.Value;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze weighted</c>: customer-value-weighted satisfaction D'_ij = (K_i/K_o)·D_ij (product.md M1.5).</summary>
internal static class WeightedCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "weighted",
            "Customer-value-weighted satisfaction (product.md M1.5): each customer's scores D are multiplied by K/K_o, its value K "
            + "over the standard value K_o (mean or minimum K of the file); prints plain and value-weighted means per score column "
            + "and overall (a customer's overall score is the mean of its answered columns). One row per customer.",
            "manyi analyze weighted --input docs/examples/weighted.csv --customer customer --value revenue --score product,delivery,service");
        var input = ModelCommand.InputOption();
        var customer = CustomerOption();
        var value = ValueOption();
        var score = new Option<string>("--score")
        {
            Description = "Score column(s), comma-separated (blank cell = not answered).",
            Required = true,
        };
        var standard = BaseOption();
        command.Options.Add(input);
        command.Options.Add(customer);
        command.Options.Add(value);
        command.Options.Add(score);
        command.Options.Add(standard);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var items = ModelCommand.List(parse.GetValue(score));
            if (items.Count == 0)
            {
                throw new InputException("option --score: name at least one score column");
            }
            var customerColumn = table.Column(parse.GetValue(customer)!);
            var valueColumn = table.Column(parse.GetValue(value)!);
            var scoreColumns = items.Select(table.Column).ToList();
            var customers = new List<ValuedCustomer>(table.Rows.Count);
            foreach (var (row, name, k) in Customers(table, customerColumn, valueColumn))
            {
                customers.Add(new ValuedCustomer(name, k, scoreColumns.Select(c => table.Number(row, c)).ToList()));
            }
            var result = CustomerValueWeighting.Weigh(items, customers, ParseBase(parse.GetValue(standard)));
            return Report(result);
        });
        return command;
    }

    /// <summary>The <c>--customer</c> option: the column naming the customer.</summary>
    internal static Option<string> CustomerOption() =>
        new("--customer") { Description = "Column with the customer's name or id (one row per customer).", Required = true };

    /// <summary>The <c>--value</c> option: the column with the customer value K.</summary>
    internal static Option<string> ValueOption() =>
        new("--value") { Description = "Column with the customer's value K to the company (revenue, profit contribution, …); must be positive.", Required = true };

    /// <summary>The <c>--base mean|min</c> option: which customer value is the standard K_o.</summary>
    internal static Option<string> BaseOption()
    {
        var option = new Option<string>("--base")
        {
            Description = "Standard customer value K_o: mean (default; the weighted mean is then the K-weighted mean) or min (smallest K).",
            DefaultValueFactory = _ => "mean",
        };
        option.AcceptOnlyFromAmong("mean", "min");
        return option;
    }

    internal static StandardValueBase ParseBase(string? text) =>
        string.Equals(text, "min", StringComparison.Ordinal) ? StandardValueBase.Minimum : StandardValueBase.Mean;

    internal static string BaseName(StandardValueBase standard) => standard == StandardValueBase.Minimum ? "min" : "mean";

    /// <summary>
    /// Each row's customer and positive value K; a blank customer or value, a non-positive value or a customer given twice
    /// is reported with file, line, column and value.
    /// </summary>
    internal static IEnumerable<(InputRow Row, string Customer, double Value)> Customers(InputTable table, int customerColumn, int valueColumn)
    {
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var name = InputTable.Text(row, customerColumn)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[customerColumn], null, "is required here (the customer's name or id)");
            if (firstLine.TryGetValue(name, out var first))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[customerColumn], name,
                    $"appears again (first on line {first}); give one row per customer");
            }
            firstLine[name] = row.Line;
            var k = table.RequiredNumber(row, valueColumn);
            if (k <= 0)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[valueColumn], InputTable.Text(row, valueColumn),
                    "is not a positive customer value (K must be greater than 0)");
            }
            yield return (row, name, k);
        }
    }

    private static ModelReport Report(ValueWeightedScores result)
    {
        var json = new
        {
            Model = "weighted",
            Base = BaseName(result.Base),
            result.StandardValue,
            result.Customers,
            Items = result.Items.Select(Json).ToList(),
            Overall = new { result.Overall.N, result.Overall.Plain, result.Overall.Weighted },
        };
        var rows = result.Items.Append(result.Overall with { Item = AllItems })
            .Select(i => (IReadOnlyList<object?>)[i.Item, i.N, i.Plain, i.Weighted, i.Weighted - i.Plain])
            .ToList();
        var table = new ReportTable(
            "Customer-value-weighted scores",
            ["item", "n", "plain", "weighted", "weighted - plain"],
            rows);
        return new ModelReport(json, [table])
        {
            Notes =
            [
                $"K_o = {BaseName(result.Base)} customer value = {ReportWriter.ShowNumber(result.StandardValue)} over {result.Customers} customers.",
                $"weighted = mean of (K/K_o)·score over the customers who answered; '{AllItems}' uses each customer's mean over its answered items.",
            ],
        };
    }

    /// <summary>Label of the overall row in the table (kept apart from any score column called "overall").</summary>
    private const string AllItems = "(all items)";

    private static object Json(ValueWeightedItem item) => new { item.Item, item.N, item.Plain, item.Weighted };
}
