using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Manyi.Core.Exports;
using Spectre.Console;

namespace Manyi.Cli.Output;

/// <summary>Writes a <see cref="ModelReport"/> as a console table, JSON or CSV.</summary>
internal static class ReportWriter
{
    /// <summary>JSON options of every <c>manyi</c> JSON output: camelCase, enums as camelCase strings, readable Chinese.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write(ModelReport report, OutputFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case OutputFormat.Json:
                output.WriteLine(JsonSerializer.Serialize(report.Json, report.Json.GetType(), Json));
                break;
            case OutputFormat.Csv:
                WriteCsv(report.CsvTable, output);
                break;
            default:
                WriteTables(report, output);
                break;
        }
    }

    /// <summary>Number as shown in a console table: up to 4 decimals.</summary>
    public static string ShowNumber(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void WriteTables(ModelReport report, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        foreach (var table in report.Tables)
        {
            var shown = new Table { Title = new TableTitle(Markup.Escape(table.Title)) };
            foreach (var column in table.Columns)
            {
                shown.AddColumn(new TableColumn(Markup.Escape(column)));
            }
            foreach (var row in table.Rows)
            {
                shown.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(TableCell(cell))).ToArray());
            }
            console.Write(shown);
        }
        foreach (var note in report.Notes)
        {
            console.WriteLine(note);
        }
    }

    private static string TableCell(object? cell) => cell switch
    {
        null => "–",
        double d => ShowNumber(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? string.Empty,
    };

    private static void WriteCsv(ReportTable table, TextWriter output)
    {
        output.WriteLine(string.Join(",", table.Columns.Select(c => CsvText(c))));
        foreach (var row in table.Rows)
        {
            output.WriteLine(string.Join(",", row.Select(CsvCell)));
        }
    }

    private static string CsvCell(object? cell) => cell switch
    {
        null => string.Empty,
        double d => double.IsNaN(d) ? string.Empty : d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => CsvText(cell.ToString() ?? string.Empty),
    };

    /// <summary>Quotes as RFC 4180 needs and defuses spreadsheet formulas (<see cref="SpreadsheetText.Defuse"/>).</summary>
    internal static string CsvText(string text)
    {
        text = SpreadsheetText.Defuse(text);
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

/// <summary>The output forms of <c>manyi analyze</c>.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}
