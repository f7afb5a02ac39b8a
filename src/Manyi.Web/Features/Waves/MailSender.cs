using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Manyi.Web.Features.Waves;

/// <summary>One SMTP connection for a pass of a mailer (invitations, notices, follow-ups); null from <see cref="ConnectAsync"/> when the server cannot be reached.</summary>
public sealed class MailSender : IAsyncDisposable
{
    private readonly SmtpClient _client;

    private MailSender(SmtpClient client) => _client = client;

    public bool Connected => _client.IsConnected;

    public static async Task<MailSender?> ConnectAsync(SmtpOptions smtp, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        // EHLO names the public host (looking up the machine's own name can stall where DNS is poor).
        var client = new SmtpClient { LocalDomain = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host : "localhost" };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseTls ? SecureSocketOptions.Auto : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, ct);
            }
            return new MailSender(client);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
        {
            client.Dispose();
            return null;
        }
    }

    /// <summary>Sends one message; null when accepted, else a reason without personal data.</summary>
    public async Task<string?> SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await _client.SendAsync(message, ct);
            return null;
        }
        catch (SmtpCommandException e)
        {
            return string.Create(CultureInfo.InvariantCulture, $"smtp {(int)e.StatusCode} {e.ErrorCode}");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or ParseException)
        {
            return "smtp failed: " + e.GetType().Name;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
            {
                // The connection is gone anyway.
            }
        }
        _client.Dispose();
    }
}
