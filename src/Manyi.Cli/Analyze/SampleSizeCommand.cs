using System.CommandLine;
using System.Globalization;
using Manyi.Analytics;
using Manyi.Analytics.Sampling;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary>
/// <c>manyi analyze sample-size</c>: sample size for a proportion or a mean with finite population correction and
/// invitations from a response rate, or (with <c>--achieved</c>) the margin of error of a finished survey (product.md M1.10).
/// </summary>
internal static class SampleSizeCommand
{
    public static Command Create(CliOutput output)
    {
        var command = ModelCommand.Create(
            "sample-size",
            "Sample size for a proportion (CSAT, top-box, any share) or, with --sd, a mean, at a confidence level and margin of error; "
            + "with --population the finite population correction, with --response-rate the invitations to send. "
            + "With --achieved n instead of --margin: the margin of error that n answers give (product.md M1.10).",
            "manyi analyze sample-size --confidence 0.95 --margin 0.05 --population 1000 --response-rate 0.3");
        var confidence = ModelCommand.ConfidenceOption();
        var margin = new Option<double?>("--margin") { Description = "Margin of error (half-width of the interval): a proportion, 0.05 = ±5 points; with --sd in the units of the measure." };
        var proportion = new Option<double?>("--proportion") { Description = "Expected proportion p between 0 and 1 (default 0.5, the safest)." };
        var population = new Option<long?>("--population") { Description = "Population size N (finite population correction); omit for a large population." };
        var sd = new Option<double?>("--sd") { Description = "Expected standard deviation of the measure: plan for a mean instead of a proportion." };
        var responseRate = new Option<double?>("--response-rate") { Description = "Expected response rate between 0 and 1 (0.3 = 30%): also give the invitations to send." };
        var achieved = new Option<int?>("--achieved") { Description = "Number of answers obtained: give the achieved margin of error instead of a sample size." };
        foreach (var option in new Option[] { confidence, margin, proportion, population, sd, responseRate, achieved })
        {
            command.Options.Add(option);
        }
        ModelCommand.SetAnalysis(command, output, ModelCommand.FormatOption(), parse => Analyse(
            parse.GetValue(confidence),
            parse.GetValue(margin),
            parse.GetValue(proportion),
            parse.GetValue(population),
            parse.GetValue(sd),
            parse.GetValue(responseRate),
            parse.GetValue(achieved)));
        return command;
    }

