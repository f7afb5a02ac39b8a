using System.Net;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.CaseAnalytics;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.CaseAnalytics.CaseTestData;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Customers;

/// <summary>GET /api/v1/customers/{id}/timeline: surveys, contacts, cases and case events merged newest first, cursor paging, unit scope.</summary>
[Collection(CaseAnalyticsGroup.Name)]
public sealed class CustomerTimelineTests(CaseAnalyticsFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Timeline_MergesNewestFirst_AndPagesWithoutGapsOrRepeats(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var otherUnit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var wave = await ScoredWaveAsync(app);
        var reason = new ContactReason { Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, Code = Code("r"), NameZh = "停电咨询", NameEn = "Outage" };
        var longNote = new string('电', 200);
        Contact ContactAt(DateTimeOffset at, string? note) => new()
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, CustomerId = customer.Id, UnitId = unit.Id, Channel = "phone", ReasonCode = reason.Code,
            OccurredAt = at, Note = note, CreatedAt = at,
        };
        var response = Answer(wave, unit.Id, customer.Id, At(2, 9), ("recommend", "8"), ("sat", "4"));
        // Two contacts at the same instant: the page boundary falls between them with limit 2.
        var k1 = ContactAt(At(3, 10), longNote);
        var k2 = ContactAt(At(3, 10), null);
        var c = NewCase(unit, CaseKind.Complaint, "phone", At(4, 9), x => { x.CustomerId = customer.Id; x.Subject = "<b>停电</b>"; x.Level = 1; });
        var noted = Event(c, CaseEventKind.Noted, At(4, 10), note: "not on the timeline");
        var resolved = Event(c, CaseEventKind.Resolved, At(5, 9));
        var escalated = Event(c, CaseEventKind.Escalated, At(6, 9), EscalationReason.Overdue.ToString());
        // Another customer's contact, and this customer's contact recorded by another unit (hidden from this unit's manager).
        var stranger = await CustomerAsync(app, unit);
        var strangers = ContactAt(At(7, 9), null);
        strangers.CustomerId = stranger.Id;
        var elsewhere = ContactAt(At(1, 9), null);
        elsewhere.UnitId = otherUnit.Id;
        await SaveAsync(app, reason, response, k1, k2, c, noted, resolved, escalated, strangers, elsewhere);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var all = await PageAsync(analyst, customer.Id, "limit=100");
        var items = all.GetProperty("items").EnumerateArray().ToList();
        // Newest first: escalated (6 Mar), resolved (5 Mar), the case (4 Mar), the two contacts (3 Mar), the response (2 Mar), the other unit's contact (1 Mar).
        Assert.Equal(["caseEvent", "caseEvent", "case", "contact", "contact", "response", "contact"], items.Select(i => i.GetProperty("type").GetString()).ToList());
        Assert.Equal([escalated.Id, resolved.Id, c.Id], items.Take(3).Select(i => i.GetProperty("id").GetGuid()).ToList());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextBefore").ValueKind);
        Assert.Equal("escalated", items[0].GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal("Overdue", items[0].GetProperty("event").GetProperty("reason").GetString());
        Assert.Equal(c.Number, items[0].GetProperty("event").GetProperty("number").GetString());
        Assert.Equal("<b>停电</b>", items[2].GetProperty("case").GetProperty("subject").GetString());
        Assert.Equal(1, items[2].GetProperty("case").GetProperty("level").GetInt32());
        var longOne = items.Single(i => i.GetProperty("id").GetGuid() == k1.Id).GetProperty("contact");
        Assert.Equal(new string('电', 140) + "…", longOne.GetProperty("note").GetString());
        Assert.Equal("停电咨询", longOne.GetProperty("reasonName").GetString());
        var scores = items[5].GetProperty("response").GetProperty("scores").EnumerateArray()
            .ToDictionary(x => x.GetProperty("question").GetString()!, x => x.GetProperty("value").GetString());
        Assert.Equal("8", scores["recommend"]);
        Assert.Equal("4", scores["sat"]);
        Assert.Equal(wave.Name, items[5].GetProperty("response").GetProperty("waveName").GetString());

        // Pages of 2 give the same entries in the same order, the tie split across a page boundary.
        var paged = new List<Guid>();
        string? before = null;
        for (var page = 0; page < 10; page++)
        {
            var json = await PageAsync(analyst, customer.Id, "limit=2" + (before is null ? string.Empty : "&before=" + Uri.EscapeDataString(before)));
            paged.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            before = json.GetProperty("nextBefore").GetString();
            if (before is null)
            {
                break;
            }
        }
        Assert.Equal(items.Select(i => i.GetProperty("id").GetGuid()).ToList(), paged);

        // A manager of the customer's unit sees it without the other unit's contact; a manager of another unit gets 404, as does an unknown id.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, unit.Id);
        Assert.Equal(6, (await PageAsync(manager, customer.Id, string.Empty)).GetProperty("items").GetArrayLength());
        using var outsider = await app.CreateClientAsAsync(Roles.UnitManager, otherUnit.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Url($"/api/v1/customers/{customer.Id}/timeline"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(Url($"/api/v1/customers/{Guid.NewGuid()}/timeline"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Timeline_BadPagingValues_AreRefusedNamingTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var customer = await CustomerAsync(app, await UnitAsync(app));
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        async Task<HashSet<string>> Errors(string query) => await ErrorsAsync(await viewer.GetAsync(Url($"/api/v1/customers/{customer.Id}/timeline?{query}")));
        Assert.Contains("limit", await Errors("limit=0"));
        Assert.Contains("limit", await Errors("limit=101"));
        Assert.Contains("limit", await Errors("limit=ten"));
        Assert.Contains("before", await Errors("before=yesterday"));
        Assert.Contains("before", await Errors("before=" + Uri.EscapeDataString("1.contact' OR 1=1 --.x")));
        Assert.Equal(0, (await PageAsync(viewer, customer.Id, string.Empty)).GetProperty("items").GetArrayLength());
    }

    private static async Task<JsonElement> PageAsync(HttpClient client, Guid customerId, string query)
    {
        var response = await client.GetAsync(Url($"/api/v1/customers/{customerId}/timeline?{query}"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }
}
