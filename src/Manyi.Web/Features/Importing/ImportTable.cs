using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Manyi.Web.Features.Importing;

/// <summary>One row of an imported file: its line (1 = the header) and its cells as text.</summary>
public sealed record ImportRow(int Line, string[] Cells);

/// <summary>A file read as a table: the header cells and the data rows; or why it cannot be read.</summary>
public sealed record ImportTableResult(string[]? Header, IReadOnlyList<ImportRow>? Rows, string? ProblemCode, string? Problem);

/// <summary>
/// Reads CSV (UTF-8 with or without BOM) or .xlsx files of imports (customers, contacts, responses) into text rows with their
/// line numbers: strict UTF-8, blank lines and blank rows skipped, Excel numbers in invariant culture, dates as yyyy-MM-dd.
/// </summary>
public static class ImportTable
{
    public const string NotUtf8 = "notUtf8";
    public const string NotCsv = "notCsv";
    public const string NotXlsx = "notXlsx";
    public const string Empty = "empty";
    public const string TooManyRows = "tooManyRows";

    /// <summary>True when the bytes start like a zip archive (an .xlsx workbook).</summary>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> content) => content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04;

    /// <summary>
    /// Reads at most <paramref name="maxRows"/> data rows. <paramref name="cellText"/> turns an Excel cell into text (default
    /// <see cref="CellText"/>: dates as yyyy-MM-dd); an import of date-times passes its own.
    /// </summary>
    public static ImportTableResult Read(byte[] content, bool xlsx, int maxRows, Func<object?, string>? cellText = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return xlsx ? ReadXlsx(content, maxRows, cellText ?? CellText) : ReadCsv(content, maxRows);
    }

    /// <summary>Reads the uploaded file into memory, at most <paramref name="maxBytes"/>; null when the stream holds more.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream file, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ImportTableResult TooMany(int maxRows) =>
        new(null, null, TooManyRows, string.Create(CultureInfo.InvariantCulture, $"the file has more than {maxRows} rows; at most {maxRows} are imported at once"));

    private static ImportTableResult ReadCsv(byte[] content, int maxRows)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            DetectDelimiter = false,
            BadDataFound = null,
        };
        var all = new List<ImportRow>();
        using var reader = new StreamReader(new MemoryStream(content), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, config);
        try
        {
            while (parser.Read())
            {
                all.Add(new ImportRow(parser.RawRow, parser.Record ?? []));
                if (all.Count > maxRows + 1)
                {
                    return TooMany(maxRows);
                }
            }
        }
        catch (DecoderFallbackException)
        {
            return new(null, null, NotUtf8, string.Create(CultureInfo.InvariantCulture, $"line {parser.RawRow}: the file is not valid UTF-8 text (save it as \"CSV UTF-8\")"));
        }
        catch (CsvHelperException)
        {
            return new(null, null, NotCsv, string.Create(CultureInfo.InvariantCulture, $"line {parser.RawRow}: the row is not valid CSV"));
        }
        if (all.Count == 0)
        {
            return new(null, null, Empty, "the file is empty: the first line must name the columns");
        }
        return new(all[0].Cells, all.Skip(1).ToList(), null, null);
    }

    private static ImportTableResult ReadXlsx(byte[] content, int maxRows, Func<object?, string> cellText)
    {
        var all = new List<ImportRow>();
        try
        {
            using var stream = new MemoryStream(content);
            var line = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                line++;
                all.Add(new ImportRow(line, row.Values.Select(cellText).ToArray()));
                if (all.Count > maxRows + 1)
                {
                    return TooMany(maxRows);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or System.Xml.XmlException or NotSupportedException or ArgumentException or FormatException)
        {
            return new(null, null, NotXlsx, "the file is not a readable Excel workbook (.xlsx)");
        }
        var first = all.FindIndex(r => r.Cells.Any(c => c.Length > 0));
        if (first < 0)
        {
            return new(null, null, Empty, "the workbook is empty: the first row must name the columns");
        }
        // Blank rows are skipped, as blank lines of a CSV file are.
        return new(all[first].Cells, all.Skip(first + 1).Where(r => r.Cells.Any(c => c.Length > 0)).ToList(), null, null);
    }

    /// <summary>An Excel cell as text, in invariant culture.</summary>
    public static string CellText(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
