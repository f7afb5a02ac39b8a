using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Scores;
using Manyi.Cli.Input;
using Manyi.Cli.Output;
using MiniExcelLibs;

namespace Manyi.Cli.Analyze;

/// <summary>The JSON form of <c>manyi analyze scores</c>.</summary>
internal sealed record ScoresJson(
    string Model, long Rows, string Scale, int TopBoxes, int MinimumN, double Confidence, IReadOnlyList<ScoresItemJson> Items,
    IReadOnlyList<string> NotAnalysed, NpsJson? Nps, CsatJson? Csat, CesJson? Ces, ScoresIndexJson Index);

/// <summary>One item of <see cref="ScoresJson"/>.</summary>
internal sealed record ScoresItemJson(
    string Item, long N, long Missing, bool Suppressed, double? Mean, double? StandardDeviation, double? TopBoxPercent,
    double? Score, long BetweenPoints, IReadOnlyList<ScoresPointJson> Distribution);

/// <summary>One scale point of an item's distribution: answers and their percentage of n.</summary>
internal sealed record ScoresPointJson(int Point, long Count, double Percent);

/// <summary>The index block of <see cref="ScoresJson"/>: weighted mean of the items' 0–100 scores.</summary>
internal sealed record ScoresIndexJson(double? Score, IReadOnlyDictionary<string, double> Weights, IReadOnlyList<string> Excluded);

