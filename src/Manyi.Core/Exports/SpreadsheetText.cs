namespace Manyi.Core.Exports;

/// <summary>
/// Formula-injection guard for every CSV and Excel file Manyi writes (product.md M12): a text cell that a spreadsheet would
/// run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe; imports take it off again so that an
/// export reads back unchanged. Numbers are written as numbers and never pass through here.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The text with a leading apostrophe when its first character would start a formula.</summary>
    public static string Defuse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return StartsFormula(text, 0) ? "'" + text : text;
    }

    /// <summary>Removes the apostrophe that <see cref="Defuse"/> added, and only that one.</summary>
    public static string Restore(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 1 && cell[0] == '\'' && StartsFormula(cell, 1) ? cell[1..] : cell;
    }

    private static bool StartsFormula(string text, int at) =>
        text.Length > at && text[at] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
