using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Manyi.Core.Exports;

namespace Manyi.Web.Features.Value;

/// <summary>
/// The portfolio views as CSV (UTF-8 with BOM, invariant numbers): blocks, each a name row, a header row and its rows, then a blank line.
/// Every text cell goes through the formula guard (<see cref="SpreadsheetText.Defuse"/>); numbers are written as numbers.
/// </summary>
public static class PortfolioCsv
{
    /// <summary>Blocks "tiers" and "top-customers".</summary>
    public static Task<byte[]> PyramidAsync(PyramidDto pyramid)
    {
        ArgumentNullException.ThrowIfNull(pyramid);
        return WriteAsync(
            ("summary", ["customers", "valued", "not-valued", "total-value"], [[pyramid.Customers, pyramid.Valued, pyramid.NotValued, pyramid.TotalValue]]),
            ("tiers", ["tier", "share", "customers", "value", "value-share", "lowest-value", "rated", "mean-satisfaction"],
                [.. pyramid.Tiers.Select(t => new object?[] { t.Name, t.Share, t.Customers, t.Value, t.ValueShare, t.LowestValue, t.Rated, t.MeanSatisfaction })]),
            ("top-customers", ["code", "name", "segment", "value", "satisfaction"],
                [.. pyramid.TopCustomers.Select(c => new object?[] { c.Code, c.Name, c.Segment, c.Value, c.Satisfaction })]));
    }

    /// <summary>Blocks "summary", "points" and "lowest".</summary>
    public static Task<byte[]> ConcentrationAsync(ConcentrationDto curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return WriteAsync(
            ("summary", ["measure", "from", "to", "customers", "total", "top-20%-share", "peak-share", "peak-customer-share", "unprofitable", "unprofitable-amount"],
                [[curve.Measure, Day(curve.From), Day(curve.To), curve.Customers, curve.Total, curve.TopFifthShare, curve.PeakShare, curve.PeakCustomerShare,
                    curve.Unprofitable, curve.UnprofitableAmount]]),
            ("points", ["rank", "customer-share", "cumulative", "cumulative-share"],
                [.. curve.Points.Select(p => new object?[] { p.Rank, p.CustomerShare, p.Cumulative, p.CumulativeShare })]),
            ("lowest", ["code", "name", "segment", "amount"], [.. curve.Lowest.Select(c => new object?[] { c.Code, c.Name, c.Segment, c.Amount })]));
    }

    /// <summary>One block "retention": group, period, start, end, active, at start, retained, lost, won, churn, retention (group "(all)" first).</summary>
    public static Task<byte[]> RetentionAsync(RetentionDto retention)
    {
        ArgumentNullException.ThrowIfNull(retention);
        static IEnumerable<object?[]> Rows(string group, IEnumerable<RetentionRowDto> rows) =>
            rows.Select(r => new object?[] { group, r.Period, Day(r.Start), Day(r.End), r.Active, r.AtStart, r.Retained, r.Lost, r.Won, r.ChurnRate, r.RetentionRate });
        return WriteAsync(
            ("retention", [retention.By, "period", "start", "end", "active", "at-start", "retained", "lost", "won", "churn-rate", "retention-rate"],
                [.. Rows("(all)", retention.Overall), .. retention.Groups.SelectMany(g => Rows(g.Name, g.Periods))]));
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<byte[]> WriteAsync(params (string Name, string[] Header, List<object?[]> Rows)[] blocks)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.None }))
        {
            foreach (var (name, header, rows) in blocks)
            {
                csv.WriteField(Cell(name));
                await csv.NextRecordAsync();
                foreach (var title in header)
                {
                    csv.WriteField(Cell(title));
                }
                await csv.NextRecordAsync();
                foreach (var row in rows)
                {
                    foreach (var cell in row)
                    {
                        csv.WriteField(Cell(cell));
                    }
                    await csv.NextRecordAsync();
                }
                await csv.NextRecordAsync();
            }
        }
        return buffer.ToArray();
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string s => SpreadsheetText.Defuse(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => SpreadsheetText.Defuse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };
}
