using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using Manyi.Analytics.Indicators;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze ahp</c>: AHP weights and consistency ratio of a pairwise comparison matrix (product.md M1.3).</summary>
internal static class AhpCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "ahp",
            "AHP weights (principal eigenvector), λmax, consistency index and ratio of a pairwise comparison matrix (product.md M1.3). " +
            "The first column and the header name the criteria; cells are Saaty judgements such as 3 or 1/3; cells below the diagonal may be blank.",
            "manyi analyze ahp --input docs/examples/ahp.csv --format json");
        var input = ModelCommand.InputOption(description: "Pairwise comparison matrix (CSV or .xlsx): header 'criterion,A,B,…', one row per criterion in the same order.");
        command.Options.Add(input);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse => Analyse(InputTable.Load(parse.GetValue(input)!)));
        return command;
    }

    private static ModelReport Analyse(InputTable table)
    {
        var (criteria, matrix) = ReadMatrix(table);
        var r = Ahp.Analyse(criteria, matrix);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < criteria.Count; i++)
        {
            weights[criteria[i]] = r.Weights[i];
        }
        var pair = r.IsConsistent || r.MostInconsistentPair is not { } p
            ? null
            : new PairJson(p.Row, p.Column, p.Judgement, p.Implied, p.Deviation);
        var json = new AhpJson("ahp", weights, r.LambdaMax, r.ConsistencyIndex, r.RandomIndex, r.ConsistencyRatio, r.IsConsistent, pair);

        var weightRows = criteria
            .Select((c, i) => (IReadOnlyList<object?>)[c, r.Weights[i], 100 * r.Weights[i], Rank(r.Weights, i)])
            .ToArray();
        var consistency = new List<IReadOnlyList<object?>>
        {
            new object?[] { "criteria (n)", (double)criteria.Count },
            new object?[] { "λmax", r.LambdaMax },
            new object?[] { "consistency index CI = (λmax − n)/(n − 1)", r.ConsistencyIndex },
            new object?[] { "random index RI (Saaty)", r.RandomIndex },
            new object?[] { "consistency ratio CR = CI/RI", r.ConsistencyRatio },
            new object?[] { "consistent (CR < 0.10)", r.IsConsistent ? "yes" : "no" },
        };
        var notes = new List<string>();
        if (pair is not null)
        {
            consistency.Add(new object?[] { "most inconsistent pair", $"{pair.Row} vs {pair.Column}" });
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"CR = {r.ConsistencyRatio:0.###} ≥ 0.10: the judgements are inconsistent. Revisit {pair.Row} vs {pair.Column}: judged {pair.Judgement:0.###}, " +
                $"while the other judgements imply about {pair.Implied:0.###} (ε = {pair.Deviation:0.###})."));
        }
        var weightTable = new ReportTable("AHP weights", ["criterion", "weight", "percent", "rank"], weightRows);
        return new ModelReport(json, [weightTable, new ReportTable("Consistency", ["measure", "value"], consistency)]) { Notes = notes };
    }

    /// <summary>Reads the matrix with file/line/column messages: numbers or fractions a/b, blanks mirrored from the other triangle.</summary>
    internal static (IReadOnlyList<string> Criteria, double[,] Matrix) ReadMatrix(InputTable table)
    {
        var criteria = table.Columns.Skip(1).ToArray();
        var n = criteria.Length;
        if (n == 0)
        {
            throw new InputException($"{table.File}: the header names no criteria (expected 'criterion,A,B,…')");
        }
        if (table.Rows.Count != n)
        {
            throw new InputException(
                $"{table.File}: the matrix has {table.Rows.Count} rows but the header names {n} criteria ({string.Join(", ", criteria)}): it must be square");
        }
        var cells = new double?[n, n];
        for (var i = 0; i < n; i++)
        {
            var row = table.Rows[i];
            var name = InputTable.Text(row, 0);
            if (!string.Equals(name, criteria[i], StringComparison.OrdinalIgnoreCase))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[0], name,
                    $"should be '{criteria[i]}': the rows must name the criteria in the order of the header");
            }
            for (var j = 0; j < n; j++)
            {
                cells[i, j] = Judgement(table, row, j + 1);
            }
        }
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var row = table.Rows[i];
                var column = table.Columns[j + 1];
                if (i == j)
                {
                    if (cells[i, i] is { } d && Math.Abs(d - 1) > 1e-9)
                    {
                        throw InputException.AtCell(table.File, row.Line, column, row.Cells[j + 1], "must be 1 (a criterion compared with itself)");
                    }
                    matrix[i, i] = 1;
                }
                else if (cells[i, j] is { } v)
                {
                    if (j < i && cells[j, i] is { } mirror && Math.Abs(v * mirror - 1) > Ahp.ReciprocalTolerance)
                    {
                        throw InputException.AtCell(table.File, row.Line, column, row.Cells[j + 1],
                            $"is not the reciprocal of {criteria[j]} vs {criteria[i]} = {table.Rows[j].Cells[i + 1]} (line {table.Rows[j].Line}): expected {Show(1 / mirror)} or a blank cell");
                    }
                    matrix[i, j] = v;
                }
                else if (cells[j, i] is { } mirror)
                {
                    matrix[i, j] = 1 / mirror;
                }
                else
                {
                    throw InputException.AtCell(table.File, row.Line, column, null,
                        $"is required: compare {criteria[i]} with {criteria[j]} here or in the mirror cell (line {table.Rows[j].Line}, column '{criteria[i]}')");
                }
            }
        }
        return (criteria, matrix);
    }

    private static double? Judgement(InputTable table, InputRow row, int column)
    {
        var text = InputTable.Text(row, column);
        if (text is null)
        {
            return null;
        }
        double value;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!TryNumber(text[..slash], out var numerator) || !TryNumber(text[(slash + 1)..], out var denominator) || denominator == 0)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, "is not a number or a fraction like 1/3");
            }
            value = numerator / denominator;
        }
        else if (!TryNumber(text, out value))
        {
            throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, "is not a number or a fraction like 1/3");
        }
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw InputException.AtCell(table.File, row.Line, table.Columns[column], text, "is not a positive judgement (Saaty's scale runs from 1/9 to 9)");
        }
        return value;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static int Rank(IReadOnlyList<double> weights, int i) => 1 + weights.Count(w => w > weights[i]);

    private static string Show(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The documented JSON form of <c>manyi analyze ahp</c>.</summary>
    private sealed record AhpJson(
        string Model,
        IReadOnlyDictionary<string, double> Weights,
        double LambdaMax,
        double ConsistencyIndex,
        double RandomIndex,
        double ConsistencyRatio,
        bool Consistent,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PairJson? MostInconsistentPair);

    private sealed record PairJson(string Row, string Column, double Judgement, double Implied, double Deviation);
}
