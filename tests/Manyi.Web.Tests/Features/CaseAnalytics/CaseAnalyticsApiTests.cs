using System.Net;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.CaseAnalytics.CaseTestData;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.CaseAnalytics;

/// <summary>
/// GET /api/v1/cases/analytics on hand-built cases with known times on a known calendar (<see cref="CaseTestData.UseTestCalendarAsync"/>:
/// 09:00–17:00 Monday–Friday, Wednesday 4 March 2026 a holiday, Saturday 7 March 2026 a working day). Every expected figure is computed
/// by hand in the comments.
/// </summary>
[Collection(CaseAnalyticsGroup.Name)]
public sealed class CaseAnalyticsApiTests(CaseAnalyticsFixture fixture)
{
    private const double Tolerance = 1e-6;

    /// <summary>The data of one test: district D with branches B1 and B2; six cases in D, one outside D, one outside the period.</summary>
    private sealed record Scenario(Manyi.Core.Organisations.Unit District, Manyi.Core.Organisations.Unit B1, Manyi.Core.Organisations.Unit B2,
        Manyi.Core.Organisations.Unit Other, Guid Supply, Guid Outage, Guid Billing, Guid C5, Guid C6);

    private static async Task<Scenario> SeedAsync(ManyiWebFactory app)
    {
        await UseTestCalendarAsync(app);
        var district = await UnitAsync(app);
        var b1 = await UnitAsync(app, district.Id);
        var b2 = await UnitAsync(app, district.Id);
        var other = await UnitAsync(app);
        var c1 = await CustomerAsync(app, b1);
        var c2 = await CustomerAsync(app, b2, status: CustomerStatus.Lost);
        var c3 = await CustomerAsync(app, b1);
        var c4 = await CustomerAsync(app, b1);
        var c5 = await CustomerAsync(app, b1);
        var c6 = await CustomerAsync(app, b2);
        var c7 = await CustomerAsync(app, b1);

        var tag = Guid.NewGuid().ToString("N")[..8];
        var org = district.OrganisationId;
        var supply = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = org, Code = $"{tag}.supply", NameZh = "供电质量" };
        var outage = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = org, ParentId = supply.Id, Code = $"{tag}.supply.outage", NameZh = "频繁停电" };
        var voltage = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = org, ParentId = supply.Id, Code = $"{tag}.supply.voltage", NameZh = "电压" };
        var billing = new CaseCategory { Id = Guid.NewGuid(), OrganisationId = org, Code = $"{tag}.billing", NameZh = "电费" };
        var attitude = new RootCause { Id = Guid.NewGuid(), OrganisationId = org, Kind = RootCauseKind.People, Code = $"{tag}.a-attitude", NameZh = "态度" };
        var price = new RootCause { Id = Guid.NewGuid(), OrganisationId = org, Kind = RootCauseKind.Value, Code = $"{tag}.b-price", NameZh = "价格" };
        var process = new RootCause { Id = Guid.NewGuid(), OrganisationId = org, Kind = RootCauseKind.System, Code = $"{tag}.c-process", NameZh = "流程" };

        // Targets: first response 60 business minutes, resolution 480 (one business day). Due times worked out by hand on the calendar.
        // A: complaint, Mon 2 Mar 09:00. Responded 09:30 (0.5 bh, 0.5 h). Resolved Tue 3 Mar 11:00: Mon 8 h + Tue 2 h = 10 bh, 26 h wall;
        //    due Mon 17:00 → late.
        var a = NewCase(b1, CaseKind.Complaint, "phone", At(2, 9), c =>
        {
            Clock(c, At(2, 10), At(2, 17));
            c.CustomerId = c1.Id; c.CategoryId = outage.Id; c.FirstRespondedAt = At(2, 9, 30); c.ResolvedAt = At(3, 11); c.Status = CaseStatus.Resolved; c.RootCauseId = attitude.Id;
        });
        // B: complaint, Tue 3 Mar 16:00. First response due Tue 17:00, breached (flag); responded Thu 5 Mar 09:30: Tue 1 h + Wed 0 (holiday) + Thu 0.5 h
        //    = 1.5 bh, 41.5 h wall. Resolved Thu 15:00: 1 + 6 = 7 bh, 47 h wall; due 480 min from Tue 16:00 = Tue 1 h + Thu 7 h → Thu 16:00 → within.
        var b = NewCase(b2, CaseKind.Complaint, "web", At(3, 16), c =>
        {
            Clock(c, At(3, 17), At(5, 16));
            c.CustomerId = c2.Id; c.CategoryId = voltage.Id; c.FirstResponseBreachedAt = At(3, 17); c.FirstRespondedAt = At(5, 9, 30); c.ResolvedAt = At(5, 15);
            c.Status = CaseStatus.Closed; c.ClosedAt = At(6, 10); c.RootCauseId = price.Id;
        });
        // C: enquiry, Fri 6 Mar 16:30. Responded Sat 7 Mar (working) 09:15: 0.5 + 0.25 = 0.75 bh, 16.75 h wall; due Fri 0.5 h + Sat 0.5 h → Sat 09:30, within.
        //    Paused 60 business minutes; resolved Mon 9 Mar 10:00: Fri 0.5 + Sat 8 + Mon 1 − 1 paused = 8.5 bh, 65.5 h wall;
        //    due 480 + 60 min from Fri 16:30 = Fri 30 + Sat 480 + Mon 30 → Mon 09:30 → late.
        var cc = NewCase(b1, CaseKind.Enquiry, "phone", At(6, 16, 30), c =>
        {
            Clock(c, At(7, 9, 30), At(9, 9, 30));
            c.CustomerId = c3.Id; c.CategoryId = billing.Id; c.FirstRespondedAt = At(7, 9, 15); c.PausedMinutes = 60; c.ResolvedAt = At(9, 10); c.Status = CaseStatus.Resolved;
        });
        // D: complaint of c1 again (a repeat of A), Mon 9 Mar 10:00, never responded: first response due 11:00 (breached), resolution due
        //    Mon 7 h + Tue 1 h → Tue 10 Mar 10:00; both overdue now (November 2026). Escalated for the repeat.
        var d = NewCase(b2, CaseKind.Complaint, "phone", At(9, 10), c =>
        {
            Clock(c, At(9, 11), At(10, 10));
            c.CustomerId = c1.Id; c.CategoryId = outage.Id; c.RepeatOfCaseId = a.Id; c.FirstResponseBreachedAt = At(9, 11); c.Level = 1;
        });
        // E: alert, Tue 10 Mar 09:00; responded 09:10 (1/6 bh), resolved 12:00 (3 bh, 3 h), due 10:00 and 17:00 → within; followed up satisfied, closed.
        var e = NewCase(b1, CaseKind.Alert, "survey", At(10, 9), c =>
        {
            Clock(c, At(10, 10), At(10, 17));
            c.CustomerId = c3.Id; c.CategoryId = billing.Id; c.FirstRespondedAt = At(10, 9, 10); c.ResolvedAt = At(10, 12); c.RootCauseId = process.Id;
            c.FollowUpAt = At(11, 9); c.FollowUpSatisfaction = FollowUpSatisfaction.Satisfied; c.Status = CaseStatus.Closed; c.ClosedAt = At(11, 9);
        });
        // F: complaint, Wed 11 Mar 09:00, responded 09:20 (1/3 bh); follow-up not satisfied on Thu 12 Mar 09:00 reopened it (clock restarted then,
        //    escalated); resolved again 13:00: 4 bh, 4 h wall, due Thu 17:00 → within.
        var f = NewCase(b1, CaseKind.Complaint, "phone", At(11, 9), c =>
        {
            Clock(c, At(11, 10), At(12, 17));
            c.ClockStartedAt = At(12, 9);
            c.CustomerId = c4.Id; c.CategoryId = outage.Id; c.FirstRespondedAt = At(11, 9, 20); c.ResolvedAt = At(12, 13); c.RootCauseId = attitude.Id;
            c.FollowUpAt = At(12, 9); c.FollowUpSatisfaction = FollowUpSatisfaction.NotSatisfied; c.ReopenCount = 1; c.Level = 1; c.Status = CaseStatus.Resolved;
        });
        // Outside the scope: a case of another district, and one of D received in February.
        var outsider = NewCase(other, CaseKind.Complaint, "phone", At(2, 9), c => c.CustomerId = c1.Id);
        var february = NewCase(b1, CaseKind.Complaint, "phone", new DateTimeOffset(2026, 2, 20, 9, 0, 0, Shanghai).ToUniversalTime());

        // Survey answers of March: c1 NPS 3 on 5 Mar (had case A on 2 Mar → not silent); c5 NPS 5 on 6 Mar (silent); c6 CSAT 2 on 7 Mar (silent);
        // c7 NPS 9 / CSAT 4 (not low); an anonymous NPS 0 (counted apart); c2 CSAT 3 (not low).
        var wave = await ScoredWaveAsync(app);
        await SaveAsync(app, supply, outage, voltage, billing, attitude, price, process, a, b, cc, d, e, f, outsider, february,
            Event(d, CaseEventKind.Escalated, At(9, 10), EscalationReason.RepeatedComplaint.ToString()),
            Event(f, CaseEventKind.Escalated, At(12, 9), EscalationReason.FollowUpNotSatisfied.ToString()),
            Event(outsider, CaseEventKind.Escalated, At(3, 9), EscalationReason.Manual.ToString()),
            Answer(wave, b1.Id, c1.Id, At(5, 12), ("recommend", "3"), ("sat", "4")),
            Answer(wave, b1.Id, c5.Id, At(6, 12), ("recommend", "5")),
            Answer(wave, b2.Id, c6.Id, At(7, 12), ("recommend", "8"), ("sat", "2")),
            Answer(wave, b1.Id, c7.Id, At(8, 12), ("recommend", "9"), ("sat", "4")),
            Answer(wave, b1.Id, null, At(8, 13), ("recommend", "0")),
            Answer(wave, b2.Id, c2.Id, At(8, 14), ("sat", "3")),
            Answer(wave, other.Id, c1.Id, At(8, 15), ("recommend", "1")));
        return new Scenario(district, b1, b2, other, supply.Id, outage.Id, billing.Id, c5.Id, c6.Id);

        static void Clock(Case c, DateTimeOffset firstDue, DateTimeOffset resolutionDue)
        {
            c.FirstResponseTargetMinutes = 60;
            c.ResolutionTargetMinutes = 480;
            c.FirstResponseDueAt = firstDue;
            c.ResolutionDueAt = resolutionDue;
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync(Url("/api/v1/cases/analytics?" + query));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonOf(response);
    }

    private static int Count(JsonElement list, string key, string keyName = "key") =>
        list.EnumerateArray().Where(x => x.GetProperty(keyName).GetString() == key).Select(x => x.GetProperty("count").GetInt32()).SingleOrDefault();

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Analytics_OfADistrict_MatchHandComputedFigures(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var s = await SeedAsync(app);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var json = await GetAsync(analyst, $"from=2026-03-01&to=2026-03-31&unitId={s.District.Id}");

        // Volume: A, B, C, D, E, F (not the other district's case, not February's).
        var volume = json.GetProperty("volume");
        Assert.Equal(6, volume.GetProperty("total").GetInt32());
        Assert.Equal(4, Count(volume.GetProperty("byTopCategory"), s.Supply.ToString())); // A, B, D, F
        Assert.Equal(2, Count(volume.GetProperty("byTopCategory"), s.Billing.ToString())); // C, E
        Assert.Equal(3, Count(volume.GetProperty("byCategory"), s.Outage.ToString())); // A, D, F
        Assert.Equal(4, Count(volume.GetProperty("byChannel"), "phone"));
        Assert.Equal(1, Count(volume.GetProperty("byChannel"), "web"));
        Assert.Equal(4, Count(volume.GetProperty("byUnit"), s.B1.Id.ToString()));
        Assert.Equal(2, Count(volume.GetProperty("byUnit"), s.B2.Id.ToString()));
        Assert.Equal(6, Count(volume.GetProperty("byOwner"), "none"));
        Assert.Equal(4, Count(volume.GetProperty("byKind"), "complaint", "kind"));
        Assert.Equal(1, Count(volume.GetProperty("byKind"), "alert", "kind"));
        var month = Assert.Single(volume.GetProperty("byMonth").EnumerateArray());
        Assert.Equal("2026-03", month.GetProperty("month").GetString());
        Assert.Equal(6, month.GetProperty("total").GetInt32());

        // First response: measured A 0.5, B 1.5, C 0.75, E 1/6, F 1/3 business hours; B breached → 1/5.
        // Sorted 1/6, 1/3, 0.5, 0.75, 1.5: median 0.5; p90 (type 7) h = 4 × 0.9 = 3.6 → 0.75 + 0.6 × (1.5 − 0.75) = 1.2.
        // Wall hours sorted 1/6, 1/3, 0.5, 16.75, 41.5: median 0.5; p90 = 16.75 + 0.6 × 24.75 = 31.6.
        var first = json.GetProperty("sla").GetProperty("firstResponse");
        Assert.Equal(5, first.GetProperty("measured").GetInt32());
        Assert.Equal(5, first.GetProperty("withTarget").GetInt32());
        Assert.Equal(4, first.GetProperty("withinTarget").GetInt32());
        Assert.Equal(1, first.GetProperty("breached").GetInt32());
        Assert.Equal(0.2, first.GetProperty("breachRate").GetDouble(), Tolerance);
        Assert.Equal(0.5, first.GetProperty("businessHours").GetProperty("median").GetDouble(), Tolerance);
        Assert.Equal(1.2, first.GetProperty("businessHours").GetProperty("p90").GetDouble(), Tolerance);
        Assert.Equal(0.5, first.GetProperty("wallClockHours").GetProperty("median").GetDouble(), Tolerance);
        Assert.Equal(31.6, first.GetProperty("wallClockHours").GetProperty("p90").GetDouble(), Tolerance);
        Assert.Equal(1, first.GetProperty("targetHours").GetDouble(), Tolerance);
        var bins = first.GetProperty("histogram").EnumerateArray().Select(x => x.GetProperty("count").GetInt32()).ToList();
        Assert.Equal([4, 1, 0, 0, 0, 0, 0, 0, 0], bins); // [0,1): four; [1,2): 1.5
        Assert.Equal(1, first.GetProperty("openOverdueNow").GetInt32()); // D

        // Resolution: A 10 (late), B 7, C 8.5 (late), E 3, F 4 business hours → 2/5 breached. Sorted 3, 4, 7, 8.5, 10: median 7;
        // p90 = 8.5 + 0.6 × 1.5 = 9.4. Wall 3, 4, 26, 47, 65.5: median 26; p90 = 47 + 0.6 × 18.5 = 58.1.
        var resolution = json.GetProperty("sla").GetProperty("resolution");
        Assert.Equal(5, resolution.GetProperty("measured").GetInt32());
        Assert.Equal(2, resolution.GetProperty("breached").GetInt32());
        Assert.Equal(3, resolution.GetProperty("withinTarget").GetInt32());
        Assert.Equal(0.4, resolution.GetProperty("breachRate").GetDouble(), Tolerance);
        Assert.Equal(7, resolution.GetProperty("businessHours").GetProperty("median").GetDouble(), Tolerance);
        Assert.Equal(9.4, resolution.GetProperty("businessHours").GetProperty("p90").GetDouble(), Tolerance);
        Assert.Equal(26, resolution.GetProperty("wallClockHours").GetProperty("median").GetDouble(), Tolerance);
        Assert.Equal(58.1, resolution.GetProperty("wallClockHours").GetProperty("p90").GetDouble(), Tolerance);
        Assert.Equal([0, 0, 1, 2, 2, 0, 0, 0, 0], resolution.GetProperty("histogram").EnumerateArray().Select(x => x.GetProperty("count").GetInt32()).ToList());
        Assert.Equal(1, resolution.GetProperty("openOverdueNow").GetInt32()); // D
        var byUnit = json.GetProperty("sla").GetProperty("resolutionByUnit").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(4, byUnit[s.B1.Id].GetProperty("withTarget").GetInt32()); // A, C, E, F
        Assert.Equal(0.5, byUnit[s.B1.Id].GetProperty("breachRate").GetDouble(), Tolerance); // A, C late
        Assert.Equal(0, byUnit[s.B2.Id].GetProperty("breachRate").GetDouble(), Tolerance); // B within

        // Repeats: complaints A, B, D, F; D repeats A → 1/4; c1 has two complaints (A, D).
        var repeats = json.GetProperty("repeats");
        Assert.Equal(4, repeats.GetProperty("complaints").GetInt32());
        Assert.Equal(1, repeats.GetProperty("repeated").GetInt32());
        Assert.Equal(0.25, repeats.GetProperty("rate").GetDouble(), Tolerance);
        Assert.Equal(1, repeats.GetProperty("customersWithTwoOrMoreComplaints").GetInt32());

        // Escalations: D (repeat) and F (follow-up) — the other district's manual one is out of scope. Followed up E and F; F reopened → 1/2.
        var escalations = json.GetProperty("escalations");
        Assert.Equal(2, escalations.GetProperty("escalations").GetInt32());
        Assert.Equal(1, Count(escalations.GetProperty("byReason"), "repeatedComplaint", "reason"));
        Assert.Equal(1, Count(escalations.GetProperty("byReason"), "followUpNotSatisfied", "reason"));
        Assert.Equal(0, Count(escalations.GetProperty("byReason"), "manual", "reason"));
        Assert.Equal(2, escalations.GetProperty("followedUp").GetInt32());
        Assert.Equal(0.5, escalations.GetProperty("reopenedShare").GetDouble(), Tolerance);
        var satisfaction = escalations.GetProperty("followUpSatisfaction").EnumerateArray().ToDictionary(x => x.GetProperty("satisfaction").GetString()!, x => x.GetProperty("count").GetInt32());
        Assert.Equal(1, satisfaction["satisfied"]);
        Assert.Equal(0, satisfaction["neutral"]);
        Assert.Equal(1, satisfaction["notSatisfied"]);

        // Retention of complainants: c1 (A late, D open → not resolved; Active), c2 (B within; Lost), c4 (F within; Active).
        // Within SLA 1/2: Wilson 95% with z = 1.959964, z² = 3.841459: centre (2 + z²)/(2(2 + z²)) = 0.5,
        // half = z·sqrt(z² + 4·1·0.5)/(2(2 + z²)) = 1.959964 × 2.416911 / 11.682918 = 0.405469 → (0.094531, 0.905469).
        // Not resolved 1/1: low = (2 + z² − z·z)/(2(1 + z²)) = 2/9.682918 = 0.206549, high 1.
        var groups = json.GetProperty("retention").GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("outcome").GetString()!);
        Assert.Equal(2, groups["withinSla"].GetProperty("customers").GetInt32());
        Assert.Equal(1, groups["withinSla"].GetProperty("active").GetInt32());
        Assert.Equal(0.094531, groups["withinSla"].GetProperty("low").GetDouble(), 1e-5);
        Assert.Equal(0.905469, groups["withinSla"].GetProperty("high").GetDouble(), 1e-5);
        Assert.Equal(0, groups["late"].GetProperty("customers").GetInt32());
        Assert.Equal(JsonValueKind.Null, groups["late"].GetProperty("share").ValueKind);
        Assert.Equal(1, groups["notResolved"].GetProperty("customers").GetInt32());
        Assert.Equal(0.206549, groups["notResolved"].GetProperty("low").GetDouble(), 1e-5);
        Assert.Equal(1, groups["notResolved"].GetProperty("high").GetDouble(), Tolerance);

        // Silent dissatisfaction: low scores with a customer c1 (NPS 3), c5 (NPS 5), c6 (CSAT 2) → c5 and c6 silent, 2/3; one anonymous NPS 0.
        // c1's NPS 1 of the other district is out of scope.
        var silent = json.GetProperty("silent");
        Assert.Equal(3, silent.GetProperty("lowScores").GetInt32());
        Assert.Equal(2, silent.GetProperty("silent").GetInt32());
        Assert.Equal(2.0 / 3, silent.GetProperty("share").GetDouble(), Tolerance);
        Assert.Equal(1, silent.GetProperty("anonymousLowScores").GetInt32());
        var silentUnits = silent.GetProperty("byUnit").EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid());
        Assert.Equal(2, silentUnits[s.B1.Id].GetProperty("lowScores").GetInt32());
        Assert.Equal(1, silentUnits[s.B1.Id].GetProperty("silent").GetInt32());
        Assert.Equal(1, silentUnits[s.B2.Id].GetProperty("silent").GetInt32());
        var customers = silent.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal([s.C6, s.C5], customers.Select(c => c.GetProperty("customerId").GetGuid()).ToList()); // newest first
        Assert.Equal(2, customers[0].GetProperty("score").GetInt32());
        Assert.Equal("sat", customers[0].GetProperty("question").GetString());

        // Root causes: A attitude, B price, E process, F attitude → people 2/4, value 1/4, system 1/4; top attitude 2, then price, process.
        var causes = json.GetProperty("rootCauses");
        Assert.Equal(4, causes.GetProperty("withRootCause").GetInt32());
        var kinds = causes.GetProperty("byKind").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!, k => k.GetProperty("share").GetDouble());
        Assert.Equal(0.5, kinds["people"], Tolerance);
        Assert.Equal(0.25, kinds["value"], Tolerance);
        Assert.Equal(0.25, kinds["system"], Tolerance);
        var top = causes.GetProperty("top").EnumerateArray().Select(c => (c.GetProperty("code").GetString()!.Split('.')[1], c.GetProperty("count").GetInt32())).ToList();
        Assert.Equal([("a-attitude", 2), ("b-price", 1), ("c-process", 1)], top);

        // The category filter includes sub-categories (supply → A, B, D, F); the kind filter.
        var supply = await GetAsync(analyst, $"from=2026-03-01&to=2026-03-31&unitId={s.District.Id}&categoryId={s.Supply}");
        Assert.Equal(4, supply.GetProperty("volume").GetProperty("total").GetInt32());
        var enquiries = await GetAsync(analyst, $"from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00&unitId={s.District.Id}&kind=enquiry");
        Assert.Equal(1, enquiries.GetProperty("volume").GetProperty("total").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Analytics_UnitManager_SeesOnlyItsUnits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var s = await SeedAsync(app);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, s.B2.Id);

        // Without a unit filter: only B2's cases B and D; its low scores: c6 (silent).
        var json = await GetAsync(manager, "from=2026-03-01&to=2026-03-31");
        Assert.Equal(2, json.GetProperty("volume").GetProperty("total").GetInt32());
        Assert.Equal(2, Count(json.GetProperty("volume").GetProperty("byUnit"), s.B2.Id.ToString()));
        Assert.Equal(1, json.GetProperty("silent").GetProperty("lowScores").GetInt32());
        Assert.Equal(1, json.GetProperty("silent").GetProperty("silent").GetInt32());

        // Another unit's id, or the district above it: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/analytics?unitId={s.B1.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/analytics?unitId={s.District.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/cases/analytics?categoryId={Guid.NewGuid()}"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Analytics_BadQueryValues_AreRefusedNamingTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        async Task<HashSet<string>> Errors(string query) => await ErrorsAsync(await analyst.GetAsync(Url("/api/v1/cases/analytics?" + query)));

        Assert.Contains("from", await Errors("from=yesterday"));
        Assert.Contains("to", await Errors("to=2026-13-45"));
        Assert.Contains("to", await Errors("from=2026-03-02&to=2026-03-01"));
        Assert.Contains("to", await Errors("from=2020-01-01&to=2026-03-01"));
        Assert.Contains("kind", await Errors("kind=bogus"));
        Assert.Contains("kind", await Errors("kind=1"));
        // Values that would be SQL if pasted into a query are refused before any query runs.
        Assert.Contains("kind", await Errors("kind=" + Uri.EscapeDataString("complaint' OR '1'='1")));
        Assert.Contains("unitId", await Errors("unitId=" + Uri.EscapeDataString("1; DROP TABLE cases; --")));
        Assert.Contains("categoryId", await Errors("categoryId=" + Uri.EscapeDataString("' OR 1=1 --")));

        // With no parameters: the last 12 months to now.
        var json = await GetAsync(analyst, string.Empty);
        var period = json.GetProperty("period");
        var to = period.GetProperty("to").GetDateTimeOffset();
        Assert.True(DateTimeOffset.UtcNow - to < TimeSpan.FromMinutes(5));
        Assert.Equal(to.AddMonths(-12), period.GetProperty("from").GetDateTimeOffset());
    }
}
