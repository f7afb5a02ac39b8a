using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;

namespace Manyi.Web.Features.Analysis;

/// <summary>What a column of <see cref="WaveData"/> holds.</summary>
public enum WaveColumnKind
{
    /// <summary>A rating: the scale point, or the position 0…g−1 of a linguistic term; NaN when blank or not on the scale.</summary>
    Number,

    /// <summary>A coded answer as given (choice codes, "a;b" for multiple choice and ranking, Kano answer codes); null when blank.</summary>
    Code,
}

/// <summary>A column of <see cref="WaveData"/>: one answer cell of the questionnaire.</summary>
public sealed record WaveColumn(AnswerCell Cell, WaveColumnKind Kind, int Index)
{
    /// <summary>The cell's key in the answers and the export (e.g. "reliability", "q3.perception").</summary>
    public string Key => Cell.Key;

    /// <summary>Lowest value of a Number column (0 for linguistic terms).</summary>
    public int Minimum => Cell.Terms is { Count: >= 2 } ? 0 : Cell.Min ?? 0;

    /// <summary>Highest value of a Number column (g−1 for linguistic terms).</summary>
    public int Maximum => Cell.Terms is { Count: >= 2 } terms ? terms.Count - 1 : Cell.Max ?? 0;
}

/// <summary>
/// A wave's Complete responses held in memory, one row per response, column by answer cell (product.md M9: analysis pages
/// answer within 300 ms for 100,000 responses). Text answers are not held, only whether each question was answered; verbatims
/// are read from the database when a report shows them. Instances never change: <see cref="WaveDataCache"/> replaces them.
/// Rows of every unit are held; <see cref="Slice"/> applies a caller's scope and filter.
/// </summary>
public sealed class WaveData
{
    private readonly Dictionary<string, WaveColumn> _columns;
    private readonly Dictionary<string, int> _questions;
    private readonly List<IReadOnlyList<AnswerCell>> _questionCells;

    internal WaveData(Guid waveId, QuestionnaireDefinition definition)
    {
        WaveId = waveId;
        Definition = definition;
        var columns = new List<WaveColumn>();
        int numbers = 0, codes = 0;
        foreach (var cell in AnswerCheck.CellsOf(definition))
        {
            var question = cell.Question;
            if (cell.Part == "why" || question.Type == QuestionType.Text)
            {
                continue;
            }
            if (question.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice or QuestionType.Ranking or QuestionType.Kano)
            {
                columns.Add(new WaveColumn(cell, WaveColumnKind.Code, codes++));
            }
            else if (cell.Terms is { Count: >= 2 } || (cell.Min is { } min && cell.Max is { } max && max > min))
            {
                columns.Add(new WaveColumn(cell, WaveColumnKind.Number, numbers++));
            }
        }
        Columns = columns;
        _columns = columns.ToDictionary(c => c.Key, StringComparer.Ordinal);
        _questions = definition.Questions.Select((q, i) => (q.Code, i)).ToDictionary(q => q.Code, q => q.i, StringComparer.Ordinal);
        _questionCells = [.. definition.Questions.Select(AnswerCheck.CellsOf)];
        Numbers = [.. Enumerable.Range(0, numbers).Select(_ => new List<double>())];
        Codes = [.. Enumerable.Range(0, codes).Select(_ => new List<string?>())];
        Answered = [.. definition.Questions.Select(_ => new List<bool>())];
    }

    public Guid WaveId { get; }

    /// <summary>The questionnaire version the wave collects.</summary>
    public QuestionnaireDefinition Definition { get; }

    /// <summary>Rating and coded cells, in export order (text cells are not columns).</summary>
    public IReadOnlyList<WaveColumn> Columns { get; }

    public int Count => ResponseIds.Count;

    public List<Guid> ResponseIds { get; } = [];

    public List<Guid?> CustomerIds { get; } = [];

    public List<Guid?> UnitIds { get; } = [];

    /// <summary>The customer's segment at load time.</summary>
    public List<string?> Segments { get; } = [];

    /// <summary>The customer's value K at load time (product.md M1.5), null when unknown.</summary>
    public List<double?> CustomerValues { get; } = [];

    public List<ResponseChannel> Channels { get; } = [];

    public List<DateTimeOffset> SubmittedAt { get; } = [];

    /// <summary>Whether the response came through an invitation.</summary>
    public List<bool> Invited { get; } = [];

