using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Sampling;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary>
/// <c>manyi analyze allocate</c>: allocation of a total sample over segments (proportional, equal, Neyman), whole numbers
/// by largest remainder, with invitations and each segment's margin of error (product.md M1.10).
/// </summary>
internal static class AllocateCommand
{
    private static readonly string[] Methods = ["proportional", "equal", "neyman"];

    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "allocate",
            "Allocation of a total sample over segments: proportional (n_h ∝ N_h), equal, or Neyman (n_h ∝ N_h·S_h). "
            + "Input columns: segment, population[, sd]. Whole numbers by largest remainder, never more than a segment's population; "
            + "each segment's margin of error for a proportion (p = 0.5) at --confidence (product.md M1.10).",
            "manyi analyze allocate --input docs/examples/allocate.csv --total 400 --method neyman --response-rate 0.3");
        var input = ModelCommand.InputOption(description: "CSV (UTF-8) or Excel (.xlsx) file with columns segment, population and (for neyman) sd.");
        var total = new Option<int>("--total") { Description = "Total sample size n to allocate.", Required = true };
        var method = new Option<string>("--method") { Description = "proportional (default), equal or neyman.", DefaultValueFactory = _ => "proportional" };
        method.AcceptOnlyFromAmong(Methods);
        var responseRate = new Option<double?>("--response-rate") { Description = "Expected response rate between 0 and 1 (0.3 = 30%): also give the invitations per segment." };
        var confidence = ModelCommand.ConfidenceOption();
        foreach (var option in new Option[] { input, total, method, responseRate, confidence })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse => Analyse(
            parse.GetValue(input)!,
            parse.GetValue(total),
            Enum.Parse<AllocationMethod>(parse.GetValue(method) ?? "proportional", ignoreCase: true),
            parse.GetValue(responseRate),
            parse.GetValue(confidence)));
        return command;
    }

    private static ModelReport Analyse(string path, int total, AllocationMethod method, double? responseRate, double confidence)
    {
        if (total < 1)
        {
            throw new InputException($"option --total: {total.ToString(CultureInfo.InvariantCulture)} must be at least 1");
        }
        if (responseRate is { } r && !(r > 0 && r <= 1))
        {
            throw new InputException($"option --response-rate: {r.ToString(CultureInfo.InvariantCulture)} must be greater than 0 and at most 1 (0.3 = 30%)");
        }
        if (!(confidence > 0 && confidence < 1))
        {
            throw new InputException($"option --confidence: {confidence.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1 (e.g. 0.95)");
        }
        var strata = ReadStrata(InputTable.Load(path), method);
        var allocation = StratifiedAllocation.Allocate(strata, total, method);
        var segments = allocation.Strata.Select(s => new SegmentJson(
            s.Name,
            s.Population,
            s.StandardDeviation,
            s.PopulationShare,
            s.Exact,
            s.Allocated,
            s.Capped,
            responseRate is { } rate ? SampleSize.Invitations(s.Allocated, rate) : null,
            s.Allocated > 0 ? MarginOfError.ForProportion(confidence, s.Allocated, 0.5, s.Population) : null)).ToList();
        var json = new AllocateJson(
            "allocate",
            Methods[(int)method],
            total,
            allocation.Population,
            confidence,
            responseRate,
            responseRate is null ? null : segments.Sum(s => s.Invitations ?? 0),
            segments);
        var columns = new List<string> { "segment", "population", "share", "sd", "exact", "n", "capped" };
        if (responseRate is not null)
        {
            columns.Add("invitations");
        }
        columns.Add("margin of error");
        var rows = segments.Select(s =>
        {
            var row = new List<object?> { s.Segment, (double)s.Population, s.PopulationShare, s.Sd, s.Exact, s.N, s.Capped ? "yes (whole segment)" : "no" };
            if (responseRate is not null)
            {
                row.Add(s.Invitations);
            }
            row.Add(s.MarginOfError);
            return (IReadOnlyList<object?>)row;
        }).ToList();
        var notes = new List<string>
        {
            $"{Methods[(int)method]} allocation of {total} answers over {segments.Count} segments (population {allocation.Population}); "
            + $"margin of error for a proportion (p = 0.5) at {ReportWriter.ShowNumber(confidence * 100)}% confidence with the finite population correction.",
        };
        if (json.Invitations is { } invitations)
        {
            notes.Add($"{invitations} invitations in all at a response rate of {ReportWriter.ShowNumber(responseRate!.Value)}.");
        }
        return new ModelReport(json, [new ReportTable("Allocation over segments", columns, rows)]) { Notes = notes };
    }

    private static List<Stratum> ReadStrata(InputTable table, AllocationMethod method)
    {
        var segmentColumn = table.Column("segment");
        var populationColumn = table.Column("population");
        var sdColumn = method == AllocationMethod.Neyman ? table.Column("sd") : table.FindColumn("sd");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var strata = new List<Stratum>();
        foreach (var row in table.Rows)
        {
            var name = InputTable.Text(row, segmentColumn)
                ?? throw InputException.AtCell(table.File, row.Line, table.Columns[segmentColumn], null, "where a segment name is needed");
            if (!seen.Add(name))
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[segmentColumn], name, "appears twice; give each segment one row");
            }
            var population = table.RequiredNumber(row, populationColumn);
            if (population < 0 || population != Math.Floor(population) || population > int.MaxValue)
            {
                throw InputException.AtCell(table.File, row.Line, table.Columns[populationColumn], InputTable.Text(row, populationColumn), "is not a whole number of 0 or more");
            }
            double? sd = null;
            if (sdColumn >= 0)
            {
                sd = table.Number(row, sdColumn);
                if (sd is null && method == AllocationMethod.Neyman)
                {
                    throw InputException.AtCell(table.File, row.Line, table.Columns[sdColumn], null, "where --method neyman needs a standard deviation");
                }
                if (sd < 0)
                {
                    throw InputException.AtCell(table.File, row.Line, table.Columns[sdColumn], InputTable.Text(row, sdColumn), "is negative (a standard deviation is 0 or more)");
                }
            }
            strata.Add(new Stratum(name, (long)population, sd));
        }
        return strata;
    }

    /// <summary>The JSON form of <c>manyi analyze allocate</c> (docs/cli/design.md).</summary>
    private sealed record AllocateJson(
        string Model,
        string Method,
        int Total,
        long Population,
        double Confidence,
        double? ResponseRate,
        int? Invitations,
        IReadOnlyList<SegmentJson> Segments);

    private sealed record SegmentJson(
        string Segment,
        long Population,
        double? Sd,
        double PopulationShare,
        double Exact,
        int N,
        bool Capped,
        int? Invitations,
        double? MarginOfError);
}
