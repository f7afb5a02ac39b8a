using Manyi.Web.Features.Value;

namespace Manyi.Web.Pages.Customers;

/// <summary>The "business figures" panel of the customer page: the last periods of each indirect measure (<see cref="MeasureQueries.CustomerFiguresAsync"/>).</summary>
public sealed record BusinessFigures(string CustomerCode, IReadOnlyList<CustomerFigureSeries> Series)
{
    /// <summary>The columns: the distinct periods of the series, the latest <see cref="MeasureQueries.PanelPeriods"/>, oldest first.</summary>
    public IReadOnlyList<(DateOnly Start, DateOnly End)> Periods { get; } = Series
        .SelectMany(s => s.Periods.Select(p => (p.PeriodStart, p.PeriodEnd)))
        .Distinct().OrderByDescending(p => p.PeriodStart).ThenByDescending(p => p.PeriodEnd)
        .Take(MeasureQueries.PanelPeriods).OrderBy(p => p.PeriodStart).ThenBy(p => p.PeriodEnd).ToList();

    /// <summary>The value of one measure in one period, or null.</summary>
    public static double? ValueOf(CustomerFigureSeries series, (DateOnly Start, DateOnly End) period)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Periods.FirstOrDefault(p => p.PeriodStart == period.Start && p.PeriodEnd == period.End)?.Value;
    }
}
