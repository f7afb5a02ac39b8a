using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Customers.CustomersFixture;

namespace Manyi.Web.Tests.Features.Customers;

[Collection(CustomersGroup.Name)]
public class CustomersApiTests(CustomersFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Crud_CreateReadUpdateDelete_RoundTripsWithETagsAndAudit(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var code = Code();
        const string name = "<script>alert(1)</script> 张三";

        var created = await CreateAsync(client, new
        {
            code, name, type = "company", segment = "industrial", tier = "gold", unitId = unit.Id, email = "a@example.com", phone = "+86 10 1234",
            value = 1234.50m, attributes = new Dictionary<string, string> { ["contract"] = "K-7" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/customers/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal($"\"{body.GetProperty("version").GetString()}\"", created.Headers.ETag!.Tag);

        var read = await client.GetAsync(Url($"/api/v1/customers/{id}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var customer = await JsonAsync(read);
        // Names are data: stored and returned exactly as given (the pages encode them).
        Assert.Equal(name, customer.GetProperty("name").GetString());
        Assert.Equal("company", customer.GetProperty("type").GetString());
        Assert.Equal(1234.50m, customer.GetProperty("value").GetDecimal());
        Assert.Equal("K-7", customer.GetProperty("attributes").GetProperty("contract").GetString());
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);

        using var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/customers/{id}"))
        {
            Content = JsonContent.Create(new { code, name = "Renamed", unitId = unit.Id, value = 10m, status = "lost" }),
        };
        put.Headers.IfMatch.Add(read.Headers.ETag!);
        var updated = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await JsonAsync(updated);
        Assert.Equal("Renamed", after.GetProperty("name").GetString());
        Assert.Equal("lost", after.GetProperty("status").GetString());
        Assert.NotEqual(read.Headers.ETag!.Tag, updated.Headers.ETag!.Tag);
        // A PUT replaces: the fields and attributes it did not send are gone (type back to the default, person).
        Assert.Equal("person", after.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("segment").ValueKind);
        Assert.Empty(after.GetProperty("attributes").EnumerateObject());

        var deleted = await client.DeleteAsync(Url($"/api/v1/customers/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url($"/api/v1/customers/{id}"))).StatusCode);

        var subject = $"customer:{id}";
        var audit = await DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["customer.create", "customer.update", "customer.delete"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("analyst", a.ActorName, StringComparison.Ordinal));
        // Field names only, never the values (no personal data in the audit log).
        // The PUT changed name, type (company → person), status, segment, tier, email, phone (→ none), value and attributes.
        Assert.Equal("fields: name,type,status,segment,tier,email,phone,value,attributes", audit[1].Details);
        Assert.DoesNotContain(audit, a => (a.Details ?? string.Empty).Contains("Renamed", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_BadFields_ValidationProblemNamesEveryFieldAndWritesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        var other = await OtherOrganisationCustomerAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var before = await DbAsync(app, db => db.Customers.CountAsync());

        var response = await CreateAsync(client, new { code = "", name = " ", email = "not-an-address", value = -1m, type = "robot", unitId = other.UnitId });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["code", "email", "name", "type", "unitId", "value"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var code = Code();
        await CreateOkAsync(client, new { code, name = "First", unitId = unit.Id });
        var duplicate = await CreateAsync(client, new { code, name = "Second", unitId = unit.Id });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True((await JsonAsync(duplicate)).GetProperty("errors").TryGetProperty("code", out _));
        // Only "First" was written.
        Assert.Equal(before + 1, await DbAsync(app, db => db.Customers.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Update_StaleOrMissingETag_412Or428AndNothingOverwritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var code = Code();
        var created = await CreateAsync(client, new { code, name = "Original", unitId = unit.Id });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var firstTag = created.Headers.ETag!;

        // Someone else saves first with the current ETag...
        using var first = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/customers/{id}")) { Content = JsonContent.Create(new { code, name = "Theirs", unitId = unit.Id }) };
        first.Headers.IfMatch.Add(firstTag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first)).StatusCode);
        // ...then a save with the old ETag is refused.
        using var stale = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/customers/{id}")) { Content = JsonContent.Create(new { code, name = "Mine", unitId = unit.Id }) };
        stale.Headers.IfMatch.Add(firstTag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);

        using var missing = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/customers/{id}")) { Content = JsonContent.Create(new { code, name = "Mine", unitId = unit.Id }) };
        Assert.Equal((HttpStatusCode)428, (await client.SendAsync(missing)).StatusCode);

        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, Url($"/api/v1/customers/{id}"));
        staleDelete.Headers.IfMatch.Add(firstTag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(staleDelete)).StatusCode);

        var stored = await DbAsync(app, db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal("Theirs", stored.Name);
        Assert.Equal(1, await DbAsync(app, db => db.AuditEntries.CountAsync(a => a.Subject == $"customer:{id}" && a.Action == "customer.update")));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_PagesSortsAndFilters(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var district = await NewUnitAsync(app, kind: UnitKind.District);
        var branch = await NewUnitAsync(app, district.Id);
        using var client = await app.CreateClientAsAsync(Roles.Viewer);
        using var writer = await app.CreateClientAsAsync(Roles.Analyst);
        var prefix = Code("L")[..10];
        // Values chosen so that the value order (10 < 9.5e1 < 200 < 1000.25 < null) differs from text order ("1000.25" < "10" < "200" < "95").
        var rows = new[]
        {
            (Name: "Delta", Value: (decimal?)200m, Segment: "residential", Unit: branch.Id),
            (Name: "alpha", Value: (decimal?)1000.25m, Segment: "commercial", Unit: district.Id),
            (Name: "Charlie", Value: (decimal?)10m, Segment: "residential", Unit: branch.Id),
            (Name: "bravo", Value: (decimal?)95m, Segment: "residential", Unit: branch.Id),
            (Name: "Echo", Value: (decimal?)null, Segment: "commercial", Unit: district.Id),
        };
        for (var i = 0; i < rows.Length; i++)
        {
            await CreateOkAsync(writer, new { code = $"{prefix}-{i}", name = rows[i].Name, value = rows[i].Value, segment = rows[i].Segment, unitId = rows[i].Unit });
        }

        async Task<JsonElement> List(string query)
        {
            var response = await client.GetAsync(Url($"/api/v1/customers?unitId={district.Id}&{query}"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await JsonAsync(response);
        }
        static string[] Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

        // unitId = the district includes its branch: all 5; pages of 2 → 2 + 2 + 1, total 5 on each.
        var page1 = await List("pageSize=2&page=1&sort=code");
        var page3 = await List("pageSize=2&page=3&sort=code");
        Assert.Equal(5, page1.GetProperty("total").GetInt32());
        Assert.Equal(["Delta", "alpha"], Names(page1));
        Assert.Equal(["Echo"], Names(page3));
        // Descending value: 1000.25, 200, 95, 10; null last on SQLite and first on PostgreSQL (each database's NULL order), so
        // compare the four with values.
        Assert.Equal(["alpha", "Delta", "bravo", "Charlie"], Names(await List("sort=-value")).Where(n => n != "Echo"));
        Assert.Equal(["Charlie", "bravo", "Delta", "alpha"], Names(await List("sort=value")).Where(n => n != "Echo"));
        // Filters: segment; text search ignores case; the branch alone holds 3.
        // (Compared as a set: "alpha" vs "Echo" sorts by each database's collation.)
        Assert.Equal(["Echo", "alpha"], Names(await List("segment=commercial&sort=name")).Order(StringComparer.Ordinal));
        Assert.Equal(["Charlie"], Names(await List("q=CHARL")));
        Assert.Equal(3, (await JsonAsync(await client.GetAsync(Url($"/api/v1/customers?unitId={branch.Id}")))).GetProperty("total").GetInt32());

        var bad = await client.GetAsync(Url("/api/v1/customers?pageSize=201&page=0&status=gone"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["page", "pageSize", "status"], (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_SortOrSearchInjection_RefusedOrInertAndTableIntact(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        await CreateOkAsync(client, new { code = Code(), name = "Kept", unitId = unit.Id });
        var before = await DbAsync(app, db => db.Customers.CountAsync());

        foreach (var sort in new[] { "name;DROP TABLE \"Customers\";--", "name desc", "Name", "-", "password" })
        {
            var response = await client.GetAsync(Url($"/api/v1/customers?sort={Uri.EscapeDataString(sort)}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("sort", out _));
        }
        // Search text is a parameter, not SQL: it matches nothing and harms nothing.
        var search = await client.GetAsync(Url($"/api/v1/customers?unitId={unit.Id}&q={Uri.EscapeDataString("' OR 1=1; DROP TABLE \"Customers\"; --")}"));
        Assert.Equal(0, (await JsonAsync(search)).GetProperty("total").GetInt32());
        Assert.Equal(before, await DbAsync(app, db => db.Customers.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_CustomerOfAnotherBranchOrOrganisation_404AndUntouched(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var branchA = await NewUnitAsync(app);
        var branchB = await NewUnitAsync(app);
        var otherOrganisation = await OtherOrganisationCustomerAsync(app);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, branchA.Id);
        var codeB = Code();
        var inB = await CreateOkAsync(admin, new { code = codeB, name = "In B", unitId = branchB.Id });
        var idB = inB.GetProperty("id").GetGuid();
        var tagB = Tag(inB.GetProperty("version").GetString()!);
        var inA = await CreateOkAsync(manager, new { code = Code(), name = "In A", unitId = branchA.Id });

        foreach (var id in new[] { idB, otherOrganisation.Id })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/customers/{id}"))).StatusCode);
            using var put = new HttpRequestMessage(HttpMethod.Put, Url($"/api/v1/customers/{id}")) { Content = JsonContent.Create(new { code = codeB, name = "Hijacked", unitId = branchA.Id }) };
            put.Headers.IfMatch.Add(tagB);
            Assert.Equal(HttpStatusCode.NotFound, (await manager.SendAsync(put)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync(Url($"/api/v1/customers/{id}"))).StatusCode);
        }
        // Even an administrator never reaches another organisation's customer.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Url($"/api/v1/customers/{otherOrganisation.Id}"))).StatusCode);
        // Moving its own customer into branch B, or creating one there, names unitId.
        var create = await CreateAsync(manager, new { code = Code(), name = "Into B", unitId = branchB.Id });
        Assert.True((await JsonAsync(create)).GetProperty("errors").TryGetProperty("unitId", out _));
        // The list shows only branch A's customer, even when asked for branch B.
        var list = await JsonAsync(await manager.GetAsync(Url("/api/v1/customers?pageSize=200")));
        Assert.Equal([inA.GetProperty("id").GetGuid()], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(0, (await JsonAsync(await manager.GetAsync(Url($"/api/v1/customers?unitId={branchB.Id}")))).GetProperty("total").GetInt32());

        var stored = await DbAsync(app, db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == idB));
        Assert.Equal("In B", stored.Name);
        Assert.Equal(branchB.Id, stored.UnitId);
        Assert.True(await DbAsync(app, db => db.Customers.AnyAsync(c => c.Id == otherOrganisation.Id && c.Name == "Other org customer")));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Write_ViewerOrAnonymous_Refused(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateAsync(viewer, new { code = Code(), name = "X", unitId = unit.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url("/api/v1/customers"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CreateAsync(anonymous, new { code = Code(), name = "X", unitId = unit.Id })).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task OpenApi_Document_DescribesCustomerAndAuditRoutes(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var anonymous = app.CreateClient();
        var document = await JsonAsync(await anonymous.GetAsync(Url("/openapi/v1.json")));
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/customers", "/api/v1/customers/{id}", "/api/v1/customers/import", "/api/v1/customers/export", "/api/v1/audit" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
        var put = paths.GetProperty("/api/v1/customers/{id}").GetProperty("put").GetProperty("responses");
        Assert.Equal(["200", "400", "404", "412", "428"], put.EnumerateObject().Select(r => r.Name).Where(r => r != "401" && r != "403").Order(StringComparer.Ordinal));
    }
}