    /// <summary>Number columns by <see cref="WaveColumn.Index"/>.</summary>
    internal List<double>[] Numbers { get; private init; }

    /// <summary>Code columns by <see cref="WaveColumn.Index"/>.</summary>
    internal List<string?>[] Codes { get; private init; }

    /// <summary>Per question (definition order): answered at least one non-"why" cell with a non-blank value.</summary>
    internal List<bool>[] Answered { get; private init; }

    /// <summary>When the data were read (the cache's stamp), UTC.</summary>
    public DateTimeOffset LoadedAt { get; internal set; }

    /// <summary>The latest submission time among the rows (the cache's incremental-load cursor).</summary>
    public DateTimeOffset? LatestSubmittedAt { get; private set; }

    /// <summary>The column of a cell key, or null.</summary>
    public WaveColumn? Column(string key) => _columns.GetValueOrDefault(key);

    /// <summary>The rows of the scope: the caller's units and the filter's channel, period and segment.</summary>
    public WaveSlice Slice(IReadOnlyCollection<Guid>? units, Results.ResultsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        HashSet<Guid>? allowed = units is null ? null : [.. units];
        var rows = new List<int>(Count);
        for (var i = 0; i < Count; i++)
        {
            if (allowed is not null && (UnitIds[i] is not { } unit || !allowed.Contains(unit)))
            {
                continue;
            }
            if ((filter.Channel is { } channel && Channels[i] != channel)
                || (filter.From is { } from && SubmittedAt[i] < from)
                || (filter.To is { } to && SubmittedAt[i] >= to)
                || (filter.Segment is { } segment && !string.Equals(Segments[i], segment, StringComparison.Ordinal)))
            {
                continue;
            }
            rows.Add(i);
        }
        return new WaveSlice(this, [.. rows]);
    }

    /// <summary>Every row.</summary>
    public WaveSlice All() => new(this, [.. Enumerable.Range(0, Count)]);

    /// <summary>A copy with room for appended rows (the cached instance is never changed).</summary>
    internal WaveData Copy()
    {
        var copy = new WaveData(WaveId, Definition)
        {
            Numbers = [.. Numbers.Select(n => new List<double>(n))],
            Codes = [.. Codes.Select(c => new List<string?>(c))],
            Answered = [.. Answered.Select(a => new List<bool>(a))],
            LatestSubmittedAt = LatestSubmittedAt,
        };
        copy.ResponseIds.AddRange(ResponseIds);
        copy.CustomerIds.AddRange(CustomerIds);
        copy.UnitIds.AddRange(UnitIds);
        copy.Segments.AddRange(Segments);
        copy.CustomerValues.AddRange(CustomerValues);
        copy.Channels.AddRange(Channels);
        copy.SubmittedAt.AddRange(SubmittedAt);
        copy.Invited.AddRange(Invited);
        return copy;
    }

    /// <summary>Appends a response; answers are read with the same rules as the live results (blank or off-scale = missing).</summary>
    internal void Add(WaveRow row, Dictionary<string, string> codes)
    {
        ResponseIds.Add(row.Id);
        CustomerIds.Add(row.CustomerId);
        UnitIds.Add(row.UnitId);
        Segments.Add(row.Segment is null ? null : Intern(codes, row.Segment));
        CustomerValues.Add(row.CustomerValue is { } value ? (double)value : null);
        Channels.Add(row.Channel);
        SubmittedAt.Add(row.SubmittedAt);
        Invited.Add(row.Invited);
        // Only real submission times advance the stamp, which the cache compares with Max(SubmittedAt).
        if (row.Submitted is { } submitted && (LatestSubmittedAt is null || submitted > LatestSubmittedAt))
        {
            LatestSubmittedAt = submitted;
        }
        var answers = row.Answers;
        foreach (var column in Columns)
        {
            answers.TryGetValue(column.Key, out var answer);
            if (column.Kind == WaveColumnKind.Code)
            {
                Codes[column.Index].Add(string.IsNullOrWhiteSpace(answer) ? null : Intern(codes, answer.Trim()));
            }
            else
            {
                Numbers[column.Index].Add(Number(column, answer));
            }
        }
        for (var q = 0; q < _questionCells.Count; q++)
        {
            var answered = false;
            foreach (var cell in _questionCells[q])
            {
                if (cell.Part != "why" && answers.TryGetValue(cell.Key, out var answer) && !string.IsNullOrWhiteSpace(answer))
                {
                    answered = true;
                    break;
                }
            }
            Answered[q].Add(answered);
        }
    }

