using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Surveys.SurveyData;

namespace Manyi.Web.Tests.Features.Surveys;

[Collection(SurveysGroup.Name)]
public class IndicatorSystemsApiTests(SurveysFixture fixture)
{
    /// <summary>root → a, b, c (leaves), weights 0.5 / 0.3 / 0.2.</summary>
    private static object Tree(double a = 0.5, double b = 0.3, double c = 0.2, string extra = "c") => new
    {
        nodes = new object[]
        {
            new { code = "root", name = new { zh = "总体", en = "Overall" } },
            new { code = "a", parent = "root", name = new { zh = "甲" }, weight = a },
            new { code = "b", parent = "root", name = new { zh = "乙" }, weight = b },
            new { code = extra, parent = "root", name = new { zh = "丙" }, weight = c },
        },
    };

    private static async Task<(Guid Id, System.Net.Http.Headers.EntityTagHeaderValue ETag)> CreateAsync(HttpClient client, object definition)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/indicator-systems"), new { name = Name("IS"), definition });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await JsonAsync(response)).GetProperty("id").GetGuid(), response.Headers.ETag!);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Crud_WithETags_ValidationByField_AndOrganisationScope(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var (id, etag) = await CreateAsync(client, Tree());

        var read = await client.GetAsync(Url($"/api/v1/indicator-systems/{id}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag);
        var body = await JsonAsync(read);
        Assert.Equal(4, body.GetProperty("definition").GetProperty("nodes").GetArrayLength());

        // Sibling weights 0.5 + 0.3 + 0.3 = 1.1: refused naming the node, nothing written.
        using (var bad = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/indicator-systems/{id}")) { Content = JsonContent.Create(new { name = "x", definition = Tree(c: 0.3) }) })
        {
            bad.Headers.IfMatch.Add(etag);
            var refused = await client.SendAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("definition.nodes[1].weight", (await ErrorsAsync(refused)).Keys);
        }
        Assert.Equal(etag, (await client.GetAsync(Url($"/api/v1/indicator-systems/{id}"))).Headers.ETag);

        // No If-Match: 428; a stale one: 412; the right one: 200 and a new ETag.
        var noMatch = await client.PutAsJsonAsync(Url($"/api/v1/indicator-systems/{id}"), new { name = Name("IS"), definition = Tree() });
        Assert.Equal(HttpStatusCode.PreconditionRequired, noMatch.StatusCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/indicator-systems/{id}")) { Content = JsonContent.Create(new { name = Name("IS"), definition = Tree() }) })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{Guid.NewGuid()}\""));
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        }
        using (var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/indicator-systems/{id}")) { Content = JsonContent.Create(new { name = Name("IS"), definition = Tree(0.4, 0.4, 0.2, "d") }) })
        {
            put.Headers.IfMatch.Add(etag);
            var ok = await client.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.NotEqual(etag, ok.Headers.ETag);
        }

        // Another organisation's system is not there.
        var (otherSystem, _) = await OtherOrganisationAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url($"/api/v1/indicator-systems/{otherSystem}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(Url($"/api/v1/indicator-systems/{otherSystem}"))).StatusCode);
        var list = await JsonAsync(await client.GetAsync(Url("/api/v1/indicator-systems")));
        Assert.DoesNotContain(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == otherSystem);

        // Empty body and bad JSON shapes: 400 naming the field, never 500.
        var empty = await client.PostAsJsonAsync(Url("/api/v1/indicator-systems"), new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyErrors = await ErrorsAsync(empty);
        Assert.Contains("name", emptyErrors.Keys);
        Assert.Contains("definition", emptyErrors.Keys);
        var nulls = await client.PostAsJsonAsync(Url("/api/v1/indicator-systems"), new { name = Name("IS"), definition = new { nodes = new object?[] { null } } });
        Assert.Equal(HttpStatusCode.BadRequest, nulls.StatusCode);

        // Unused: deleted.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url($"/api/v1/indicator-systems/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url($"/api/v1/indicator-systems/{id}"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Delete_SystemUsedByAQuestionnaire_IsRefusedWith409(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var created = await JsonAsync(await client.PostAsJsonAsync(Url("/api/v1/questionnaires/from-template"), new { template = "power-utility", name = Name("Q") }));
        var systemId = created.GetProperty("questionnaire").GetProperty("indicatorSystemId").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync(Url($"/api/v1/indicator-systems/{systemId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url($"/api/v1/indicator-systems/{systemId}"))).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Weights_EnteredAndAhp_AreSetAndRecorded_InconsistentAhpIsRefused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var (id, _) = await CreateAsync(client, new
        {
            nodes = new object[]
            {
                new { code = "root", name = new { zh = "总体" } },
                new { code = "a", parent = "root", name = new { zh = "甲" }, weight = 0.25 },
                new { code = "b", parent = "root", name = new { zh = "乙" }, weight = 0.25 },
                new { code = "c", parent = "root", name = new { zh = "丙" }, weight = 0.25 },
                new { code = "d", parent = "root", name = new { zh = "丁" }, weight = 0.25 },
            },
        });
        var url = Url($"/api/v1/indicator-systems/{id}/weights");

        // Entered: taken as given when they sum to 1; 0.5 + 0.5 + 0.5 + 0 = 1.5 is refused.
        var entered = await client.PostAsJsonAsync(url, new { parent = "root", method = "entered", weights = new { a = 0.4, b = 0.3, c = 0.2, d = 0.1 } });
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        var sum15 = await client.PostAsJsonAsync(url, new { parent = "root", method = "entered", weights = new { a = 0.5, b = 0.5, c = 0.5, d = 0.0 } });
        Assert.Equal(HttpStatusCode.BadRequest, sum15.StatusCode);
        Assert.Contains("weights", (await ErrorsAsync(sum15)).Keys);

        // A consistent matrix a_ij = w_i / w_j built from 0.4/0.3/0.2/0.1 gives those weights back with CR = 0.
        double[] w = [0.4, 0.3, 0.2, 0.1];
        var consistent = w.Select(wi => w.Select(wj => wi / wj).ToArray()).ToArray();
        var ahp = await client.PostAsJsonAsync(url, new { parent = "root", method = "ahp", matrix = consistent });
        Assert.Equal(HttpStatusCode.OK, ahp.StatusCode);
        var result = await JsonAsync(ahp);
        var weights = result.GetProperty("weights").EnumerateArray().Select(x => x.GetProperty("weight").GetDouble()).ToArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(w[i], weights[i], 9);
        }
        Assert.True(result.GetProperty("consistencyRatio").GetDouble() < 1e-9);
        var stored = await JsonAsync(await client.GetAsync(Url($"/api/v1/indicator-systems/{id}")));
        var derivation = Assert.Single(stored.GetProperty("definition").GetProperty("derivations").EnumerateArray());
        Assert.Equal("ahp", derivation.GetProperty("method").GetString());
        Assert.Equal(0.3, stored.GetProperty("definition").GetProperty("nodes")[2].GetProperty("weight").GetDouble(), 9);
        var etag = (await client.GetAsync(Url($"/api/v1/indicator-systems/{id}"))).Headers.ETag;

        // The same matrix with one judgement turned round: d is judged 4 times as important as a where every other judgement
        // implies a quarter. CR ≈ 0.40 ≥ 0.10 → refused, naming d versus a as the most inconsistent pair; nothing changes.
        var inconsistent = consistent.Select(r => r.ToArray()).ToArray();
        inconsistent[0][3] = 0.25;
        inconsistent[3][0] = 4;
        var refused = await client.PostAsJsonAsync(url, new { parent = "root", method = "ahp", matrix = inconsistent });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = Assert.Single((await ErrorsAsync(refused))["matrix"]);
        Assert.Contains("d versus a", message, StringComparison.Ordinal);
        Assert.Equal(etag, (await client.GetAsync(Url($"/api/v1/indicator-systems/{id}"))).Headers.ETag);

        // Bad shapes: 3×3 for four children, a parent without children, an unknown method.
        Assert.Contains("matrix", (await ErrorsAsync(await client.PostAsJsonAsync(url, new { parent = "root", method = "ahp", matrix = new[] { new[] { 1.0 } } }))).Keys);
        Assert.Contains("parent", (await ErrorsAsync(await client.PostAsJsonAsync(url, new { parent = "a", method = "ahp" }))).Keys);
        Assert.Contains("method", (await ErrorsAsync(await client.PostAsJsonAsync(url, new { parent = "root", method = "guess" }))).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync(Url($"/api/v1/indicator-systems/{Guid.NewGuid()}/weights"), new { })).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Weights_ImportanceAndEntropy_FromAWavesCompleteResponses(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var (systemId, _) = await CreateAsync(client, new
        {
            nodes = new object[]
            {
                new { code = "root", name = new { zh = "总体" } },
                new { code = "a", parent = "root", name = new { zh = "甲" }, weight = 0.5 },
                new { code = "b", parent = "root", name = new { zh = "乙" }, weight = 0.5 },
            },
        });
        var definition = new
        {
            title = new { zh = "权重" },
            pages = new[]
            {
                new
                {
                    questions = new object[]
                    {
                        new { code = "ta", type = "Triple", indicator = "a", text = new { zh = "甲" }, parts = new[] { "importance", "perception" } },
                        new { code = "tb", type = "Triple", indicator = "b", text = new { zh = "乙" }, parts = new[] { "importance", "perception" } },
                    },
                },
            },
        };
        var created = await client.PostAsJsonAsync(Url("/api/v1/questionnaires"), new { name = Name("Q"), indicatorSystemId = systemId, definition });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var questionnaireId = (await JsonAsync(created)).GetProperty("questionnaire").GetProperty("id").GetGuid();
        static Dictionary<string, string> A(int ia, int pa, int ib, int pb) => new(StringComparer.Ordinal)
        {
            ["ta.importance"] = ia.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ta.perception"] = pa.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["tb.importance"] = ib.ToString(System.Globalization.CultureInfo.InvariantCulture), ["tb.perception"] = pb.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var waveId = await AddWaveWithResponsesAsync(app, questionnaireId, 1,
            (ResponseStatus.Complete, A(4, 1, 2, 1)),
            (ResponseStatus.Complete, A(5, 2, 3, 1)),
            (ResponseStatus.Complete, A(3, 3, 1, 2)),
            // Not complete: left out (it would pull a's importance to 1 and b's to 5).
            (ResponseStatus.InProgress, A(1, 5, 5, 5)));
        var url = Url($"/api/v1/indicator-systems/{systemId}/weights");

        // Importance: mean of a = (4+5+3)/3 = 4, of b = (2+3+1)/3 = 2 → 4/6 and 2/6.
        var importance = await client.PostAsJsonAsync(url, new { parent = "root", method = "importance", waveId });
        Assert.Equal(HttpStatusCode.OK, importance.StatusCode);
        var iw = (await JsonAsync(importance)).GetProperty("weights").EnumerateArray().ToList();
        Assert.Equal(4.0 / 6, iw[0].GetProperty("weight").GetDouble(), 12);
        Assert.Equal(2.0 / 6, iw[1].GetProperty("weight").GetDouble(), 12);
        Assert.Equal(3, iw[0].GetProperty("respondents").GetInt32());

        // Entropy on the perception columns a = (1,2,3), b = (1,1,2), m = 3: p_a = 1/6, 2/6, 3/6 and p_b = 1/4, 1/4, 2/4;
        // e = −(1/ln 3) Σ p ln p, d = 1 − e, w = d / Σ d.
        static double E(params double[] p) => -p.Sum(x => x * Math.Log(x)) / Math.Log(3);
        var da = 1 - E(1.0 / 6, 2.0 / 6, 3.0 / 6);
        var db = 1 - E(0.25, 0.25, 0.5);
        var entropy = await client.PostAsJsonAsync(url, new { parent = "root", method = "entropy", waveId });
        Assert.Equal(HttpStatusCode.OK, entropy.StatusCode);
        var ew = (await JsonAsync(entropy)).GetProperty("weights").EnumerateArray().ToList();
        Assert.Equal(da / (da + db), ew[0].GetProperty("weight").GetDouble(), 12);
        Assert.Equal(db / (da + db), ew[1].GetProperty("weight").GetDouble(), 12);

        // A wave that is not this organisation's, or none at all: refused naming waveId.
        Assert.Contains("waveId", (await ErrorsAsync(await client.PostAsJsonAsync(url, new { parent = "root", method = "entropy", waveId = Guid.NewGuid() }))).Keys);
        Assert.Contains("waveId", (await ErrorsAsync(await client.PostAsJsonAsync(url, new { parent = "root", method = "importance" }))).Keys);
    }
}
