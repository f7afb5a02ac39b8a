using System.Text.Json.Serialization;

namespace Manyi.Core.Collection;

/// <summary>The kinds of anonymous entry into a wave (product.md M4 channels).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CollectionPointKind>))]
public enum CollectionPointKind
{
    /// <summary>A public link (also printed as a QR code).</summary>
    Link,

    /// <summary>A QR code for a branch, counter, receipt or poster.</summary>
    Qr,

    /// <summary>A counter tablet tied to a branch and a staff member (bank teller rating).</summary>
    Kiosk,

    /// <summary>A page embedded in the company's web site or app.</summary>
    Embed,
}

/// <summary>
/// A public entry point into a wave: link, QR code, kiosk or embed, optionally tied to a branch, counter and staff member, with
/// its own unguessable token (≥128 random bits) and its own limits (anti-abuse, M4).
/// </summary>
public sealed class CollectionPoint
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid WaveId { get; set; }

    public CollectionPointKind Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>URL token, base64url of ≥16 random bytes; unique.</summary>
    public required string Token { get; set; }

    /// <summary>The branch whose answers these are (null = the wave's unit).</summary>
    public Guid? UnitId { get; set; }

    /// <summary>Counter or window label (柜台号).</summary>
    public string? Counter { get; set; }

    /// <summary>The staff member rated at a kiosk, if any.</summary>
    public Guid? StaffUserId { get; set; }

    /// <summary>Total responses accepted through this point (null = unlimited).</summary>
    public int? MaxResponses { get; set; }

    /// <summary>Responses accepted per client address per day (null = the default of the rate limit).</summary>
    public int? MaxPerAddressPerDay { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
