using System.Text;
using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Manyi.Web.Features.Waves;

public static partial class WavesApi
{
    private static async Task<Results<Ok<IReadOnlyList<CollectionPointDto>>, NotFound>> ListPointsAsync(Guid id, ManyiDbContext db, CurrentUser user, PublicUrls urls, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        var points = await db.CollectionPoints.AsNoTracking().Where(p => p.WaveId == wave.Id && p.OrganisationId == wave.OrganisationId)
            .OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<CollectionPointDto>>(points.Select(p => ToDto(p, urls)).ToList());
    }

    private static async Task<Results<Created<CollectionPointDto>, NotFound, ValidationProblem>> CreatePointAsync(
        Guid id, CollectionPointInput input, ManyiDbContext db, CurrentUser user, TimeProvider clock, PublicUrls urls, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        var (point, errors) = await CreatePointCoreAsync(db, user, clock, wave, input ?? new CollectionPointInput(), ct);
        return point is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created($"/api/v1/waves/{wave.Id}/points/{point.Id}", ToDto(point, urls));
    }

    /// <summary>Checks and stores a collection point of <paramref name="wave"/> (API and page).</summary>
    internal static async Task<(CollectionPoint? Point, Dictionary<string, string[]> Errors)> CreatePointCoreAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Wave wave, CollectionPointInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CollectionPointKind? kind = (input.Kind?.Trim().ToLowerInvariant()) switch
        {
            "link" => CollectionPointKind.Link,
            "qr" => CollectionPointKind.Qr,
            "kiosk" => CollectionPointKind.Kiosk,
            "embed" => CollectionPointKind.Embed,
            _ => null,
        };
        if (kind is null)
        {
            errors["kind"] = ["kind must be link, qr, kiosk or embed"];
        }
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["name is required (at most 200 characters)"];
        }
        var organisationId = user.OrganisationId;
        if (input.UnitId is { } unitId)
        {
            // A point's branch lies within the wave's unit (or anywhere for an organisation-wide wave).
            var allowed = wave.UnitId is { } waveUnit ? await UnitTree.SubtreeAsync(db, organisationId, waveUnit, ct)
                : await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => u.Id).ToListAsync(ct);
            if (!allowed.Contains(unitId))
            {
                errors["unitId"] = ["the unit must be the wave's unit or one below it"];
            }
        }
        var counter = input.Counter?.Trim();
        if (counter is { Length: > 50 })
        {
            errors["counter"] = ["counter has at most 50 characters"];
        }
        if (input.StaffUserId is { } staff && !await db.Users.AsNoTracking().AnyAsync(u => u.Id == staff && u.OrganisationId == organisationId, ct))
        {
            errors["staffUserId"] = ["no such user in your organisation"];
        }
        if (input.MaxResponses is < 1)
        {
            errors["maxResponses"] = ["maxResponses must be at least 1 (or null for no limit)"];
        }
        if (input.MaxPerAddressPerDay is < 1)
        {
            errors["maxPerAddressPerDay"] = ["maxPerAddressPerDay must be at least 1 (or null for the default)"];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var point = new CollectionPoint
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            WaveId = wave.Id,
            Kind = kind!.Value,
            Name = name!,
            Token = Tokens.New(Tokens.PointBytes),
            UnitId = input.UnitId,
            Counter = string.IsNullOrEmpty(counter) ? null : counter,
            StaffUserId = input.StaffUserId,
            MaxResponses = input.MaxResponses,
            MaxPerAddressPerDay = input.MaxPerAddressPerDay,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CollectionPoints.Add(point);
        AuditLog.Write(db, user, clock, "wave.point.create", point.Id.ToString(), "kind=" + point.Kind.ToString().ToLowerInvariant());
        await db.SaveChangesAsync(ct);
        return (point, errors);
    }

    private static async Task<Results<Ok<CollectionPointDto>, NotFound>> DeactivatePointAsync(
        Guid id, Guid pointId, ManyiDbContext db, CurrentUser user, TimeProvider clock, PublicUrls urls, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        var point = wave is null ? null : await db.CollectionPoints.FirstOrDefaultAsync(p => p.Id == pointId && p.WaveId == wave.Id && p.OrganisationId == wave.OrganisationId, ct);
        if (point is null)
        {
            return TypedResults.NotFound();
        }
        if (point.Active)
        {
            point.Active = false;
            AuditLog.Write(db, user, clock, "wave.point.deactivate", point.Id.ToString(), null);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(ToDto(point, urls));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> QrPngAsync(Guid id, Guid pointId, ManyiDbContext db, CurrentUser user, PublicUrls urls, CancellationToken ct)
    {
        var url = await PointUrlAsync(id, pointId, db, user, urls, ct);
        return url is null ? TypedResults.NotFound() : TypedResults.File(QrCodes.Png(url), "image/png", "qr.png");
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> QrSvgAsync(Guid id, Guid pointId, ManyiDbContext db, CurrentUser user, PublicUrls urls, CancellationToken ct)
    {
        var url = await PointUrlAsync(id, pointId, db, user, urls, ct);
        return url is null ? TypedResults.NotFound() : TypedResults.File(Encoding.UTF8.GetBytes(QrCodes.Svg(url)), "image/svg+xml", "qr.svg");
    }

    private static async Task<string?> PointUrlAsync(Guid id, Guid pointId, ManyiDbContext db, CurrentUser user, PublicUrls urls, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return null;
        }
        var point = await db.CollectionPoints.AsNoTracking().Where(p => p.Id == pointId && p.WaveId == wave.Id && p.OrganisationId == wave.OrganisationId)
            .Select(p => new { p.Kind, p.Token }).FirstOrDefaultAsync(ct);
        return point is null ? null : urls.Point(point.Kind, point.Token);
    }

    internal static CollectionPointDto ToDto(CollectionPoint p, PublicUrls urls) =>
        new(p.Id, p.WaveId, p.Kind, p.Name, urls.Point(p.Kind, p.Token), p.UnitId, p.Counter, p.StaffUserId, p.MaxResponses, p.MaxPerAddressPerDay, p.Active, p.CreatedAt);
}

/// <summary>QR codes of public URLs (QRCoder, error correction level M, quiet zone included).</summary>
public static class QrCodes
{
    /// <summary>The QR data of <paramref name="url"/>; the PNG and SVG are both drawn from it.</summary>
    public static QRCodeData Data(string url)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
    }

    public static byte[] Png(string url)
    {
        using var data = Data(url);
        using var code = new PngByteQRCode(data);
        return code.GetGraphic(10);
    }

    public static string Svg(string url)
    {
        using var data = Data(url);
        using var code = new SvgQRCode(data);
        return code.GetGraphic(8);
    }
}
