using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Manyi.Bench;

/// <summary>
/// The aggregates of <c>manyi analyze scores</c> (per item n, mean, SD, top-2-box, 0–100 score and the 1–5
/// distribution; NPS; CSAT; equal-weight index) computed by DuckDB in one SQL query over the same CSV file.
/// </summary>
internal static class DuckDbScores
{
    public static string Sql(string path)
    {
        var sql = new StringBuilder("SELECT count(*) AS rows");
        for (var q = 1; q <= ResponseFile.LikertItems; q++)
        {
            var c = $"q{q}";
            sql.Append(CultureInfo.InvariantCulture, $", count({c}) AS n_{c}, avg({c}) AS mean_{c}, stddev_samp({c}) AS sd_{c}");
            sql.Append(CultureInfo.InvariantCulture, $", 100.0 * count_if({c} >= 4) / count({c}) AS top2_{c}, 100.0 * (avg({c}) - 1) / 4 AS score_{c}");
            for (var point = 1; point <= 5; point++)
            {
                sql.Append(CultureInfo.InvariantCulture, $", count_if({c} = {point}) AS d{point}_{c}");
            }
        }
        sql.Append(", count(nps) AS n_nps, 100.0 * (count_if(nps >= 9) - count_if(nps <= 6)) / count(nps) AS nps");
        sql.Append(", count(csat) AS n_csat, 100.0 * count_if(csat >= 4) / count(csat) AS csat");
        sql.Append(", (");
        sql.Append(string.Join(" + ", Enumerable.Range(1, ResponseFile.LikertItems).Select(q => $"100.0 * (avg(q{q}) - 1) / 4")));
        sql.Append(CultureInfo.InvariantCulture, $") / {ResponseFile.LikertItems} AS idx");
        var columns = "{'id': 'BIGINT', 'nps': 'TINYINT', 'csat': 'TINYINT', "
            + string.Join(", ", Enumerable.Range(1, ResponseFile.LikertItems).Select(q => $"'q{q}': 'TINYINT'")) + "}";
        sql.Append(CultureInfo.InvariantCulture, $" FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}', header = true, auto_detect = false, delim = ',', quote = '\"', columns = {columns})");
        return sql.ToString();
    }

    /// <summary>Runs the query and returns its single row as column name → value.</summary>
    public static Dictionary<string, double> Run(string path)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is built from the benchmark's own file path and constants.
        command.CommandText = Sql(path);
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        reader.Read();
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.GetValue(i) switch
            {
                DBNull => double.NaN,
                System.Numerics.BigInteger big => (double)big,
                var value => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            };
        }
        return row;
    }
}
