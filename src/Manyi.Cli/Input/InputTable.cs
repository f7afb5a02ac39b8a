using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Manyi.Cli.Input;

/// <summary>One data row of an input file with its line (CSV) or row number (Excel) for messages.</summary>
internal sealed record InputRow(int Line, IReadOnlyList<string> Cells);

/// <summary>
/// A rectangular table read whole from a CSV (UTF-8, with or without BOM) or Excel (.xlsx) file.
/// The first row is the header. Cells are trimmed text; a blank cell is a missing value.
/// </summary>
internal sealed class InputTable
{
    private InputTable(string file, IReadOnlyList<string> columns, IReadOnlyList<InputRow> rows)
    {
        File = file;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The file name as the user gave it, used in every message.</summary>
    public string File { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<InputRow> Rows { get; }

    /// <summary>Reads a CSV or .xlsx file; throws <see cref="InputException"/> naming the file and line on any problem.</summary>
    public static InputTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }
        var rawRows = IsExcel(path) ? ReadExcel(path) : ReadCsv(path);
        if (rawRows.Count == 0)
        {
            throw new InputException($"{path}: the file is empty (a header row is expected)");
        }
        var header = rawRows[0].Cells;
        var columns = header.Select(c => c.Trim()).ToList();
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length == 0)
            {
                throw new InputException($"{path}, line {rawRows[0].Line}: column {i + 1} of the header has no name");
            }
            var duplicate = columns.FindIndex(c => string.Equals(c, columns[i], StringComparison.OrdinalIgnoreCase));
            if (duplicate != i)
            {
                throw new InputException($"{path}, line {rawRows[0].Line}: column '{columns[i]}' appears twice in the header");
            }
        }
        var rows = new List<InputRow>(rawRows.Count - 1);
        foreach (var raw in rawRows.Skip(1))
        {
            if (raw.Cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (raw.Cells.Count != columns.Count)
            {
                throw new InputException(
                    $"{path}, line {raw.Line}: the row has {raw.Cells.Count} fields but the header has {columns.Count} ({string.Join(",", columns)})");
            }
            rows.Add(new InputRow(raw.Line, raw.Cells.Select(c => c.Trim()).ToArray()));
        }
        if (rows.Count == 0)
        {
            throw new InputException($"{path}: the file has a header but no data rows");
        }
        return new InputTable(path, columns, rows);
    }

    /// <summary>True when the path names an Excel workbook (read with MiniExcel), otherwise it is read as CSV.</summary>
    public static bool IsExcel(string path) =>
        path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Index of a required column (case-insensitive); the message lists the columns that exist.</summary>
    public int Column(string name)
    {
        var index = FindColumn(name);
        if (index < 0)
        {
            throw new InputException($"{File}: missing column '{name}' (the header has: {string.Join(", ", Columns)})");
        }
        return index;
    }

    /// <summary>Index of an optional column, or -1.</summary>
    public int FindColumn(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The cell's text, or null when it is blank.</summary>
    public static string? Text(InputRow row, int column)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cell = row.Cells[column];
        return cell.Length == 0 ? null : cell;
    }

    /// <summary>The cell as a number (invariant culture), or null when it is blank.</summary>
    public double? Number(InputRow row, int column)
    {
        var text = Text(row, column);
        if (text is null)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw InputException.AtCell(File, row.Line, Columns[column], text, "is not a number");
        }
        return value;
    }

    /// <summary>The cell as a number; a blank cell is an error.</summary>
    public double RequiredNumber(InputRow row, int column) =>
        Number(row, column) ?? throw InputException.AtCell(File, row.Line, Columns[column], null, "is required here");

    private static List<InputRow> ReadCsv(string path)
    {
        var rows = new List<InputRow>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            DetectDelimiter = false,
            BadDataFound = null,
        };
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, config);
        try
        {
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                rows.Add(new InputRow(parser.RawRow, record));
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException($"{path}, line {parser.RawRow}: the file is not valid UTF-8 (save it as CSV UTF-8)", e);
        }
        catch (CsvHelperException e)
        {
            throw new InputException($"{path}, line {parser.RawRow}: the row is not valid CSV ({e.GetType().Name})", e);
        }
        return rows;
    }

    private static List<InputRow> ReadExcel(string path)
    {
        var rows = new List<InputRow>();
        try
        {
            var line = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false))
            {
                line++;
                var cells = row.Values.Select(ExcelCellText).ToList();
                while (cells.Count > 0 && cells[^1].Length == 0)
                {
                    cells.RemoveAt(cells.Count - 1);
                }
                rows.Add(new InputRow(line, cells));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or System.Xml.XmlException or NotSupportedException)
        {
            throw new InputException($"{path}: not a readable Excel workbook ({e.Message})", e);
        }
        if (rows.Count > 0)
        {
            // Excel rows are as wide as the widest row; pad so that only truly ragged rows fail.
            var width = rows[0].Cells.Count;
            for (var i = 1; i < rows.Count; i++)
            {
                if (rows[i].Cells.Count < width)
                {
                    var padded = rows[i].Cells.ToList();
                    padded.AddRange(Enumerable.Repeat(string.Empty, width - padded.Count));
                    rows[i] = rows[i] with { Cells = padded };
                }
            }
        }
        return rows;
    }

    /// <summary>An Excel cell as invariant text (numbers round-trip, dates as yyyy-MM-dd); shared by every Excel reader of the CLI.</summary>
    internal static string ExcelCellText(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
