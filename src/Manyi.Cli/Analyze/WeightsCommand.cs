using System.CommandLine;
using Manyi.Analytics.Indicators;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze weights</c>: indicator weights from stated importance or by the entropy weight method (product.md M1.3).</summary>
internal static class WeightsCommand
{
    /// <summary>Identifier columns left out when --columns is not given.</summary>
    private static readonly string[] IdentifierColumns = ["respondent", "id", "alternative", "unit"];

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "weights",
            "Indicator weights (product.md M1.3). --method importance: normalised mean stated importance, w_j = mean_j / Σ mean " +
            "(blank = not answered). --method entropy: entropy weight method (熵权法), p_ij = x_ij/Σ_i x_ij, " +
            "e_j = −(1/ln m)·Σ_i p_ij ln p_ij, w_j = (1 − e_j)/Σ(1 − e_k) (no blanks). One row per respondent or alternative, one column per indicator.",
            "manyi analyze weights --input docs/examples/weights.csv --method entropy");
        var input = ModelCommand.InputOption();
        var method = new Option<string>("--method")
        {
            Description = "importance (normalised mean importance ratings) or entropy (entropy weight method).",
            Required = true,
        };
        method.AcceptOnlyFromAmong("importance", "entropy");
        var columns = new Option<string?>("--columns")
        {
            Description = "Comma-separated indicator columns (default: every column except respondent, id, alternative and unit).",
        };
        var normalisation = new Option<string>("--normalisation")
        {
            Description = "Entropy method only: proportion (default, p = x/Σx on values ≥ 0) or minmax ((x − min)/(max − min) first; any sign).",
            DefaultValueFactory = _ => "proportion",
        };
        normalisation.AcceptOnlyFromAmong("proportion", "minmax");
        command.Options.Add(input);
        command.Options.Add(method);
        command.Options.Add(columns);
        command.Options.Add(normalisation);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var selected = SelectColumns(table, parse.GetValue(columns));
            return parse.GetValue(method) == "entropy"
                ? Entropy(table, selected, parse.GetValue(normalisation) == "minmax" ? EntropyNormalisation.MinMax : EntropyNormalisation.Proportion)
                : Importance(table, selected);
        });
        return command;
    }

    private static int[] SelectColumns(InputTable table, string? option)
    {
        if (option is not null)
        {
            var names = ModelCommand.List(option);
            if (names.Count == 0)
            {
                throw new InputException("option --columns: no column names given (e.g. --columns speed,courtesy,price)");
            }
            return names.Select(table.Column).ToArray();
        }
        var all = Enumerable.Range(0, table.Columns.Count)
            .Where(i => !IdentifierColumns.Contains(table.Columns[i], StringComparer.OrdinalIgnoreCase))
            .ToArray();
        return all.Length > 0 ? all : throw new InputException($"{table.File}: no indicator columns (the header has: {string.Join(", ", table.Columns)})");
    }

    private static ModelReport Importance(InputTable table, int[] columns)
    {
        var names = columns.Select(c => table.Columns[c]).ToArray();
        var rows = table.Rows.Select(row => (IReadOnlyList<double?>)columns.Select(c => NonNegative(table, row, c, "importance is rated on a scale of 0 or more")).ToArray()).ToArray();
        var weights = ImportanceWeights.FromRatings(names, rows);
        var json = new
        {
            Model = "weights",
            Method = "importance",
            Rows = table.Rows.Count,
            Weights = weights.ToDictionary(w => w.Indicator, w => w.Weight),
            Indicators = weights.Select(w => new { w.Indicator, w.Weight, w.N, w.MeanImportance }).ToArray(),
        };
        var report = new ReportTable(
            "Weights from stated importance (normalised means)",
            ["indicator", "n", "mean importance", "weight"],
            weights.Select(w => (IReadOnlyList<object?>)[w.Indicator, w.N, w.MeanImportance, w.Weight]).ToArray());
        return new ModelReport(json, [report]);
    }

    private static ModelReport Entropy(InputTable table, int[] columns, EntropyNormalisation normalisation)
    {
        var names = columns.Select(c => table.Columns[c]).ToArray();
        var data = table.Rows.Select(row => (IReadOnlyList<double>)columns.Select(c =>
        {
            var value = table.Number(row, c)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[c], null, "is required here (the entropy method needs a complete data matrix)");
            if (normalisation == EntropyNormalisation.Proportion && value < 0)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[c], row.Cells[c], "is negative; use --normalisation minmax for data with negative values");
            }
            return value;
        }).ToArray()).ToArray();
        var weights = EntropyWeights.Compute(names, data, normalisation);
        var json = new
        {
            Model = "weights",
            Method = "entropy",
            Normalisation = normalisation == EntropyNormalisation.MinMax ? "minmax" : "proportion",
            Rows = table.Rows.Count,
            Weights = weights.ToDictionary(w => w.Indicator, w => w.Weight),
            Indicators = weights.Select(w => new { w.Indicator, w.Weight, w.Entropy, w.Divergence }).ToArray(),
        };
        var report = new ReportTable(
            "Entropy weights (熵权法)",
            ["indicator", "entropy e", "divergence d = 1 − e", "weight"],
            weights.Select(w => (IReadOnlyList<object?>)[w.Indicator, w.Entropy, w.Divergence, w.Weight]).ToArray());
        return new ModelReport(json, [report]) { Notes = [$"{table.Rows.Count} rows; an indicator whose values barely vary gets a weight near 0."] };
    }

    private static double? NonNegative(InputTable table, InputRow row, int column, string why)
    {
        var value = table.Number(row, column);
        if (value < 0)
        {
            throw InputException.AtCell(table.File, row.Line, table.Columns[column], row.Cells[column], $"is negative; {why}");
        }
        return value;
    }
}
