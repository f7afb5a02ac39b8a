using System.Text;

namespace Manyi.Cli.Input;

/// <summary>
/// Reads a CSV file (UTF-8 with or without BOM, LF or CRLF, RFC 4180 quotes) one row at a time in O(row) memory:
/// the bytes are read in large blocks and fields are located in place, so that the common unquoted numeric cell is
/// parsed without allocating. A row's fields are valid until the next <see cref="ReadRow"/>.
/// </summary>
internal sealed class StreamingCsvReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly FileStream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private int _nextLine = 1;
    private int[] _fieldStart = new int[64];
    private int[] _fieldEnd = new int[64];

    public StreamingCsvReader(string path)
    {
        File = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    /// <summary>The file name as the user gave it, used in every message.</summary>
    public string File { get; }

    /// <summary>The line on which the current row starts (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>The number of fields of the current row.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Moves to the next row that is not blank; false at the end of the file.</summary>
    public bool ReadRow()
    {
        while (true)
        {
            if (!_bomChecked && (_end - _start >= 3 || _eof))
            {
                _bomChecked = true;
                if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
                {
                    _start += 3;
                }
            }
            if (_bomChecked && _start == _end && _eof)
            {
                return false;
            }
            if (!_bomChecked || !TryParseRow())
            {
                Fill();
                continue;
            }
            if (!IsBlankRow())
            {
                return true;
            }
        }
    }

    /// <summary>The raw bytes of a field (quotes included).</summary>
    public ReadOnlySpan<byte> Raw(int field) => _buffer.AsSpan(_fieldStart[field], _fieldEnd[field] - _fieldStart[field]);

    /// <summary>
    /// The field as a whole number when it is written as plain digits (at most 9); false for anything else
    /// (blank, sign, decimals, spaces, quotes, text), which <see cref="Text"/> then handles.
    /// </summary>
    public bool TryGetDigits(int field, out int value)
    {
        var start = _fieldStart[field];
        var length = _fieldEnd[field] - start;
        value = 0;
        if (length is 0 or > 9)
        {
            return false;
        }
        var buffer = _buffer;
        for (var i = start; i < start + length; i++)
        {
            var digit = (uint)(buffer[i] - '0');
            if (digit > 9)
            {
                return false;
            }
            value = value * 10 + (int)digit;
        }
        return true;
    }

    /// <summary>The field's text, unquoted and trimmed, or null when it is blank.</summary>
    public string? Text(int field)
    {
        var raw = Raw(field);
        if (raw.IsEmpty)
        {
            return null;
        }
        string text;
        try
        {
            if (raw[0] == (byte)'"')
            {
                var close = raw.Length > 1 && raw[^1] == (byte)'"' ? raw.Length - 1 : raw.Length;
                text = StrictUtf8.GetString(raw[1..close]).Replace("\"\"", "\"", StringComparison.Ordinal);
            }
            else
            {
                text = StrictUtf8.GetString(raw);
            }
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException($"{File}, line {Line}: the file is not valid UTF-8 (save it as CSV UTF-8)", e);
        }
        text = text.Trim();
        return text.Length == 0 ? null : text;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Locates the fields of the row at <see cref="_start"/>; false when the buffer ends before the row does.</summary>
    private bool TryParseRow()
    {
        var buffer = _buffer;
        var end = _end;
        var i = _start;
        var field = 0;
        var newlines = 0;
        _fieldStart[0] = i;
        while (true)
        {
            if (i >= end)
            {
                if (!_eof)
                {
                    return false;
                }
                var last = i > _fieldStart[field] && buffer[i - 1] == (byte)'\r' ? i - 1 : i;
                _fieldEnd[field] = last;
                break;
            }
            var b = buffer[i];
            if (b == (byte)',')
            {
                _fieldEnd[field] = i;
                field++;
                if (field == _fieldStart.Length)
                {
                    Array.Resize(ref _fieldStart, field * 2);
                    Array.Resize(ref _fieldEnd, field * 2);
                }
                _fieldStart[field] = ++i;
                continue;
            }
            if (b == (byte)'\n')
            {
                _fieldEnd[field] = i > _fieldStart[field] && buffer[i - 1] == (byte)'\r' ? i - 1 : i;
                newlines++;
                i++;
                break;
            }
            if (b == (byte)'"' && i == _fieldStart[field])
            {
                i++;
                while (true)
                {
                    if (i >= end)
                    {
                        if (!_eof)
                        {
                            return false;
                        }
                        throw new InputException($"{File}, line {_nextLine}: a quoted field is not closed (a \" is missing)");
                    }
                    var c = buffer[i];
                    if (c == (byte)'"')
                    {
                        if (i + 1 >= end && !_eof)
                        {
                            return false;
                        }
                        if (i + 1 < end && buffer[i + 1] == (byte)'"')
                        {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (c == (byte)'\n')
                    {
                        newlines++;
                    }
                    i++;
                }
                continue;
            }
            i++;
        }
        FieldCount = field + 1;
        Line = _nextLine;
        _nextLine += newlines;
        _start = i;
        return true;
    }

    /// <summary>True when every field of the row is empty or white space (such rows are skipped, as by <see cref="InputTable"/>).</summary>
    private bool IsBlankRow()
    {
        var first = Raw(0);
        if (!first.IsEmpty && first[0] is not ((byte)' ' or (byte)'\t' or (byte)'"'))
        {
            return false;
        }
        for (var f = 0; f < FieldCount; f++)
        {
            foreach (var b in Raw(f))
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'"' or (byte)'\r'))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Keeps the unread part of the buffer, grows the buffer when one row fills it, and reads the next block.</summary>
    private void Fill()
    {
        if (_eof)
        {
            return;
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }
}
