namespace Manyi.Cli.Output;

/// <summary>
/// A table of a report. Cells are <see cref="string"/> (text), <see cref="double"/>/<see cref="int"/> (numbers)
/// or null (missing); numbers are formatted with the invariant culture.
/// </summary>
internal sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// What a model command produces: the JSON document (camelCase, the documented form), the tables shown by
/// <c>--format table</c>, and the table written by <c>--format csv</c> (the first one unless set).
/// </summary>
internal sealed record ModelReport(object Json, IReadOnlyList<ReportTable> Tables)
{
    /// <summary>Lines printed under the tables (table format only), e.g. interpretation or suppression notes.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The table written by <c>--format csv</c>.</summary>
    public ReportTable CsvTable => CsvTableOverride ?? Tables[0];

    public ReportTable? CsvTableOverride { get; init; }
}
