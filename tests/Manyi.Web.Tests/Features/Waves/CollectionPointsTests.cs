using System.Net;
using System.Net.Http.Json;
using System.Text;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>Collection points: tokens, public URLs per kind, QR codes, deactivation.</summary>
[Collection(WavesGroup.Name)]
public sealed class CollectionPointsTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Points_HaveUnguessableTokens_AbsoluteUrlsPerKind_AndQrCodesOfThatUrl(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var unit = await UnitAsync(app);
        var wave = (await WaveAsync(analyst, await QuestionnaireAsync(app), unit.Id)).GetProperty("id").GetGuid();
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, prefix) in new[] { ("link", "/s/"), ("qr", "/s/"), ("kiosk", "/k/"), ("embed", "/e/") })
        {
            var created = await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/points"), new { kind, name = "柜台 " + kind, unitId = unit.Id, counter = "3号窗口", maxResponses = 500 });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var url = (await JsonOf(created)).GetProperty("url").GetString()!;
            // Manyi:PublicBaseUrl is set in the fixture, so the URL uses it, not the test server's host.
            Assert.StartsWith(PublicBase + prefix, url, StringComparison.Ordinal);
            var token = url[(PublicBase.Length + prefix.Length)..];
            // 16 random bytes in base64url without padding = ⌈16 · 8 / 6⌉ = 22 characters of [A-Za-z0-9_-].
            Assert.Equal(22, token.Length);
            Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
            urls[kind] = url;
        }
        Assert.Equal(4, urls.Values.Distinct(StringComparer.Ordinal).Count());

        var points = await analyst.GetFromJsonAsync<List<PointRow>>(Url($"/api/v1/waves/{wave}/points"));
        var qr = points!.Single(p => p.Kind == "qr");
        Assert.Equal(urls["qr"], qr.Url);

        // PNG: the 8-byte signature; and the very bytes the QR generator draws from the point's URL (not from another URL).
        var png = await analyst.GetAsync(Url($"/api/v1/waves/{wave}/points/{qr.Id}/qr.png"));
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var pngBytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, pngBytes[..8]);
        Assert.Equal(QrCodes.Png(qr.Url), pngBytes);
        Assert.NotEqual(QrCodes.Png(urls["link"]), pngBytes);

        var svg = await analyst.GetAsync(Url($"/api/v1/waves/{wave}/points/{qr.Id}/qr.svg"));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        var svgText = Encoding.UTF8.GetString(await svg.Content.ReadAsByteArrayAsync());
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(svgText).Root!.Name.LocalName);
        Assert.Equal(QrCodes.Svg(qr.Url), svgText);

        // Deactivate: the point stays listed, inactive.
        var off = await analyst.PostAsync(Url($"/api/v1/waves/{wave}/points/{qr.Id}/deactivate"), null);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await JsonOf(off)).GetProperty("active").GetBoolean());
        Assert.False(await DbAsync(app, db => db.CollectionPoints.Where(p => p.Id == qr.Id).Select(p => p.Active).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsync(Url($"/api/v1/waves/{wave}/points/{Guid.NewGuid()}/deactivate"), null)).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Points_BadInput_IsRefusedNamingEachField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var unit = await UnitAsync(app);
        var elsewhere = await UnitAsync(app);
        var wave = (await WaveAsync(analyst, await QuestionnaireAsync(app), unit.Id)).GetProperty("id").GetGuid();
        var response = await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/points"), new
        {
            kind = "poster", name = "", unitId = elsewhere.Id, counter = new string('x', 51), staffUserId = Guid.NewGuid(), maxResponses = 0, maxPerAddressPerDay = 0,
        });
        Assert.Equal(["counter", "kind", "maxPerAddressPerDay", "maxResponses", "name", "staffUserId", "unitId"], (await ErrorsAsync(response)).Order(StringComparer.Ordinal));
        Assert.Equal(0, await DbAsync(app, db => db.CollectionPoints.CountAsync(p => p.WaveId == wave)));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{Guid.NewGuid()}/points"), new { kind = "qr", name = "x" })).StatusCode);
    }

    private sealed record PointRow(Guid Id, string Kind, string Url, bool Active);
}
