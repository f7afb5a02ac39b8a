using MiniExcelLibs;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>One app per provider shared by the report tests (<see cref="SharedApps"/>); each test makes its own waves and users.</summary>
public sealed class ReportsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class ReportsGroup : ICollectionFixture<ReportsFixture>
{
    public const string Name = "reports";
}

/// <summary>Reading a report workbook.</summary>
public static class ReportWorkbooks
{
    /// <summary>The sheet names of a workbook.</summary>
    public static List<string> SheetNames(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. MiniExcel.GetSheetNames(stream)];
    }

    /// <summary>The rows of a sheet (row 1 = column titles), cells in column order.</summary>
    public static List<object?[]> Sheet(byte[] xlsx, string name)
    {
        using var stream = new MemoryStream(xlsx);
        return [.. MiniExcel.Query(stream, useHeaderRow: false, sheetName: name).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray())];
    }

    public static double Number(object? cell) => Assert.IsType<double>(cell);
}