    /// <summary>The index of a question in <see cref="Answered"/>, or −1.</summary>
    internal int QuestionIndex(string code) => _questions.GetValueOrDefault(code, -1);

    private static double Number(WaveColumn column, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return double.NaN;
        }
        if (column.Cell.Terms is { Count: >= 2 } terms)
        {
            var text = value.Trim();
            for (var i = 0; i < terms.Count; i++)
            {
                if (string.Equals(terms[i].Code, text, StringComparison.Ordinal))
                {
                    return i;
                }
            }
            return double.NaN;
        }
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var point) && point >= column.Minimum && point <= column.Maximum
            ? point
            : double.NaN;
    }

    private static string Intern(Dictionary<string, string> codes, string value)
    {
        if (codes.TryGetValue(value, out var known))
        {
            return known;
        }
        if (codes.Count < 10_000)
        {
            codes[value] = value;
        }
        return value;
    }
}

/// <summary>A response as the cache reads it.</summary>
internal sealed record WaveRow(
    Guid Id, Dictionary<string, string> Answers, Guid? CustomerId, Guid? UnitId, ResponseChannel Channel, DateTimeOffset? Submitted, DateTimeOffset Updated,
    bool Invited, string? Segment, decimal? CustomerValue)
{
    /// <summary>The submission time (the last update for a row that lacks one).</summary>
    public DateTimeOffset SubmittedAt => Submitted ?? Updated;
}

/// <summary>The rows of a <see cref="WaveData"/> that a caller's scope and filter admit.</summary>
public sealed class WaveSlice(WaveData data, int[] rows)
{
    public WaveData Data { get; } = data;

    /// <summary>Row numbers into <see cref="Data"/>.</summary>
    public IReadOnlyList<int> Rows { get; } = rows;

    public int Count => Rows.Count;

    /// <summary>The values of a Number column in row order (null = blank or off the scale); empty for an unknown key.</summary>
    public double?[] Values(string key)
    {
        if (Data.Column(key) is not { Kind: WaveColumnKind.Number } column)
        {
            return [];
        }
        var source = Data.Numbers[column.Index];
        var values = new double?[Rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var v = source[Rows[i]];
            values[i] = double.IsNaN(v) ? null : v;
        }
        return values;
    }

    /// <summary>The values of a Number column in row order with NaN for missing (for matrix-style models).</summary>
    public double[] ValuesOrNaN(string key)
    {
        if (Data.Column(key) is not { Kind: WaveColumnKind.Number } column)
        {
            return [];
        }
        var source = Data.Numbers[column.Index];
        var values = new double[Rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = source[Rows[i]];
        }
        return values;
    }

    /// <summary>Counts per scale point of a Number column (index 0 = <see cref="WaveColumn.Minimum"/>) and the missing count.</summary>
    public (long[] Counts, long Missing) Frequencies(string key)
    {
        if (Data.Column(key) is not { Kind: WaveColumnKind.Number } column)
        {
            return ([], 0);
        }
        var source = Data.Numbers[column.Index];
        var counts = new long[column.Maximum - column.Minimum + 1];
        long missing = 0;
        foreach (var row in Rows)
        {
            var v = source[row];
            if (double.IsNaN(v))
            {
                missing++;
            }
            else
            {
                counts[(int)v - column.Minimum]++;
            }
        }
        return (counts, missing);
    }

    /// <summary>The answers of a Code column in row order (null = blank); empty for an unknown key.</summary>
    public string?[] Codes(string key)
    {
        if (Data.Column(key) is not { Kind: WaveColumnKind.Code } column)
        {
            return [];
        }
        var source = Data.Codes[column.Index];
        return [.. Rows.Select(r => source[r])];
    }

    /// <summary>How many rows answered the question (any non-"why" cell, text included).</summary>
    public long Answered(string questionCode)
    {
        var q = Data.QuestionIndex(questionCode);
        if (q < 0)
        {
            return 0;
        }
        var source = Data.Answered[q];
        long n = 0;
        foreach (var row in Rows)
        {
            if (source[row])
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>The rows of this slice that also satisfy a condition on the row number of <see cref="Data"/>.</summary>
    public WaveSlice Where(Func<int, bool> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new WaveSlice(Data, [.. Rows.Where(row)]);
    }
}