/// <summary><c>manyi analyze scores</c>: item statistics, NPS, CSAT, CES and index of a response file, streamed (product.md M1.1).</summary>
internal static class ScoresCommand
{
    private static readonly string[] IdentifierNames = ["id", "respondent", "customer"];

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "scores",
            "All-in-one summary of a response file, read as a stream (memory does not grow with the rows): for every rating item "
            + "n, missing, mean, standard deviation, top-box %, 0-100 score 100·(mean − min)/(max − min) and distribution; "
            + "NPS, CSAT and CES of the columns named; and the index, the weighted mean of the items' 0-100 scores (product.md M1.1). "
            + "Items by default: every column except id/respondent/customer/*_id, the --nps/--csat/--ces columns and text columns.",
            "manyi analyze scores --input docs/examples/scores.csv --nps recommend --csat satisfaction --weights q1=2,q2=1,q3=1,q4=1");
        var input = ModelCommand.InputOption();
        var items = new Option<string>("--items") { Description = "Comma-separated item columns (default: see above)." };
        var scale = new Option<string>("--scale") { Description = "Scale of the items, lowest-highest (default 1-5).", DefaultValueFactory = _ => "1-5" };
        var nps = new Option<string>("--nps") { Description = "Column of 0-10 likelihood-to-recommend answers: adds the NPS block." };
        var csat = new Option<string>("--csat") { Description = "Column of satisfaction answers: adds the CSAT block." };
        var csatScale = new Option<string>("--csat-scale") { Description = "Scale of the --csat column (default 1-5).", DefaultValueFactory = _ => "1-5" };
        var ces = new Option<string>("--ces") { Description = "Column of 1-7 effort answers: adds the CES block." };
        var weights = new Option<string>("--weights") { Description = "Index weights as item=weight,… (normalised; items not named weigh 0). Default: equal." };
        var topBox = ScoresForms.TopBoxOption();
        var minimumN = ModelCommand.MinimumNOption();
        var confidence = ModelCommand.ConfidenceOption();
        foreach (var option in new Option[] { input, items, scale, nps, csat, csatScale, ces, weights, topBox, minimumN, confidence })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var request = new ScoresRequest(
                parse.GetValue(input)!,
                parse.GetValue(items) is { } list ? ModelCommand.List(list) : null,
                ScoresForms.ParseScale("--scale", parse.GetValue(scale)),
                parse.GetValue(nps),
                parse.GetValue(csat),
                ScoresForms.ParseScale("--csat-scale", parse.GetValue(csatScale)),
                parse.GetValue(ces),
                ParseWeights(parse.GetValue(weights)),
                parse.GetValue(topBox),
                parse.GetValue(minimumN),
                parse.GetValue(confidence));
            return Analyse(request);
        });
        return command;
    }

    /// <summary>Runs the analysis of one file (the command's action without option parsing).</summary>
    public static ModelReport Analyse(ScoresRequest request)
    {
        var itemOptions = new ItemOptions(request.TopBoxes, request.MinimumN);
        request.Scale.TopBoxThreshold(request.TopBoxes);
        request.CsatScale.TopBoxThreshold(request.TopBoxes);
        ProportionInterval.Z(request.Confidence);
        if (request.MinimumN < 1)
        {
            throw new InputException($"option --min-n: must be at least 1, not {request.MinimumN}");
        }
        if (!File.Exists(request.File))
        {
            throw new InputException($"{request.File}: file not found");
        }
        var tally = InputTable.IsExcel(request.File) ? ReadExcel(request) : ReadCsv(request);

        var itemTallies = tally.Tallies.Where(t => t.Role == ScoresRole.Item && !t.Ignored).ToArray();
        var itemStatistics = itemTallies.Select(t => (t.Name, Statistics: t.Statistics(itemOptions))).ToArray();
        var itemJson = itemStatistics.Select(i => new ScoresItemJson(
            i.Name, i.Statistics.N, i.Statistics.Missing, i.Statistics.Suppressed, i.Statistics.Mean, i.Statistics.StandardDeviation,
            i.Statistics.TopBoxPercent, i.Statistics.Score, i.Statistics.BetweenPoints,
            i.Statistics.Distribution.Select(d => new ScoresPointJson(d.Point, d.Count, d.Percent)).ToArray())).ToArray();

        NpsJson? npsJson = null;
        CsatJson? csatJson = null;
        CesJson? cesJson = null;
        foreach (var t in tally.Tallies)
        {
            switch (t.Role)
            {
                case ScoresRole.Nps:
                    npsJson = ScoresForms.NpsForm(null, t.Name, t.Missing, ScoresForms.Nps(t.Counts, request.Confidence, request.MinimumN));
                    break;
                case ScoresRole.Csat:
                    csatJson = ScoresForms.CsatForm(null, t.Name, t.Scale, t.Missing,
                        ScoresForms.Csat(t.Scale, t.Counts, request.TopBoxes, request.Confidence, request.MinimumN));
                    break;
                case ScoresRole.Ces:
                    cesJson = ScoresForms.CesForm(null, t.Name, t.Missing, CustomerEffort.FromFrequencies(t.Counts, request.Confidence, request.MinimumN));
                    break;
                default:
                    break;
            }
        }

        var index = IndexScore.Compute(
            itemStatistics.Select(i => new KeyValuePair<string, double?>(i.Name, i.Statistics.Score)).ToArray(), request.Weights);
        var analysed = new HashSet<string>(tally.Tallies.Where(t => !t.Ignored).Select(t => t.Name), StringComparer.Ordinal);
        var notAnalysed = tally.Columns.Where(c => !analysed.Contains(c)).ToArray();
        var json = new ScoresJson(
            "scores", tally.Rows, ScoresForms.ScaleText(request.Scale), request.TopBoxes, request.MinimumN, request.Confidence, itemJson,
            notAnalysed, npsJson, csatJson, cesJson, new ScoresIndexJson(index.Score, index.Weights, index.Excluded));
        return Report(json, request);
    }

    private static ModelReport Report(ScoresJson json, ScoresRequest request)
    {
        var showPoints = request.Scale.PointCount <= 11;
        var columns = new List<string> { "item", "n", "missing", "mean", "standard deviation", $"top-{json.TopBoxes} box %", "score (0-100)" };
        if (showPoints)
        {
            columns.AddRange(Enumerable.Range(request.Scale.Minimum, request.Scale.PointCount).Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }
        var itemRows = json.Items.Select(i =>
        {
            var row = new List<object?> { i.Item, i.N, i.Missing, i.Mean, i.StandardDeviation, i.TopBoxPercent, i.Score };
            if (showPoints)
            {
                row.AddRange(i.Suppressed ? Enumerable.Repeat<object?>(null, request.Scale.PointCount) : i.Distribution.Select(d => (object?)d.Count));
            }
            return (IReadOnlyList<object?>)row;
        }).ToArray();
        var itemTable = new ReportTable(
            string.Create(CultureInfo.InvariantCulture, $"Items ({json.Rows} rows, scale {json.Scale})"), columns, itemRows);

        var summary = new List<IReadOnlyList<object?>>();
        if (json.Nps is { } nps)
        {
            summary.Add(["NPS (-100…100)", nps.Column, nps.N, nps.Nps, nps.ConfidenceInterval?.Low, nps.ConfidenceInterval?.High]);
        }
        if (json.Csat is { } csat)
        {
            summary.Add([$"CSAT % (top {csat.TopBoxes} of {csat.Scale})", csat.Column, csat.N, csat.Csat, csat.ConfidenceInterval?.Low, csat.ConfidenceInterval?.High]);
        }
        if (json.Ces is { } ces)
        {
            summary.Add(["CES mean (1-7)", ces.Column, ces.N, ces.Mean, ces.ConfidenceInterval?.Low, ces.ConfidenceInterval?.High]);
        }
        summary.Add(["index (0-100)", request.Weights is null ? "equal weights" : "given weights", json.Items.Count, json.Index.Score, null, null]);
        var summaryTable = new ReportTable("Scores", ["measure", "column", "n", "value", "ci low", "ci high"], summary);

        var notes = new List<string>();
        foreach (var item in json.Items.Where(i => i.Suppressed))
        {
            notes.Add(ScoresForms.SuppressedNote($"item '{item.Item}'", item.N, json.MinimumN));
        }
        foreach (var (name, block) in new (string, object?)[] { ("NPS", json.Nps), ("CSAT", json.Csat), ("CES", json.Ces) })
        {
            var (suppressed, n) = block switch
            {
                NpsJson b => (b.Suppressed, b.N),
                CsatJson b => (b.Suppressed, b.N),
                CesJson b => (b.Suppressed, b.N),
                _ => (false, 0L),
            };
            if (suppressed)
            {
                notes.Add(ScoresForms.SuppressedNote(name, n, json.MinimumN));
            }
        }
        if (json.Index.Excluded.Count > 0)
        {
            notes.Add($"The index leaves out the suppressed items {string.Join(", ", json.Index.Excluded)}; the other weights are renormalised.");
        }
        if (json.NotAnalysed.Count > 0)
        {
            notes.Add($"Columns not analysed: {string.Join(", ", json.NotAnalysed)}.");
        }
        return new ModelReport(json, [itemTable, summaryTable]) { Notes = notes };
    }

    private static Dictionary<string, double>? ParseWeights(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in ModelCommand.List(text))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InputException($"option --weights: '{part}' is not item=weight (e.g. --weights q1=0.3,q2=0.7)");
            }
            var name = part[..equals].Trim();
            if (!weights.TryAdd(name, ModelCommand.OptionNumber("--weights", part[(equals + 1)..].Trim())))
            {
                throw new InputException($"option --weights: item '{name}' is given twice");
            }
        }
        return weights;
    }

    /// <summary>Decides what every header column is analysed as; checks the named columns exist.</summary>
    private static ScoresTally[] Plan(ScoresRequest request, IReadOnlyList<string> columns)
    {
        int Find(string option, string name)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            throw new InputException($"{request.File}: missing column '{name}' named by {option} (the header has: {string.Join(", ", columns)})");
        }
        var tallies = new List<ScoresTally>();
        var taken = new Dictionary<int, string>();
        void Take(int column, string option)
        {
            if (!taken.TryAdd(column, option))
            {
                throw new InputException($"option {option}: column '{columns[column]}' is already used by {taken[column]}");
            }
        }
        foreach (var (option, name, role, scale) in new (string, string?, ScoresRole, Scale)[]
        {
            ("--nps", request.Nps, ScoresRole.Nps, Scale.Likelihood),
            ("--csat", request.Csat, ScoresRole.Csat, request.CsatScale),
            ("--ces", request.Ces, ScoresRole.Ces, Scale.Effort),
        })
        {
            if (name is not null)
            {
                var column = Find(option, name);
                Take(column, option);
                tallies.Add(new ScoresTally(columns[column], column, role, scale, isExplicit: true));
            }
        }
        if (request.Items is { } named)
        {
            foreach (var name in named)
            {
                var column = Find("--items", name);
                Take(column, "--items");
                tallies.Add(new ScoresTally(columns[column], column, ScoresRole.Item, request.Scale, isExplicit: true));
            }
        }
        else
        {
            for (var column = 0; column < columns.Count; column++)
            {
                if (!taken.ContainsKey(column) && !IsIdentifier(columns[column]))
                {
                    tallies.Add(new ScoresTally(columns[column], column, ScoresRole.Item, request.Scale, isExplicit: false));
                }
            }
        }
        return [.. tallies.OrderBy(t => t.Role == ScoresRole.Item ? 1 : 0).ThenBy(t => request.Items is null ? t.Column : 0)];
    }

    private static bool IsIdentifier(string column) =>
        IdentifierNames.Any(n => string.Equals(column, n, StringComparison.OrdinalIgnoreCase))
        || column.EndsWith("_id", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<string> Header(string file, int line, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
            {
                throw new InputException($"{file}, line {line}: column {i + 1} of the header has no name");
            }
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.OrdinalIgnoreCase))
                {
                    throw new InputException($"{file}, line {line}: column '{names[i]}' appears twice in the header");
                }
            }
        }
        return names;
    }

    private static InputException Ragged(string file, int line, int fields, IReadOnlyList<string> columns) =>
        new($"{file}, line {line}: the row has {fields} fields but the header has {columns.Count} ({string.Join(",", columns)})");

    private static ScoresFileTally ReadCsv(ScoresRequest request)
    {
        var file = request.File;
        StreamingCsvReader reader;
        try
        {
            reader = new StreamingCsvReader(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{file}: cannot be read ({e.Message})", e);
        }
        using (reader)
        {
            if (!reader.ReadRow())
            {
                throw new InputException($"{file}: the file is empty (a header row is expected)");
            }
            var columns = Header(file, reader.Line, Enumerable.Range(0, reader.FieldCount).Select(f => reader.Text(f) ?? string.Empty).ToArray());
            var tallies = Plan(request, columns);
            var width = columns.Count;
            long rows = 0;
            while (reader.ReadRow())
            {
                if (reader.FieldCount != width)
                {
                    throw Ragged(file, reader.Line, reader.FieldCount, columns);
                }
                rows++;
                for (var t = 0; t < tallies.Length; t++)
                {
                    var tally = tallies[t];
                    if (tally.Ignored)
                    {
                        continue;
                    }
                    if (!reader.TryGetDigits(tally.Column, out var value) || !tally.TryAddDigits(value))
                    {
                        tally.AddText(reader.Text(tally.Column), file, reader.Line);
                    }
                }
            }
            return Finish(file, columns, tallies, rows);
        }
    }

    private static ScoresFileTally ReadExcel(ScoresRequest request)
    {
        var file = request.File;
        IReadOnlyList<string>? columns = null;
        ScoresTally[] tallies = [];
        long rows = 0;
        var line = 0;
        try
        {
            foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: false))
            {
                line++;
                var cells = row.Values.Select(v => InputTable.ExcelCellText(v).Trim()).ToList();
                if (cells.All(c => c.Length == 0))
                {
                    continue;
                }
                if (columns is null)
                {
                    while (cells.Count > 0 && cells[^1].Length == 0)
                    {
                        cells.RemoveAt(cells.Count - 1);
                    }
                    columns = Header(file, line, cells);
                    tallies = Plan(request, columns);
                    continue;
                }
                var used = cells.FindLastIndex(c => c.Length > 0) + 1;
                if (used > columns.Count)
                {
                    throw Ragged(file, line, used, columns);
                }
                rows++;
                foreach (var tally in tallies)
                {
                    if (!tally.Ignored)
                    {
                        tally.AddText(tally.Column < cells.Count && cells[tally.Column].Length > 0 ? cells[tally.Column] : null, file, line);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or System.Xml.XmlException or NotSupportedException)
        {
            throw new InputException($"{file}: not a readable Excel workbook ({e.Message})", e);
        }
        if (columns is null)
        {
            throw new InputException($"{file}: the file is empty (a header row is expected)");
        }
        return Finish(file, columns, tallies, rows);
    }

    private static ScoresFileTally Finish(string file, IReadOnlyList<string> columns, ScoresTally[] tallies, long rows)
    {
        if (rows == 0)
        {
            throw new InputException($"{file}: the file has a header but no data rows");
        }
        return new ScoresFileTally(columns, [.. tallies.OrderBy(t => t.Role == ScoresRole.Item ? 1 : 0)], rows);
    }

}

/// <summary>The options of one <c>manyi analyze scores</c> run.</summary>
internal sealed record ScoresRequest(
    string File, IReadOnlyList<string>? Items, Scale Scale, string? Nps, string? Csat, Scale CsatScale, string? Ces,
    IReadOnlyDictionary<string, double>? Weights, int TopBoxes, int MinimumN, double Confidence);

/// <summary>What reading a response file produced: its header, the column tallies and the number of data rows.</summary>
internal sealed record ScoresFileTally(IReadOnlyList<string> Columns, IReadOnlyList<ScoresTally> Tallies, long Rows);
