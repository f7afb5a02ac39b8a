using System.Security.Cryptography;

namespace Manyi.Web.Features.Waves;

/// <summary>Unguessable URL tokens: base64url (no padding) of cryptographically random bytes.</summary>
public static class Tokens
{
    /// <summary>Bytes of a collection point token (128 bits).</summary>
    public const int PointBytes = 16;

    /// <summary>Bytes of a personal invitation token (192 bits).</summary>
    public const int InvitationBytes = 24;

    /// <summary>A new token of <paramref name="bytes"/> random bytes.</summary>
    public static string New(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
