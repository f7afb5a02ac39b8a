using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>POST /api/v1/waves/plan against textbook sample sizes (Cochran) worked by hand in each case.</summary>
[Collection(WavesGroup.Name)]
public sealed class SamplePlanTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Plan_TextbookCases_GiveTheHandWorkedNumbers(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);

        // 95 %, ±5 %, p = 0.5, infinite population: n0 = 1.959964² · 0.25 / 0.05² = 384.15 → 385; invitations at 30 %: ⌈385 / 0.3⌉ = ⌈1283.3⌉ = 1284.
        var plan = await JsonOf(await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { confidence = 0.95, margin = 0.05, proportion = 0.5, targetResponseRate = 0.3, strata = Array.Empty<object>() }));
        Assert.Equal(385, plan.GetProperty("targetResponses").GetInt32());
        Assert.Equal(1284, plan.GetProperty("invitations").GetInt32());
        Assert.Equal(0, plan.GetProperty("strata").GetArrayLength());

        // Finite population N = 1000: n = 384.15 / (1 + 383.15 / 1000) = 277.7 → 278; at 25 %: ⌈278 / 0.25⌉ = 1112.
        plan = await JsonOf(await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { population = 1000, targetResponseRate = 0.25, strata = Array.Empty<object>() }));
        Assert.Equal(278, plan.GetProperty("targetResponses").GetInt32());
        Assert.Equal(1112, plan.GetProperty("invitations").GetInt32());

        // Two given strata of 600 and 400 (N = 1000 → n = 278), proportional: 166.8 and 111.2 → 166 + 111 = 277, the larger
        // remainder (0.8) takes the last unit → 167 and 111; invitations at 50 %: 334 and 222.
        plan = await JsonOf(await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new
        {
            targetResponseRate = 0.5,
            strata = new object[] { new { segment = "居民", population = 600, quota = 200 }, new { segment = "企业", population = 400 } },
        }));
        Assert.Equal(278, plan.GetProperty("targetResponses").GetInt32());
        var strata = plan.GetProperty("strata").EnumerateArray().ToList();
        Assert.Equal(("居民", 167, 334, 200), (strata[0].GetProperty("segment").GetString(), strata[0].GetProperty("allocated").GetInt32(), strata[0].GetProperty("invitations").GetInt32(), strata[0].GetProperty("quota").GetInt32()));
        Assert.Equal(("企业", 111, 222), (strata[1].GetProperty("segment").GetString(), strata[1].GetProperty("allocated").GetInt32(), strata[1].GetProperty("invitations").GetInt32()));

        // Equal allocation of the same 278 over two strata: 139 each.
        plan = await JsonOf(await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new
        {
            allocation = "equal",
            strata = new object[] { new { segment = "A", population = 600 }, new { segment = "B", population = 400 } },
        }));
        Assert.All(plan.GetProperty("strata").EnumerateArray(), s => Assert.Equal(139, s.GetProperty("allocated").GetInt32()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Plan_WithoutPopulations_CountsTheUnitsActiveCustomersPerSegment(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var unit = await UnitAsync(app);
        for (var i = 0; i < 6; i++)
        {
            await CustomerAsync(app, unit, "居民");
        }
        for (var i = 0; i < 4; i++)
        {
            await CustomerAsync(app, unit, "企业");
        }
        await CustomerAsync(app, unit, "企业", status: Manyi.Core.Customers.CustomerStatus.Lost); // not counted

        // N = 6 + 4 = 10 at ±30 %: n0 = 1.959964² · 0.25 / 0.09 = 10.67, n = 10.67 / (1 + 9.67 / 10) = 5.42 → 6;
        // proportional 3.6 and 2.4 → 3 + 2, the larger remainder (0.6, 居民) takes the sixth → 4 and 2.
        var plan = await JsonOf(await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { margin = 0.3, targetResponseRate = 1.0, unitId = unit.Id }));
        Assert.Equal(10, plan.GetProperty("population").GetInt64());
        Assert.Equal(6, plan.GetProperty("targetResponses").GetInt32());
        var strata = plan.GetProperty("strata").EnumerateArray().ToDictionary(s => s.GetProperty("segment").GetString()!, s => (s.GetProperty("population").GetInt64(), s.GetProperty("allocated").GetInt32()));
        Assert.Equal((6L, 4), strata["居民"]);
        Assert.Equal((4L, 2), strata["企业"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Plan_BadInput_IsRefusedNamingEachField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var response = await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { confidence = 1.5, margin = 0, proportion = 2, targetResponseRate = 0, allocation = "random", population = 0 });
        Assert.Equal(["allocation", "confidence", "margin", "population", "proportion", "targetResponseRate"], (await ErrorsAsync(response)).Order(StringComparer.Ordinal));

        response = await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { allocation = "neyman", strata = new object[] { new { segment = "A", population = 10 }, new { segment = "" } } });
        Assert.Equal(["strata[0].standardDeviation", "strata[1].segment"], (await ErrorsAsync(response)).Order(StringComparer.Ordinal));

        // A unit of nobody's organisation is refused, not counted as empty.
        response = await analyst.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { unitId = Guid.NewGuid() });
        Assert.Equal(["unitId"], await ErrorsAsync(response));

        // A case handler may not design surveys.
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsJsonAsync(Url("/api/v1/waves/plan"), new { })).StatusCode);
    }
}
