using System.CommandLine;
using System.Globalization;
using Manyi.Analytics.Pls;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary><c>manyi analyze plspm</c>: satisfaction-index models (ACSI, ECSI, CCSI or a model file) by PLS path modelling (product.md M1.9).</summary>
internal static class PlspmCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "plspm",
            "Satisfaction index model by PLS path modelling (product.md M1.9): Wold's algorithm on standardised indicators "
            + "(reflective mode A, formative mode B), path coefficients, R², effects, loadings and weights, Cronbach's α, "
            + "composite reliability, AVE, HTMT, bootstrap standard errors, t values and percentile intervals, and the 0–100 "
            + "index per construct from the unstandardised weights. One row per respondent, one column per indicator.",
            "manyi analyze plspm --input docs/examples/mobi.csv --model docs/examples/ecsi-model.json --bootstrap 500 --seed 1");
        var input = ModelCommand.InputOption();
        var model = new Option<string>("--model")
        {
            Description = "acsi, ecsi, ccsi (ready-made; columns named IMAG1…, CUEX1…, PERQ1…, PERV1…, CUSA1…, CUSCO, CUSL1…) or a model file (.json).",
            Required = true,
        };
        var scheme = new Option<string>("--scheme") { Description = "Inner weighting scheme: path (default), centroid or factorial.", DefaultValueFactory = _ => "path" };
        scheme.AcceptOnlyFromAmong("path", "centroid", "factorial");
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples (default 5000; 0 = none).", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap draws (default 1); the same seed gives the same numbers on any number of cores.", DefaultValueFactory = _ => 1 };
        var confidence = ModelCommand.ConfidenceOption();
        var missing = new Option<string>("--missing") { Description = "Blank indicators: listwise (default, drop the row) or mean (replace by the indicator's mean).", DefaultValueFactory = _ => "listwise" };
        missing.AcceptOnlyFromAmong("listwise", "mean");
        var scale = new Option<string?>("--scale") { Description = "Answer scale MIN-MAX for the 0–100 index, e.g. 1-10 (default: lowest and highest value in the indicator columns)." };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Iteration limit of the PLS algorithm (default 300).", DefaultValueFactory = _ => 300 };
        foreach (var option in new Option[] { input, model, scheme, bootstrap, seed, confidence, missing, scale, maxIterations })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse =>
        {
            var table = InputTable.Load(parse.GetValue(input)!);
            var (scaleMin, scaleMax) = Scale(parse.GetValue(scale));
            var options = new PlsOptions
            {
                Scheme = Enum.Parse<InnerWeightingScheme>(parse.GetValue(scheme)!, ignoreCase: true),
                Missing = parse.GetValue(missing) == "mean" ? MissingDataTreatment.Mean : MissingDataTreatment.Listwise,
                MaxIterations = parse.GetValue(maxIterations),
                ScaleMinimum = scaleMin,
                ScaleMaximum = scaleMax,
            };
            var resamples = parse.GetValue(bootstrap);
            if (resamples < 0 || resamples > PlsPathModeling.MaxResamples)
            {
                throw new InputException($"option --bootstrap: {resamples} is not between 0 and {PlsPathModeling.MaxResamples}");
            }
            var bootstrapOptions = new PlsBootstrapOptions { Resamples = resamples, Seed = parse.GetValue(seed), Confidence = parse.GetValue(confidence) };
            var (definition, result) = Analyze(table, parse.GetValue(model)!, options, bootstrapOptions);
            return Report(definition, result);
        });
        return command;
    }

    /// <summary>Resolves the model (ready-made or file), reads its indicator columns (blank = missing) and estimates it.</summary>
    internal static (string Definition, PlsPathModelResult Result) Analyze(InputTable table, string modelName, PlsOptions options, PlsBootstrapOptions bootstrap)
    {
        var template = SatisfactionIndexModels.Find(modelName);
        PlsPathModel model;
        string definition;
        if (template is not null)
        {
            model = template.Resolve(table.Columns);
            definition = template.Name;
        }
        else if (modelName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(modelName))
        {
            model = PlspmModelFile.Read(modelName);
            definition = Path.GetFileName(modelName);
            try
            {
                model.Validate();
            }
            catch (ArgumentException e)
            {
                throw new InputException($"{modelName}: {e.Message}", e);
            }
            foreach (var construct in model.Constructs)
            {
                foreach (var indicator in construct.Indicators.Where(i => table.FindColumn(i) < 0))
                {
                    throw new InputException(
                        $"{modelName}: construct '{construct.Name}' lists indicator '{indicator}', which is not a column of {table.File} (the header has: {string.Join(", ", table.Columns)})");
                }
            }
        }
        else
        {
            throw new InputException($"option --model: '{modelName}' is not one of acsi, ecsi, ccsi, nor a model file (.json)");
        }

        var indicators = model.Constructs.SelectMany(c => c.Indicators).ToList();
        var columns = indicators
            .Select(name => table.Column(name))
            .Select(c => (IReadOnlyList<double?>)table.Rows.Select(r => table.Number(r, c)).ToList())
            .ToList();
        try
        {
            return (definition, PlsPathModeling.Estimate(model, indicators, columns, options, bootstrap));
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(e.Message, e);
        }
    }

    private static (double? Min, double? Max) Scale(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }
        var dash = text.IndexOf('-', 1);
        if (dash < 0)
        {
            throw new InputException($"option --scale: '{text}' is not MIN-MAX, e.g. 1-10");
        }
        var min = ModelCommand.OptionNumber("--scale", text[..dash]);
        var max = ModelCommand.OptionNumber("--scale", text[(dash + 1)..]);
        if (!(max > min))
        {
            throw new InputException($"option --scale: '{text}' must have its maximum above its minimum");
        }
        return (min, max);
    }

    private static ModelReport Report(string definition, PlsPathModelResult result)
    {
        var r2 = result.Constructs.Where(c => c.RSquared.HasValue).ToList();
        var level = result.Bootstrap is null ? string.Empty : (result.Bootstrap.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture) + "% ";
        var json = new
        {
            Model = "plspm",
            Definition = definition,
            result.Scheme,
            result.Missing,
            result.N,
            result.RowsDropped,
            result.Imputed,
            result.Iterations,
            Scale = new { Min = result.ScaleMinimum, Max = result.ScaleMaximum },
            Paths = result.Paths.Select(p => new
            {
                p.From,
                p.To,
                p.Coefficient,
                p.Bootstrap?.StandardError,
                p.Bootstrap?.T,
                p.Bootstrap?.CiLow,
                p.Bootstrap?.CiHigh,
            }).ToList(),
            Loadings = result.Outer.Select(o => new
            {
                o.Construct,
                o.Indicator,
                o.Loading,
                o.Weight,
                LoadingStandardError = o.LoadingBootstrap?.StandardError,
                LoadingT = o.LoadingBootstrap?.T,
                LoadingCiLow = o.LoadingBootstrap?.CiLow,
                LoadingCiHigh = o.LoadingBootstrap?.CiHigh,
                WeightStandardError = o.WeightBootstrap?.StandardError,
                WeightT = o.WeightBootstrap?.T,
                WeightCiLow = o.WeightBootstrap?.CiLow,
                WeightCiHigh = o.WeightBootstrap?.CiHigh,
            }).ToList(),
            RSquared = r2.ToDictionary(c => c.Name, c => c.RSquared!.Value),
            RSquaredAdjusted = r2.ToDictionary(c => c.Name, c => c.AdjustedRSquared),
            Reliability = result.Constructs.ToDictionary(
                c => c.Name,
                c => new { Alpha = c.CronbachsAlpha, RhoC = c.CompositeReliability, Ave = c.AverageVarianceExtracted }),
            Index = result.Constructs.ToDictionary(c => c.Name, c => c.Index),
            Effects = result.Effects,
            Htmt = result.Htmt.Select(h => new { h.First, h.Second, h.Value }).ToList(),
            Bootstrap = result.Bootstrap is null
                ? null
                : new { result.Bootstrap.Resamples, result.Bootstrap.Seed, result.Bootstrap.Confidence, result.Bootstrap.Failed, Interval = "percentile" },
        };

        var paths = new ReportTable(
            $"Path coefficients ({definition}, {result.Scheme.ToString().ToLowerInvariant()} scheme)",
            ["from", "to", "coefficient", "SE", "t", $"{level}CI low", $"{level}CI high"],
            result.Paths.Select(p => (IReadOnlyList<object?>)[p.From, p.To, p.Coefficient, p.Bootstrap?.StandardError, p.Bootstrap?.T, p.Bootstrap?.CiLow, p.Bootstrap?.CiHigh]).ToList());
        var constructs = new ReportTable(
            "Constructs",
            ["construct", "mode", "indicators", "R²", "adjusted R²", "Cronbach's α", "ρc", "AVE", "index 0–100"],
            result.Constructs.Select(c => (IReadOnlyList<object?>)[
                c.Name, c.Mode == OuterMode.A ? "A (reflective)" : "B (formative)", c.Indicators, c.RSquared, c.AdjustedRSquared,
                c.CronbachsAlpha, c.CompositeReliability, c.AverageVarianceExtracted, c.Index]).ToList());
        var outer = new ReportTable(
            "Outer model",
            ["construct", "indicator", "loading", "weight", "loading SE", "loading t", "weight SE", "weight t"],
            result.Outer.Select(o => (IReadOnlyList<object?>)[
                o.Construct, o.Indicator, o.Loading, o.Weight, o.LoadingBootstrap?.StandardError, o.LoadingBootstrap?.T,
                o.WeightBootstrap?.StandardError, o.WeightBootstrap?.T]).ToList());
        var effects = new ReportTable(
            "Effects",
            ["from", "to", "direct", "indirect", "total"],
            result.Effects.Select(e => (IReadOnlyList<object?>)[e.From, e.To, e.Direct, e.Indirect, e.Total]).ToList());
        var htmt = new ReportTable(
            "Discriminant validity (HTMT)",
            ["construct", "construct", "HTMT"],
            result.Htmt.Select(h => (IReadOnlyList<object?>)[h.First, h.Second, h.Value]).ToList());

        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"n = {result.N} rows used; converged after {result.Iterations} iterations; index on the scale {result.ScaleMinimum}–{result.ScaleMaximum}."),
        };
        if (result.RowsDropped > 0)
        {
            notes.Add($"{result.RowsDropped} row(s) with a blank indicator were left out (listwise deletion; --missing mean keeps them).");
        }
        if (result.Imputed > 0)
        {
            notes.Add($"{result.Imputed} blank answer(s) were replaced by the indicator's mean.");
        }
        notes.Add(result.Bootstrap is null
            ? "No bootstrap (--bootstrap 0): no standard errors, t values or intervals."
            : $"Bootstrap: {result.Bootstrap.Resamples} resamples, seed {result.Bootstrap.Seed}, percentile intervals; {result.Bootstrap.Failed} resample(s) failed to converge and were left out.");
        notes.Add("HTMT above 0.85–0.90 suggests two constructs are not distinct (Henseler et al. 2015).");
        return new ModelReport(json, [paths, constructs, outer, effects, htmt]) { Notes = notes };
    }
}
