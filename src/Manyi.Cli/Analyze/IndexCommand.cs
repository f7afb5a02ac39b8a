using System.CommandLine;
using Manyi.Analytics.Indicators;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze index</c>: weighted satisfaction index over an indicator tree, per organisational unit and aggregated (product.md M1.3).</summary>
internal static class IndexCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "index",
            "Weighted satisfaction index (product.md M1.3): base-indicator scores (0–100) rolled up an indicator tree as weighted means " +
            "(missing scores: weights renormalised over the present siblings) to category indices and the overall index. " +
            "With a 'unit' column, one index per unit; with --units, unit indices aggregated up the organisation.",
            "manyi analyze index --input docs/examples/index.csv --tree docs/examples/index-tree.csv --units docs/examples/index-units.csv");
        var input = ModelCommand.InputOption(description: "Scores (CSV or .xlsx): columns indicator,score (0–100), optionally unit.");
        var tree = ModelCommand.InputOption("--tree", "Indicator tree (CSV or .xlsx): columns node,parent,weight; the root has no parent.");
        var normalise = new Option<bool>("--normalise")
        {
            Description = "Divide sibling weights by their sum instead of requiring that they sum to 1.",
        };
        var units = new Option<string?>("--units")
        {
            Description = "Organisation (CSV or .xlsx): columns unit,parent and respondents and/or weight; unit indices are aggregated up to the top unit.",
        };
        var unitWeights = new Option<string>("--unit-weights")
        {
            Description = "How units are weighted when aggregated: respondents (default) or configured (the weight column of --units).",
            DefaultValueFactory = _ => "respondents",
        };
        unitWeights.AcceptOnlyFromAmong("respondents", "configured");
        command.Options.Add(input);
        command.Options.Add(tree);
        command.Options.Add(normalise);
        command.Options.Add(units);
        command.Options.Add(unitWeights);
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var indicatorTree = ReadTree(InputTable.Load(parse.GetValue(tree)!), parse.GetValue(normalise));
            var scores = InputTable.Load(parse.GetValue(input)!);
            var unitsPath = parse.GetValue(units);
            var weighting = parse.GetValue(unitWeights) == "configured" ? UnitWeighting.Configured : UnitWeighting.Respondents;
            return Analyse(indicatorTree, scores, unitsPath is null ? null : InputTable.Load(unitsPath), weighting);
        });
        return command;
    }

    private static ModelReport Analyse(IndicatorTree tree, InputTable scores, InputTable? units, UnitWeighting weighting)
    {
        var byUnit = ReadScores(tree, scores);
        var results = byUnit.Select(u => (Unit: u.Key, Result: WeightedIndex.Compute(tree, u.Value))).ToList();
        var hasUnits = scores.FindColumn("unit") >= 0;
        if (!hasUnits)
        {
            if (units is not null)
            {
                throw new InputException($"{scores.File}: --units needs a 'unit' column in the scores file (the header has: {string.Join(", ", scores.Columns)})");
            }
            var r = results[0].Result;
            var json = new { Model = "index", r.Overall, Nodes = r.Nodes.Select(NodeJson).ToArray() };
            string[] columns = ["node", "parent", "level", "weight", "weight used", "index"];
            var table = new ReportTable("Satisfaction index", columns, r.Nodes.Select(n => NodeRow(n, indent: true)).ToArray());
            return new ModelReport(json, [table])
            {
                Notes = Notes(r.Nodes),
                CsvTableOverride = new ReportTable("Satisfaction index", columns, r.Nodes.Select(n => NodeRow(n, indent: false)).ToArray()),
            };
        }

        var unitResults = results.Select(u => new { u.Unit, u.Result.Overall, Nodes = u.Result.Nodes.Select(NodeJson).ToArray() }).ToArray();
        var wide = new ReportTable(
            "Satisfaction index by unit",
            ["unit", .. tree.Nodes.Select(n => n.Name)],
            results.Select(u => (IReadOnlyList<object?>)[u.Unit, .. u.Result.Nodes.Select(n => (object?)n.Index)]).ToArray());
        var tables = new List<ReportTable> { wide };
        object? organisation = null;
        if (units is not null)
        {
            var aggregated = Aggregate(units, results.ToDictionary(u => u.Unit, u => u.Result.Overall, StringComparer.Ordinal), weighting);
            organisation = aggregated.Select(u => new { Unit = u.Name, u.Parent, u.Depth, u.Respondents, u.Weight, u.Index }).ToArray();
            tables.Add(new ReportTable(
                $"Overall index by organisation (weighted by {(weighting == UnitWeighting.Respondents ? "respondents" : "configured weights")})",
                ["unit", "parent", "level", "respondents", "weight", "index"],
                aggregated.Select(u => (IReadOnlyList<object?>)[new string(' ', 2 * u.Depth) + u.Name, u.Parent, u.Depth, u.Respondents, u.Weight, u.Index]).ToArray()));
        }
        var unitJson = new { Model = "index", Units = unitResults, Organisation = organisation };
        return new ModelReport(unitJson, tables) { Notes = Notes(results.SelectMany(u => u.Result.Nodes)) };
    }

    private static object NodeJson(NodeIndex n) => new
    {
        Node = n.Name,
        n.Parent,
        n.Depth,
        Base = n.IsBase,
        n.Weight,
        n.EffectiveWeight,
        n.Index,
    };

    private static IReadOnlyList<object?> NodeRow(NodeIndex n, bool indent) =>
        [(indent ? new string(' ', 2 * n.Depth) : string.Empty) + n.Name, n.Parent, n.Depth, n.Weight, n.EffectiveWeight, n.Index];

    private static string[] Notes(IEnumerable<NodeIndex> nodes) =>
        nodes.Any(n => n.Index is null)
            ? ["– = no score below this node. Where a score is missing, the weights of the present siblings are renormalised (weight used)."]
            : [];

    internal static IndicatorTree ReadTree(InputTable table, bool normalise)
    {
        var node = table.Column("node");
        var parent = table.Column("parent");
        var weight = table.Column("weight");
        var nodes = new List<IndicatorNode>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var name = InputTable.Text(row, node)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[node], null, "is required here (the node's name)");
            var w = table.Number(row, weight);
            if (w < 0)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[weight], row.Cells[weight], "is negative; weights are 0 or more");
            }
            nodes.Add(new IndicatorNode(name, InputTable.Text(row, parent), w));
        }
        try
        {
            return IndicatorTree.Create(nodes, normalise);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{table.File}: {WithoutParameter(e)}{(e.Message.Contains("sum to", StringComparison.Ordinal) ? " (or run with --normalise)" : string.Empty)}", e);
        }
    }

    private static Dictionary<string, Dictionary<string, double>> ReadScores(IndicatorTree tree, InputTable table)
    {
        var indicator = table.Column("indicator");
        var score = table.Column("score");
        var unit = table.FindColumn("unit");
        var result = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var lines = new Dictionary<(string, string), int>();
        var baseIndicators = tree.BaseIndicators;
        foreach (var row in table.Rows)
        {
            var unitName = unit < 0 ? string.Empty : InputTable.Text(row, unit)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[unit], null, "is required here (the unit's name)");
            var name = InputTable.Text(row, indicator)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], null, "is required here (a base indicator of the tree)");
            if (!tree.Contains(name) || tree.Children(name).Count > 0)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], name,
                    $"is not a base indicator of the tree (base indicators: {string.Join(", ", baseIndicators)})");
            }
            if (!result.TryGetValue(unitName, out var scores))
            {
                result[unitName] = scores = new Dictionary<string, double>(StringComparer.Ordinal);
            }
            if (table.Number(row, score) is not { } s)
            {
                continue;
            }
            if (s is < 0 or > 100)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[score], row.Cells[score], "is outside 0–100 (base scores are rescaled to 0–100)");
            }
            if (lines.TryGetValue((unitName, name), out var earlier))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[indicator], name, $"already has a score on line {earlier}{(unit < 0 ? string.Empty : $" for unit '{unitName}'")}");
            }
            lines[(unitName, name)] = row.Line;
            scores[name] = s;
        }
        return result;
    }

    private static IReadOnlyList<UnitIndex> Aggregate(
        InputTable table, Dictionary<string, double?> overall, UnitWeighting weighting)
    {
        var unit = table.Column("unit");
        var parent = table.Column("parent");
        var respondents = weighting == UnitWeighting.Respondents ? table.Column("respondents") : table.FindColumn("respondents");
        var weight = weighting == UnitWeighting.Configured ? table.Column("weight") : table.FindColumn("weight");
        var list = new List<OrganisationUnit>(table.Rows.Count);
        var parents = table.Rows.Select(r => InputTable.Text(r, parent)).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var name = InputTable.Text(row, unit)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[unit], null, "is required here (the unit's name)");
            var isLeaf = !parents.Contains(name);
            var n = 0;
            if (respondents >= 0 && table.Number(row, respondents) is { } count)
            {
                if (count < 0 || count != Math.Floor(count) || count > int.MaxValue)
                {
                    throw InputException.AtCell(table.File, row.Line, table.Columns[respondents], row.Cells[respondents], "is not a whole number of respondents");
                }
                n = (int)count;
            }
            else if (isLeaf && weighting == UnitWeighting.Respondents)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[respondents], null, "is required here (units are weighted by respondents)");
            }
            double? w = weight >= 0 ? table.Number(row, weight) : null;
            double? index = null;
            if (isLeaf && !overall.TryGetValue(name, out index))
            {
                index = null;
            }
            list.Add(new OrganisationUnit(name, InputTable.Text(row, parent), index, n, w));
        }
        var known = list.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var stray = overall.Keys.FirstOrDefault(k => !known.Contains(k) || parents.Contains(k));
        if (stray is not null)
        {
            throw new InputException($"{table.File}: unit '{stray}' has scores but is {(known.Contains(stray) ? "not a unit without sub-units" : "not listed")} in the organisation file");
        }
        try
        {
            return UnitAggregation.Aggregate(list, weighting);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{table.File}: {WithoutParameter(e)}", e);
        }
    }

    private static string WithoutParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
}