    private static ModelReport Analyse(double confidence, double? margin, double? proportion, long? population, double? sd, double? responseRate, int? achieved)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new InputException($"option --confidence: {Show(confidence)} must be between 0 and 1 (e.g. 0.95 for 95%)");
        }
        if (margin is null == achieved is null)
        {
            throw new InputException("give either --margin E (to plan a sample size) or --achieved n (to get the margin of error of n answers), not both or neither");
        }
        if (sd is not null && proportion is not null)
        {
            throw new InputException("give --proportion (planning for a share) or --sd (planning for a mean), not both");
        }
        var target = sd is null ? SampleSizeTarget.Proportion : SampleSizeTarget.Mean;
        if (margin is { } e && (!(e > 0) || (target == SampleSizeTarget.Proportion && e >= 1)))
        {
            throw new InputException(target == SampleSizeTarget.Proportion
                ? $"option --margin: {Show(e)} must be greater than 0 and less than 1 for a proportion (0.05 = ±5 percentage points)"
                : $"option --margin: {Show(e)} must be greater than 0");
        }
        if (proportion is { } p && !(p >= 0 && p <= 1))
        {
            throw new InputException($"option --proportion: {Show(p)} must be between 0 and 1 (e.g. 0.5)");
        }
        if (sd is { } s && !(s > 0))
        {
            throw new InputException($"option --sd: {Show(s)} must be greater than 0");
        }
        if (population is < 1)
        {
            throw new InputException($"option --population: {population.Value.ToString(CultureInfo.InvariantCulture)} must be at least 1");
        }
        if (responseRate is { } r && !(r > 0 && r <= 1))
        {
            throw new InputException($"option --response-rate: {Show(r)} must be greater than 0 and at most 1 (0.3 = 30%)");
        }
        if (achieved is { } a && (a < 1 || a > population))
        {
            throw new InputException(a < 1
                ? $"option --achieved: {a.ToString(CultureInfo.InvariantCulture)} must be at least 1"
                : $"option --achieved: {a.ToString(CultureInfo.InvariantCulture)} answers cannot exceed --population {population!.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        double? expected = target == SampleSizeTarget.Proportion ? proportion ?? 0.5 : null;
        SampleSizeJson json;
        if (margin is { } planned)
        {
            var result = target == SampleSizeTarget.Proportion
                ? SampleSize.ForProportion(confidence, planned, expected!.Value, population)
                : SampleSize.ForMean(confidence, planned, sd!.Value, population);
            json = new SampleSizeJson("sample-size", Name(target), "n", confidence, result.Z, planned, expected, sd, population, result.InitialSize, result.Size,
                responseRate, responseRate is { } rate ? SampleSize.Invitations(result.Size, rate) : null);
        }
        else
        {
            var n = achieved!.Value;
            var z = CriticalValue.Z(confidence);
            var obtained = target == SampleSizeTarget.Proportion
                ? MarginOfError.ForProportion(confidence, n, expected!.Value, population)
                : MarginOfError.ForMean(confidence, n, sd!.Value, population);
            json = new SampleSizeJson("sample-size", Name(target), "margin", confidence, z, obtained, expected, sd, population, null, n,
                responseRate, responseRate is { } rate ? SampleSize.Invitations(n, rate) : null);
        }
        return Report(json);
    }

    private static ModelReport Report(SampleSizeJson json)
    {
        var rows = new List<IReadOnlyList<object?>>
        {
            Row("target", json.Target),
            Row("confidence", json.Confidence),
            Row("z", json.Z),
            Row(json.Solve == "margin" ? "margin of error (achieved)" : "margin of error", json.Margin),
        };
        if (json.Proportion is { } p)
        {
            rows.Add(Row("expected proportion", p));
        }
        if (json.Sd is { } sd)
        {
            rows.Add(Row("standard deviation", sd));
        }
        rows.Add(Row("population", json.Population is { } bigN ? bigN.ToString(CultureInfo.InvariantCulture) : "large (no correction)"));
        if (json.N0 is { } n0)
        {
            rows.Add(Row("n0 (before correction)", n0));
        }
        rows.Add(Row(json.Solve == "margin" ? "n (answers obtained)" : "n (sample size)", json.N));
        if (json.Invitations is { } invitations)
        {
            rows.Add(Row("response rate", json.ResponseRate));
            rows.Add(Row("invitations", invitations));
        }
        var title = json.Solve == "margin" ? "Achieved margin of error" : "Sample size";
        var note = json.Solve == "margin"
            ? $"±{ReportWriter.ShowNumber(json.Margin)} at {ReportWriter.ShowNumber(json.Confidence * 100)}% confidence with {json.N} answers."
            : $"{json.N} answers give ±{ReportWriter.ShowNumber(json.Margin)} at {ReportWriter.ShowNumber(json.Confidence * 100)}% confidence.";
        return new ModelReport(json, [new ReportTable(title, ["quantity", "value"], rows)]) { Notes = [note] };
    }

    private static IReadOnlyList<object?> Row(string quantity, object? value) => [quantity, value];

    private static string Name(SampleSizeTarget target) => target == SampleSizeTarget.Proportion ? "proportion" : "mean";

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The JSON form of <c>manyi analyze sample-size</c> (docs/cli/design.md).</summary>
    private sealed record SampleSizeJson(
        string Model,
        string Target,
        string Solve,
        double Confidence,
        double Z,
        double Margin,
        double? Proportion,
        double? Sd,
        long? Population,
        double? N0,
        int N,
        double? ResponseRate,
        int? Invitations);
}
