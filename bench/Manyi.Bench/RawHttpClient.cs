using System.Net.Sockets;
using System.Text;

namespace Manyi.Bench;

/// <summary>
/// A minimal HTTP/1.1 keep-alive client over one socket, for the load generator: it writes prepared request bytes and reads
/// the status and body (Content-Length or chunked). It spends far less CPU per request than HttpClient, so on a 2-core
/// machine where the generator shares the cores with the server more of them go to the server being measured.
/// </summary>
internal sealed class RawHttpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttpClient(Socket socket) => _socket = socket;

    public static async Task<RawHttpClient> ConnectAsync(Uri address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host, address.Port);
        return new RawHttpClient(socket);
    }

    /// <summary>Sends one request and returns its status code and body.</summary>
    public async Task<(int Status, string Body)> SendAsync(ReadOnlyMemory<byte> request)
    {
        while (request.Length > 0)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None);
            request = request[sent..];
        }
        var headerEnd = await FindAsync("\r\n\r\n"u8.ToArray());
        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        var length = Header(head, "content-length");
        if (length is not null)
        {
            await ReadBodyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), body);
        }
        else if (string.Equals(Header(head, "transfer-encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var lineEnd = await FindAsync("\r\n"u8.ToArray());
                var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0], 16);
                _start = lineEnd + 2;
                await ReadBodyAsync(size, body);
                var crlf = await FindAsync("\r\n"u8.ToArray());
                _start = crlf + 2;
                if (size == 0)
                {
                    break;
                }
            }
        }
        return (status, body.ToString());
    }

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }

    private async Task ReadBodyAsync(int length, StringBuilder body)
    {
        while (_end - _start < length)
        {
            await FillAsync();
        }
        body.Append(Encoding.UTF8.GetString(_buffer, _start, length));
        _start += length;
    }

    /// <summary>The index in the buffer where <paramref name="marker"/> starts, reading more as needed.</summary>
    private async Task<int> FindAsync(byte[] marker)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf(marker);
            if (at >= 0)
            {
                return _start + at;
            }
            await FillAsync();
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("response larger than the buffer");
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }
        _end += read;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
