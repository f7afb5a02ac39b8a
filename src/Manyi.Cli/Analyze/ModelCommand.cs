using System.CommandLine;
using System.Globalization;
using Manyi.Cli.Input;
using Manyi.Cli.Output;

namespace Manyi.Cli.Analyze;

/// <summary>What every <c>manyi analyze</c> model shares: its options, error handling and output.</summary>
internal static class ModelCommand
{
    /// <summary>A model command whose help text ends with a runnable example.</summary>
    public static Command Create(string name, string description, string example) =>
        new(name, $"{description}{Environment.NewLine}{Environment.NewLine}Example:{Environment.NewLine}  {example}");

    /// <summary>The <c>--input FILE</c> option (CSV or .xlsx).</summary>
    public static Option<string> InputOption(string name = "--input", string description = "CSV (UTF-8) or Excel (.xlsx) file; the first row is the header.") =>
        new(name) { Description = description, Required = true };

    /// <summary>The <c>--format table|json|csv</c> option.</summary>
    public static Option<string> FormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output form: table (default, for people), json (camelCase, stdout only) or csv.",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json", "csv");
        return option;
    }

    /// <summary>The <c>--confidence</c> option (default 0.95).</summary>
    public static Option<double> ConfidenceOption() =>
        new("--confidence") { Description = "Confidence level of intervals, between 0 and 1 (default 0.95).", DefaultValueFactory = _ => 0.95 };

    /// <summary>The <c>--min-n</c> option: results of smaller groups are suppressed (product.md M1.1).</summary>
    public static Option<int> MinimumNOption() =>
        new("--min-n") { Description = "Minimum number of answers below which a score is shown as insufficient data (default 5).", DefaultValueFactory = _ => 5 };

    /// <summary>
    /// Adds <paramref name="format"/> to the command and sets its action: runs <paramref name="analyse"/>, writes the
    /// report to stdout; bad input (file, label, option value) becomes one message on stderr and exit code 2.
    /// </summary>
    public static void SetAnalysis(Command command, CliOutput output, Option<string> format, Func<ParseResult, ModelReport> analyse)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            ModelReport report;
            try
            {
                report = analyse(parse);
            }
            catch (InputException e)
            {
                output.Error.WriteLine($"error: {e.Message}");
                return Program.BadInput;
            }
            catch (ArgumentException e)
            {
                // Manyi.Analytics validates its inputs with ArgumentException messages written for the user.
                output.Error.WriteLine($"error: {WithoutParameterSuffix(e)}");
                return Program.BadInput;
            }
            var form = Enum.Parse<OutputFormat>(parse.GetValue(format) ?? "table", ignoreCase: true);
            ReportWriter.Write(report, form, output.Out);
            return 0;
        });
    }

    /// <summary>Splits a comma-separated option value (e.g. <c>--predictors a,b,c</c>) into trimmed non-empty parts.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a number given in an option, naming the option when it is not one.</summary>
    public static double OptionNumber(string option, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new InputException($"option {option}: '{text}' is not a number");
        }
        return value;
    }

    private static string WithoutParameterSuffix(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
}
