using System.Net;
using System.Net.Http.Json;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>Invitations: filter or sample plan, quiet period, no e-mail, never twice, personal tokens, audited link export.</summary>
[Collection(WavesGroup.Name)]
public sealed class InvitationsTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Invite_SkipsQuietPeriodAndNoEmail_NeverInvitesTwice(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var questionnaire = await QuestionnaireAsync(app);
        var unit = await UnitAsync(app);
        var withEmail = await CustomerAsync(app, unit, "居民");
        var noEmail = await CustomerAsync(app, unit, "居民", email: null);
        var recentlyInvited = await CustomerAsync(app, unit, "居民");
        var longAgo = await CustomerAsync(app, unit, "居民");
        var otherSegment = await CustomerAsync(app, unit, "企业");
        await CustomerAsync(app, unit, "居民", status: Manyi.Core.Customers.CustomerStatus.Lost); // never invited

        // Earlier waves of the organisation: one invitation 10 days ago (inside the 90-day quiet period), one 100 days ago (outside).
        var earlier = (await WaveAsync(analyst, questionnaire, unit.Id)).GetProperty("id").GetGuid();
        var earlier2 = (await WaveAsync(analyst, questionnaire, unit.Id)).GetProperty("id").GetGuid();
        await DbAsync(app, async db =>
        {
            db.Invitations.Add(new Invitation { Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, WaveId = earlier, CustomerId = recentlyInvited.Id, Token = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow.AddDays(-10) });
            db.Invitations.Add(new Invitation { Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, WaveId = earlier2, CustomerId = longAgo.Id, Token = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow.AddDays(-100) });
            return await db.SaveChangesAsync();
        });

        var wave = (await WaveAsync(analyst, questionnaire, unit.Id)).GetProperty("id").GetGuid();
        // Segment 居民 by e-mail: withEmail and longAgo are invited; noEmail lacks an address; recentlyInvited is in its quiet period.
        var result = await JsonOf(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "email", segment = "居民" }));
        Assert.Equal((2, 1, 1, 0), Counts(result));
        Assert.False(result.GetProperty("emailEnabled").GetBoolean()); // no SMTP in this app: the API says so

        // Again, now by link and for the whole unit: the two are already invited, noEmail and otherSegment get a link.
        result = await JsonOf(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "link" }));
        Assert.Equal((2, 1, 0, 2), Counts(result));
        var invitations = await DbAsync(app, db => db.Invitations.AsNoTracking().Where(i => i.WaveId == wave).ToListAsync());
        Assert.Equal(new[] { withEmail.Id, noEmail.Id, longAgo.Id, otherSegment.Id }.Order(), invitations.Select(i => i.CustomerId).Order());
        Assert.All(invitations, i => Assert.Equal(InvitationStatus.Pending, i.Status));
        // 24 random bytes in base64url without padding = 32 characters; all different.
        Assert.All(invitations, i => Assert.Equal(32, i.Token.Length));
        Assert.Equal(4, invitations.Select(i => i.Token).Distinct(StringComparer.Ordinal).Count());

        // The database itself refuses a second invitation of the same customer to the same wave.
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => DbAsync(app, db =>
        {
            db.Invitations.Add(new Invitation { Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, WaveId = wave, CustomerId = withEmail.Id, Token = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        }));

        // The list: paged, with counts per status; the status filter is whitelisted.
        var page = await JsonOf(await analyst.GetAsync(Url($"/api/v1/waves/{wave}/invitations?pageSize=3")));
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.Equal(4, page.GetProperty("byStatus").GetProperty("pending").GetInt32());
        Assert.Equal(["status"], await ErrorsAsync(await analyst.GetAsync(Url($"/api/v1/waves/{wave}/invitations?status=1 OR 1=1"))));

        // Export of the link invitations (2) with their personal URLs, audited; analysts may export, case handlers not.
        var export = await analyst.GetAsync(Url($"/api/v1/waves/{wave}/invitations/export"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var csv = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("code,name,status,url", lines[0]);
        Assert.Equal(3, lines.Length);
        var linkToken = invitations.Single(i => i.CustomerId == noEmail.Id).Token;
        Assert.Contains(lines, l => l.StartsWith(noEmail.Code + ",", StringComparison.Ordinal) && l.EndsWith($",{PublicBase}/s/{linkToken}", StringComparison.Ordinal));
        Assert.True(await DbAsync(app, db => db.AuditEntries.AnyAsync(a => a.Action == "wave.invitations.export" && a.Subject == wave.ToString())));
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.GetAsync(Url($"/api/v1/waves/{wave}/invitations/export"))).StatusCode);

        // Bad input names its field; a closed wave takes no more invitations.
        Assert.Equal(["channel"], await ErrorsAsync(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { })));
        Assert.Equal(["customerIds"], await ErrorsAsync(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "link", customerIds = new[] { Guid.NewGuid() } })));
        Assert.Equal(["useSamplePlan"], await ErrorsAsync(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "link", useSamplePlan = true })));
        await analyst.PostAsync(Url($"/api/v1/waves/{wave}/open"), null);
        await analyst.PostAsync(Url($"/api/v1/waves/{wave}/close"), null);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "link" })).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Invite_BySamplePlan_DrawsThePlansInvitationsPerSegment_Reproducibly(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var questionnaire = await QuestionnaireAsync(app);
        var unit = await UnitAsync(app);
        var residents = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            residents.Add((await CustomerAsync(app, unit, "居民")).Id);
        }
        for (var i = 0; i < 4; i++)
        {
            await CustomerAsync(app, unit, "企业");
        }
        // The plan of SamplePlanTests (N = 10, ±30 %): 居民 4, 企业 2; at a 100 % response rate the invitations equal the allocation.
        var plan = new { margin = 0.3, targetResponseRate = 1.0 };
        var first = (await WaveAsync(analyst, questionnaire, unit.Id, plan, quietPeriodDays: 0)).GetProperty("id").GetGuid();
        var second = (await WaveAsync(analyst, questionnaire, unit.Id, plan, quietPeriodDays: 0)).GetProperty("id").GetGuid();
        foreach (var wave in new[] { first, second })
        {
            var result = await JsonOf(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{wave}/invitations"), new { channel = "email", useSamplePlan = true, seed = 42 }));
            Assert.Equal((6, 0, 0, 0), Counts(result));
        }
        var drawn = await DbAsync(app, db => db.Invitations.AsNoTracking().Where(i => i.WaveId == first || i.WaveId == second).Select(i => new { i.WaveId, i.CustomerId }).ToListAsync());
        var firstDraw = drawn.Where(d => d.WaveId == first).Select(d => d.CustomerId).ToHashSet();
        Assert.Equal(4, firstDraw.Count(residents.Contains));
        Assert.Equal(2, firstDraw.Count(c => !residents.Contains(c)));
        // Same seed, same customers: the same sample.
        Assert.True(firstDraw.SetEquals(drawn.Where(d => d.WaveId == second).Select(d => d.CustomerId)));
        // Asking again tops up to the plan: nothing new, the six count as already invited.
        var again = await JsonOf(await analyst.PostAsJsonAsync(Url($"/api/v1/waves/{first}/invitations"), new { channel = "email", useSamplePlan = true, seed = 7 }));
        Assert.Equal((0, 0, 0, 6), Counts(again));
    }

    private static (int Created, int Quiet, int NoEmail, int Already) Counts(System.Text.Json.JsonElement r) =>
        (r.GetProperty("created").GetInt32(), r.GetProperty("skippedQuietPeriod").GetInt32(), r.GetProperty("skippedNoEmail").GetInt32(), r.GetProperty("alreadyInvited").GetInt32());
}
