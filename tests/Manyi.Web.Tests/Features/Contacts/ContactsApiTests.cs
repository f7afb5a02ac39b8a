using System.Net;
using System.Net.Http.Json;
using System.Text;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Contacts;

/// <summary>/api/v1/contacts and /api/v1/contact-reasons: record, list, scope, rates, import.</summary>
[Collection(WavesGroup.Name)]
public sealed class ContactsApiTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Contacts_RecordListAndRates_WithinTheCallersUnits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);

        // The power-utility defaults are seeded on first use.
        var reasons = await handler.GetFromJsonAsync<List<ContactReasonDto>>(Url("/api/v1/contact-reasons"));
        Assert.Equal(ContactReasons.Defaults.Select(d => d.Code).Order(StringComparer.Ordinal), reasons!.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Contains(reasons!, r => r.Code == "outage" && r.NameZh == "停电咨询");

        var unit = await UnitAsync(app);
        var other = await UnitAsync(app);
        var customers = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            customers.Add((await CustomerAsync(app, unit)).Id);
        }
        await CustomerAsync(app, unit, status: Manyi.Core.Customers.CustomerStatus.Lost); // not counted in the rate base
        var outsider = await CustomerAsync(app, other);
        var day = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
        async Task RecordAsync(Guid customer, string channel, string reason, DateTimeOffset at)
        {
            var response = await handler.PostAsJsonAsync(Url("/api/v1/contacts"), new { customerId = customer, channel, reasonCode = reason, occurredAt = at, note = "客户来电" });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        await RecordAsync(customers[0], "phone", "outage", day);
        await RecordAsync(customers[1], "phone", "outage", day.AddHours(1));
        await RecordAsync(customers[2], "counter", "bill", day.AddHours(2));
        await RecordAsync(outsider.Id, "phone", "complaint", day);
        await RecordAsync(customers[3], "web", "bill", day.AddDays(-40)); // before the period

        // Rates for the unit in March: 3 contacts over 4 active customers = 750 per 1,000; outage/phone 2 → 500, bill/counter 1 → 250.
        var rates = await handler.GetFromJsonAsync<ContactRates>(Url($"/api/v1/contacts/rates?unitId={unit.Id}&from=2026-03-01&to=2026-04-01"));
        Assert.Equal((3, 4, 750.0), (rates!.Contacts, rates.Customers, rates.Per1000!.Value));
        Assert.Equal([new ContactRate("bill", null, 1, 250), new ContactRate("outage", null, 2, 500)], rates.ByReason);
        Assert.Equal([new ContactRate(null, "counter", 1, 250), new ContactRate(null, "phone", 2, 500)], rates.ByChannel);
        Assert.Equal([new ContactRate("bill", "counter", 1, 250), new ContactRate("outage", "phone", 2, 500)], rates.ByReasonAndChannel);

        // The list filters by customer, channel, reason and period; newest first.
        var page = await handler.GetFromJsonAsync<ContactPage>(Url($"/api/v1/contacts?unitId={unit.Id}&channel=phone&reason=outage&from=2026-03-01"));
        Assert.Equal(2, page!.Total);
        Assert.Equal([customers[1], customers[0]], page.Items.Select(c => c.CustomerId));
        Assert.Equal(day.AddHours(1), page.Items[0].OccurredAt);

        // A unit manager sees its unit's contacts only, and cannot record one for another unit's customer.
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, unit.Id);
        var managers = await manager.GetFromJsonAsync<ContactPage>(Url("/api/v1/contacts?pageSize=500"));
        Assert.Equal(4, managers!.Total);
        Assert.DoesNotContain(managers.Items, c => c.CustomerId == outsider.Id);
        var refused = await manager.PostAsJsonAsync(Url("/api/v1/contacts"), new { customerId = outsider.Id, channel = "phone", reasonCode = "bill" });
        Assert.Equal(["customerId"], await ErrorsAsync(refused));
        var managerRates = await manager.GetFromJsonAsync<ContactRates>(Url($"/api/v1/contacts/rates?unitId={other.Id}"));
        Assert.Equal((0, 0), (managerRates!.Contacts, managerRates.Customers));

        // Filters are whitelisted or typed: injection attempts are refused by name.
        Assert.Equal(["channel"], await ErrorsAsync(await handler.GetAsync(Url("/api/v1/contacts?channel=phone' OR '1'='1"))));
        Assert.Equal(["from", "pageSize"], (await ErrorsAsync(await handler.GetAsync(Url("/api/v1/contacts?from=yesterday&pageSize=0")))).Order(StringComparer.Ordinal));
        var before = await DbAsync(app, db => db.Contacts.CountAsync());
        var bad = await handler.PostAsJsonAsync(Url("/api/v1/contacts"), new { customerId = customers[0], channel = "fax", reasonCode = "weather", occurredAt = DateTimeOffset.UtcNow.AddDays(1), note = new string('x', 2001) });
        Assert.Equal(["channel", "note", "occurredAt", "reasonCode"], (await ErrorsAsync(bad)).Order(StringComparer.Ordinal));
        Assert.Equal(["channel", "customerId", "reasonCode"], (await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/contacts"), new { }))).Order(StringComparer.Ordinal));
        Assert.Equal(before, await DbAsync(app, db => db.Contacts.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Reasons_AnalystsAddAndDeactivate_CaseHandlersMayNot(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var code = "meter-" + Guid.NewGuid().ToString("N")[..6];
        var created = await analyst.PostAsJsonAsync(Url("/api/v1/contact-reasons"), new { code, nameZh = "电表问题", nameEn = "Meter" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["code"], await ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/contact-reasons"), new { code, nameZh = "重复" })));
        Assert.Equal(["code", "nameZh"], (await ErrorsAsync(await analyst.PostAsJsonAsync(Url("/api/v1/contact-reasons"), new { code = "a b" }))).Order(StringComparer.Ordinal));
        var id = (await JsonOf(created)).GetProperty("id").GetGuid();
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsync(Url($"/api/v1/contact-reasons/{id}/deactivate"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync(Url($"/api/v1/contact-reasons/{id}/deactivate"), null)).StatusCode);

        // An inactive reason is no longer accepted for new contacts.
        var customer = await CustomerAsync(app, await UnitAsync(app));
        Assert.Equal(["reasonCode"], await ErrorsAsync(await handler.PostAsJsonAsync(Url("/api/v1/contacts"), new { customerId = customer.Id, channel = "phone", reasonCode = code })));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_NamesEveryBadRow_StoresNothingUntilAccepted(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var a = await CustomerAsync(app, unit);
        var b = await CustomerAsync(app, unit);
        var csv = "customer,channel,reason,occurredAt,inbound,note\n"
            + $"{a.Code},phone,outage,2026-03-01T08:30:00+08:00,true,停电\n"            // line 2: good
            + "NO-SUCH-CODE,phone,bill,2026-03-01,,\n"                                   // line 3: unknown customer
            + $"{b.Code},fax,bill,next tuesday,maybe,\n"                                 // line 4: channel, date and inbound bad
            + $"{b.Code},counter,payment,2026-03-02,out,\"代缴, 现金\"\n";                 // line 5: good
        async Task<HttpResponseMessage> PostAsync(string query)
        {
            using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
            return await handler.PostAsync(Url("/api/v1/contacts/import" + query), content);
        }
        var dry = await PostAsync("");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await dry.Content.ReadFromJsonAsync<ContactImportReport>();
        Assert.Equal((false, 4, 2, 2), (report!.Committed, report.Rows, report.Created, report.Bad));
        Assert.Equal([(3, "customer", "unknownCustomer"), (4, "channel", "unknownChannel"), (4, "occurredAt", "badDate"), (4, "inbound", "badBoolean")],
            report.Issues.Select(i => (i.Line, i.Column, i.ReasonCode)));
        Assert.Equal(0, await DbAsync(app, db => db.Contacts.CountAsync(c => c.UnitId == unit.Id)));

        var refused = await PostAsync("?mode=commit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, await DbAsync(app, db => db.Contacts.CountAsync(c => c.UnitId == unit.Id)));

        var accepted = await PostAsync("?mode=commit&acceptGoodRows=true");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var stored = await DbAsync(app, db => db.Contacts.AsNoTracking().Where(c => c.UnitId == unit.Id).OrderBy(c => c.OccurredAt).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal((a.Id, "outage", true, new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.Zero)), (stored[0].CustomerId, stored[0].ReasonCode, stored[0].Inbound, stored[0].OccurredAt));
        Assert.Equal((b.Id, "payment", false, "代缴, 现金"), (stored[1].CustomerId, stored[1].ReasonCode, stored[1].Inbound, stored[1].Note));
        Assert.True(await DbAsync(app, db => db.AuditEntries.AnyAsync(e => e.Action == "contacts.import" && e.Details == "rows=4 created=2 bad=2")));

        // A header that names an unknown column is refused as a whole, naming the file.
        using var badHeader = new StringContent("customer,channel,reason,when\n", Encoding.UTF8, "text/csv");
        Assert.Equal(["file"], await ErrorsAsync(await handler.PostAsync(Url("/api/v1/contacts/import"), badHeader)));
    }
}
