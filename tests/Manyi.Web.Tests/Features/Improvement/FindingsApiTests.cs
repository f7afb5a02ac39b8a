using System.Net;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Analysis;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>One app per provider shared by the findings tests.</summary>
public sealed class FindingsFixture : SharedApps;

/// <summary>The findings API and page, and the trap block of the wave comparison (docs/findings.md).</summary>
public class FindingsApiTests(FindingsFixture fixture) : IClassFixture<FindingsFixture>
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<Guid> AddCustomerAsync(ManyiWebFactory app, Guid unitId, string code, string name, string segment, decimal value)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Code = code, Name = name, Segment = segment, Value = value,
            CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    /// <summary>
    /// Six customers: A1, A2 of segment 大工业 with K = 10, B1…B4 of 居民 with K = 1 (ΣK = 24, K_o = mean = 4, weights K/K_o = 2.5 and
    /// 0.25). Before: everyone 4 → plain 4, weighted (1/6)(2·2.5·4 + 4·0.25·4) = 24/6 = 4. After: A 3, B 5 → plain 26/6 = 13/3,
    /// weighted (1/6)(2·2.5·3 + 4·0.25·5) = 20/6 = 10/3. ΔP = +1/3, ΔW = −2/3: a trap, ΔW − ΔP = −1.
    /// Contributions (SatisfactionTrap, product.md M1.5) c_i = (w_ia − 1/n)(D_ia − P_a) − (w_ib − 1/n)(D_ib − P_b), w = K/(n·K_o); before
    /// every D − P = 0. After P_a = 13/3: A: (10/24 − 4/24)(3 − 13/3) = (1/4)(−4/3) = −1/3 each; B: (1/24 − 4/24)(5 − 13/3) = −1/12 each.
    /// Segments: 大工业 −2/3, 居民 −4/12 = −1/3 (sum −1 = ΔW − ΔP). So the finding names 大工业 first, and A1, A2 first.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Trap_PlainRisesWeightedFalls_RaisesTheTrapFindingNamingTheKeyAccounts(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var after = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 2);
        var before = await app.AddSiblingWaveAsync(after, daysEarlier: 30);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a1Code = $"<b>A1-{tag}</b>";
        var a2Code = $"A2-{tag}";
        var a1 = await AddCustomerAsync(app, home.Id, a1Code, "<script>alert(1)</script>", "大工业", 10m);
        var a2 = await AddCustomerAsync(app, home.Id, a2Code, "Key account 2", "大工业", 10m);
        var small = new List<Guid>();
        for (var i = 1; i <= 4; i++)
        {
            small.Add(await AddCustomerAsync(app, home.Id, $"B{i}-{tag}", "Household", "居民", 1m));
        }
        Guid[] customers = [a1, a2, .. small];
        int[] scoresAfter = [3, 3, 5, 5, 5, 5];
        await app.AddResponsesAsync(before, customers.Select(c => new SeedResponse(Cells(("satisfaction", 4), ("q1", 3)), home.Id, c)));
        await app.AddResponsesAsync(after, customers.Select((c, i) => new SeedResponse(Cells(("satisfaction", scoresAfter[i]), ("q1", 3)), home.Id, c)));

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var findings = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/findings");
        var key = $"trap:{after.Id}:{before.Id}";
        var trap = Assert.Single(findings.EnumerateArray(), f => f.GetProperty("source").GetString() == "trap");
        Assert.Equal(key, trap.GetProperty("key").GetString());
        Assert.Equal(before.Id, trap.GetProperty("againstWaveId").GetGuid());
        Assert.Equal(1.0, trap.GetProperty("severity").GetDouble(), 12); // |ΔW − ΔP|
        Assert.Equal(1, trap.GetProperty("rank").GetInt32());
        var summary = trap.GetProperty("summary").GetString()!;
        Assert.Contains("+0.33", summary, StringComparison.Ordinal);
        Assert.Contains("-0.67", summary, StringComparison.Ordinal);
        Assert.Contains("大工业 (-0.67), 居民 (-0.33)", summary, StringComparison.Ordinal);
        var a1First = string.CompareOrdinal(a1.ToString(), a2.ToString()) < 0; // equal contributions: ties by customer id
        Assert.Contains(a1First ? $"{a1Code}, {a2Code}" : $"{a2Code}, {a1Code}", summary, StringComparison.Ordinal);
        Assert.Equal(["overall", "overall:weighted"], trap.GetProperty("suggestedIndicators").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToArray());
        var details = trap.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("value").GetString()).ToList();
        Assert.Contains("4.00", details);
        Assert.Contains("4.33", details);
        Assert.Contains("3.33", details);
        Assert.Contains("-1.00", details);

        // One finding by its key; a key of another wave or a malformed key is 404.
        var one = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/findings/{Uri.EscapeDataString(key)}");
        Assert.Equal(summary, one.GetProperty("summary").GetString());
        foreach (var bad in new[] { $"trap:{before.Id}:{after.Id}", "trap:nonsense", "nothing", $"ipa:{after.Id}:q9" })
        {
            using var missing = await analyst.GetAsync(Url($"/api/v1/waves/{after.Id}/findings/{Uri.EscapeDataString(bad)}"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // English texts through Accept-Language.
        using (var request = new HttpRequestMessage(HttpMethod.Get, Url($"/api/v1/waves/{after.Id}/findings/{Uri.EscapeDataString(key)}")))
        {
            request.Headers.AcceptLanguage.ParseAdd("en");
            using var english = await analyst.SendAsync(request);
            var json = await english.JsonAsync();
            Assert.StartsWith("Satisfaction trap against", json.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        // The comparison API carries the same trap (additive field), with the hand figures.
        var compare = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/analysis/compare");
        var t = compare.GetProperty("trap");
        Assert.True(t.GetProperty("trap").GetBoolean());
        Assert.Equal(4.0, t.GetProperty("plainBefore").GetDouble(), 12);
        Assert.Equal(13.0 / 3, t.GetProperty("plainAfter").GetDouble(), 12);
        Assert.Equal(4.0, t.GetProperty("weightedBefore").GetDouble(), 12);
        Assert.Equal(10.0 / 3, t.GetProperty("weightedAfter").GetDouble(), 12);
        Assert.Equal(1.0 / 3, t.GetProperty("plainChange").GetDouble(), 12);
        Assert.Equal(-2.0 / 3, t.GetProperty("weightedChange").GetDouble(), 12);
        Assert.Equal("大工业", t.GetProperty("segments")[0].GetProperty("segment").GetString());
        Assert.Equal(-2.0 / 3, t.GetProperty("segments")[0].GetProperty("contribution").GetDouble(), 12);
        Assert.Equal(-1.0 / 3, t.GetProperty("segments")[1].GetProperty("contribution").GetDouble(), 12);
        Assert.Equal(-1.0 / 3, t.GetProperty("customers")[0].GetProperty("contribution").GetDouble(), 12);
        Assert.Equal(-1.0 / 12, t.GetProperty("customers")[2].GetProperty("contribution").GetDouble(), 12);

        // The compare page shows the block with the names and codes HTML-encoded (stored XSS); an analyst cannot create actions.
        var html = await PageAsync(analyst, $"/analysis/{after.Id}/compare");
        Assert.Contains("id=\"compare-trap-raised\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>A1-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("compare-trap-action", html, StringComparison.Ordinal);
        var findingsPage = await PageAsync(analyst, $"/analysis/{after.Id}/findings");
        Assert.Contains($"data-key=\"{key}\"", findingsPage, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;A1-", findingsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>A1-", findingsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("/improvement/actions/new", findingsPage, StringComparison.Ordinal);

        // Someone who may handle cases gets the "Create action" link on both pages.
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var link = $"/improvement/actions/new?waveId={after.Id}&amp;finding={Uri.EscapeDataString(key)}";
        Assert.Contains(link, await PageAsync(admin, $"/analysis/{after.Id}/compare"), StringComparison.Ordinal);
        Assert.Contains(link, await PageAsync(admin, $"/analysis/{after.Id}/findings"), StringComparison.Ordinal);
    }

    /// <summary>Plain and weighted both rise (everyone 3 → 4: ΔP = ΔW = +1): no trap finding; the first wave has nothing to compare with.</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task NoTrap_WhenPlainAndWeightedAgree(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var after = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 2);
        var before = await app.AddSiblingWaveAsync(after, daysEarlier: 30);
        Guid[] customers = [await app.AddValuedCustomerAsync(home.Id, "x", 1m), await app.AddValuedCustomerAsync(home.Id, "y", 5m), await app.AddValuedCustomerAsync(home.Id, "y", 9m)];
        await app.AddResponsesAsync(before, customers.Select(c => new SeedResponse(Cells(("satisfaction", 3)), home.Id, c)));
        await app.AddResponsesAsync(after, customers.Select(c => new SeedResponse(Cells(("satisfaction", 4)), home.Id, c)));

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var findings = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/findings");
        Assert.DoesNotContain(findings.EnumerateArray(), f => f.GetProperty("source").GetString() == "trap");
        using var missing = await analyst.GetAsync(Url($"/api/v1/waves/{after.Id}/findings/{Uri.EscapeDataString($"trap:{after.Id}:{before.Id}")}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var compare = await GetAsync(analyst, $"/api/v1/waves/{after.Id}/analysis/compare");
        Assert.False(compare.GetProperty("trap").GetProperty("trap").GetBoolean());
        Assert.Equal(1.0, compare.GetProperty("trap").GetProperty("plainChange").GetDouble(), 12);
        Assert.Equal(1.0, compare.GetProperty("trap").GetProperty("weightedChange").GetDouble(), 12);
        Assert.Contains("id=\"compare-trap-ok\"", await PageAsync(analyst, $"/analysis/{after.Id}/compare"), StringComparison.Ordinal);

        var first = await GetAsync(analyst, $"/api/v1/waves/{before.Id}/findings");
        Assert.DoesNotContain(first.EnumerateArray(), f => f.GetProperty("source").GetString() == "trap");

        // Bad input names its field.
        using var bad = await analyst.GetAsync(Url($"/api/v1/waves/{after.Id}/findings?against=x&unitId=y"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("against", out _));
        Assert.True(errors.TryGetProperty("unitId", out _));
    }

    /// <summary>
    /// The hand example of the 2-tuple test (MeasuresApiTests): l1 importance s4, perception s2 s2 s3 s3, expectation s3; l2 s2, s4, s4.
    /// β^z = 4, 2 → ξ = 4/6, 2/6; d_1 = 2.5/3, d_2 = 1; Φ = (2.5/3)(4/6) + 1·(2/6) = 0.8889 → l1: d &lt; Φ (key improvement) and
    /// ξ = 0.667 &gt; 1/n = 0.5 (focus object) → a 2-tuple finding, strength Φ − d_1 = 0.0556; l2 is neither.
    /// IPA (stated importance = mean of the importance cells, performance = mean of the perception cells, cross-hairs at their means):
    /// importance 4 and 2 (cross 3), performance 2.5 and 4 (cross 3.25) on the term positions → l1 "concentrate here", strength
    /// (4 − 3) + (3.25 − 2.5) = 1.75 (the same for any shift of the positions).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task TwoTupleAndIpa_HandExample_GiveTheirFindings(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        QuestionOption[] terms = [.. Enumerable.Range(0, 5).Select(i => new QuestionOption("s" + i, new("s" + i, "s" + i)))];
        var wave = await app.AddWaveAsync(new QuestionnaireDefinition
        {
            Title = new("测试", "Test"),
            Pages = [new QuestionPage { Questions = [
                new Question { Code = "l1", Type = QuestionType.Triple, Text = new("一", "One"), Options = terms },
                new Question { Code = "l2", Type = QuestionType.Triple, Text = new("二", "Two"), Options = terms }] }],
        }, minimumN: 2);
        string[] p1 = ["s2", "s2", "s3", "s3"];
        await app.AddResponsesAsync(wave, [.. p1.Select(p => new SeedResponse(Cells(
            ("l1.importance", "s4"), ("l1.perception", p), ("l1.expectation", "s3"), ("l2.importance", "s2"), ("l2.perception", "s4"), ("l2.expectation", "s4"))))]);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var findings = (await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/findings")).EnumerateArray().ToList();
        var twoTuple = Assert.Single(findings, f => f.GetProperty("source").GetString() == "twoTuple");
        Assert.Equal($"two-tuple:{wave.Id}:l1", twoTuple.GetProperty("key").GetString());
        var phi = 2.5 / 3 * (4.0 / 6) + 1 * (2.0 / 6);
        Assert.Equal(phi - 2.5 / 3, twoTuple.GetProperty("severity").GetDouble(), 9);
        Assert.Equal("cell:l1.perception", twoTuple.GetProperty("suggestedIndicators")[0].GetProperty("key").GetString());
        Assert.Contains("0.83", twoTuple.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("0.89", twoTuple.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var ipa = Assert.Single(findings, f => f.GetProperty("source").GetString() == "ipa");
        Assert.Equal($"ipa:{wave.Id}:l1.perception", ipa.GetProperty("key").GetString());
        Assert.Equal(1.75, ipa.GetProperty("severity").GetDouble(), 9);
        Assert.Equal(["cell:l1.perception", "overall"], ipa.GetProperty("suggestedIndicators").EnumerateArray().Select(i => i.GetProperty("key").GetString()!).ToArray());

        var one = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/findings/{Uri.EscapeDataString($"ipa:{wave.Id}:l1.perception")}");
        Assert.Equal("ipa", one.GetProperty("source").GetString());
    }

    /// <summary>
    /// Root causes of the cases of the wave's unit received since the wave opened: P ×3, Q ×2, R ×2, S ×1 (8 with a cause) → top three P
    /// (3/8 = 37.5 %), Q, R (tie broken by code). Not counted: 5 × S received before the wave opened, a case without a cause, a case of
    /// another unit. A manager of the other unit gets 404.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task RootCauses_TopThreeOfTheWavesPeriodAndUnit(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var branch = await app.AddUnitAsync(home.Id);
        var other = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), waveUnitId: branch, minimumN: 1);
        await app.AddResponsesAsync(wave, [new SeedResponse(Cells(("satisfaction", 4), ("recommend", 9)), branch)]);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        Dictionary<string, Guid> causes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var organisationId = wave.OrganisationId;
            causes = new[] { "p", "q", "r", "s" }.ToDictionary(c => c, _ => Guid.NewGuid(), StringComparer.Ordinal);
            foreach (var (code, id) in causes)
            {
                db.RootCauses.Add(new RootCause { Id = id, OrganisationId = organisationId, Kind = RootCauseKind.System, Code = $"{tag}.{code}", NameZh = "原因" + code, NameEn = "<i>Cause</i> " + code });
            }
            Case Make(Guid unit, string? cause, DateTimeOffset at) => new()
            {
                Id = Guid.NewGuid(), OrganisationId = organisationId, Number = "F" + Guid.NewGuid().ToString("N")[..12], Kind = CaseKind.Complaint, Channel = "phone",
                Status = CaseStatus.New, UnitId = unit, Subject = "测试", ReceivedAt = at, ClockStartedAt = at, CreatedAt = at, UpdatedAt = at, Version = Guid.NewGuid(),
                RootCauseId = cause is null ? null : causes[cause],
            };
            var recent = now.AddDays(-1);
            string[] inside = ["p", "p", "p", "q", "q", "r", "r", "s"];
            db.Cases.AddRange(inside.Select(c => Make(branch, c, recent)));
            db.Cases.AddRange(Enumerable.Range(0, 5).Select(_ => Make(branch, "s", now.AddDays(-30))));
            db.Cases.Add(Make(branch, null, recent));
            db.Cases.AddRange(Enumerable.Range(0, 4).Select(_ => Make(other, "s", recent)));
            await db.SaveChangesAsync();
        }

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var roots = (await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/findings")).EnumerateArray()
            .Where(f => f.GetProperty("source").GetString() == "rootCause").ToList();
        Assert.Equal([$"root-cause:{wave.Id}:{causes["p"]}", $"root-cause:{wave.Id}:{causes["q"]}", $"root-cause:{wave.Id}:{causes["r"]}"],
            roots.Select(f => f.GetProperty("key").GetString()!).ToArray());
        Assert.Equal([1, 2, 3], roots.Select(f => f.GetProperty("rank").GetInt32()).ToArray());
        Assert.Equal(3.0 / 8, roots[0].GetProperty("severity").GetDouble(), 12);
        Assert.Contains("37.5%", roots[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("overall", roots[0].GetProperty("suggestedIndicators")[0].GetProperty("key").GetString());

        // The page encodes the cause's name (English texts).
        using (var request = new HttpRequestMessage(HttpMethod.Get, Url($"/analysis/{wave.Id}/findings")))
        {
            request.Headers.AcceptLanguage.ParseAdd("en");
            using var page = await analyst.SendAsync(request);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("&lt;i&gt;Cause&lt;/i&gt; p", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<i>Cause", html, StringComparison.Ordinal);
        }

        // Unit scope: the manager of the branch sees the findings; the manager of another unit gets 404 (API and page), also by key.
        using var managerOfBranch = await app.CreateClientAsAsync(Roles.UnitManager, branch);
        Assert.Equal(3, (await GetAsync(managerOfBranch, $"/api/v1/waves/{wave.Id}/findings")).EnumerateArray().Count(f => f.GetProperty("source").GetString() == "rootCause"));
        using var managerOfOther = await app.CreateClientAsAsync(Roles.UnitManager, other);
        foreach (var path in new[] { $"/api/v1/waves/{wave.Id}/findings", $"/api/v1/waves/{wave.Id}/findings/{Uri.EscapeDataString($"root-cause:{wave.Id}:{causes["p"]}")}", $"/analysis/{wave.Id}/findings" })
        {
            using var response = await managerOfOther.GetAsync(Url(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using var filtered = await managerOfBranch.GetAsync(Url($"/api/v1/waves/{wave.Id}/findings?unitId={other}"));
        Assert.Equal(HttpStatusCode.NotFound, filtered.StatusCode);
    }
}
