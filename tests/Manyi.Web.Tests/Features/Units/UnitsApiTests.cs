using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Units;

public class UnitsApiTests(SharedApps apps) : IClassFixture<SharedApps>
{
    private static readonly Uri UnitsUri = new("/api/v1/units", UriKind.Relative);

    private static Uri UnitUri(Guid id, string suffix = "") => new($"/api/v1/units/{id}{suffix}", UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Tree_UnitManager_SeesOnlyItsSubtree_AndGets404ForOtherUnits(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        // home ─┬─ north ── north-1
        //       └─ south
        var north = await app.AddUnitAsync(home.Id, UnitKind.District);
        var north1 = await app.AddUnitAsync(north, UnitKind.Branch);
        var south = await app.AddUnitAsync(home.Id, UnitKind.District);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, north);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);

        var tree = await (await manager.GetAsync(UnitsUri)).JsonAsync();
        // Expected by hand: one root (north) with one child (north-1), nothing else.
        var root = Assert.Single(tree.EnumerateArray());
        Assert.Equal(north, root.GetProperty("id").GetGuid());
        Assert.Equal(north1, Assert.Single(root.GetProperty("children").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(UnitUri(north1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(UnitUri(south))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(UnitUri(home.Id))).StatusCode);

        // An analyst sees the whole tree from the top unit, south and north below it.
        var full = Assert.Single((await (await analyst.GetAsync(UnitsUri)).JsonAsync()).EnumerateArray());
        Assert.Equal(home.Id, full.GetProperty("id").GetGuid());
        var below = full.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Contains(north, below);
        Assert.Contains(south, below);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CreateRenameMoveDelete_Administrator_ChangesTheTree_AndAuditsEachStep(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var code = "D-" + Guid.NewGuid().ToString("N")[..6];
        var target = await app.AddUnitAsync(home.Id, UnitKind.District);

        using var created = await admin.PostAsJsonAsync(UnitsUri, new { parentId = home.Id, code, name = "海淀", kind = "branch" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/units/{id}", created.Headers.Location?.OriginalString);

        using var renamed = await admin.PutAsJsonAsync(UnitUri(id), new { code = code + "X", name = "海淀区", kind = "district" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var dto = await renamed.JsonAsync();
        Assert.Equal("海淀区", dto.GetProperty("name").GetString());
        Assert.Equal("district", dto.GetProperty("kind").GetString());

        using var moved = await admin.PostAsJsonAsync(UnitUri(id, "/move"), new { parentId = target });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(target, (await moved.JsonAsync()).GetProperty("parentId").GetGuid());

        using var deleted = await admin.DeleteAsync(UnitUri(id));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(UnitUri(id))).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<ManyiDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Subject == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["unit.create", "unit.update", "unit.move", "unit.delete"], actions);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Move_BelowItselfOrADescendant_IsRefused_AndNothingChanges(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var district = await app.AddUnitAsync(home.Id, UnitKind.District);
        var branch = await app.AddUnitAsync(district, UnitKind.Branch);

        foreach (var parent in new[] { district, branch })
        {
            using var response = await admin.PostAsJsonAsync(UnitUri(district, "/move"), new { parentId = parent });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["parentId"], await response.ErrorFieldsAsync());
        }
        // The top unit sits above everything: moving it anywhere would close a cycle too.
        using var top = await admin.PostAsJsonAsync(UnitUri(home.Id, "/move"), new { parentId = branch });
        Assert.Equal(HttpStatusCode.BadRequest, top.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        Assert.Equal(home.Id, (await db.Units.AsNoTracking().SingleAsync(u => u.Id == district)).ParentId);
        Assert.Null((await db.Units.AsNoTracking().SingleAsync(u => u.Id == home.Id)).ParentId);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Delete_UnitWithChildrenCustomersOrManagers_Or_TheTopUnit_409AndKept(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var parent = await app.AddUnitAsync(home.Id, UnitKind.District);
        await app.AddUnitAsync(parent);
        var served = await app.AddUnitAsync(home.Id);
        var managed = await app.AddUnitAsync(home.Id);
        await app.CreateUserAsync(Roles.UnitManager, managed);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            db.Customers.Add(new Customer { Id = Guid.NewGuid(), OrganisationId = home.OrganisationId, UnitId = served, Code = "C-" + Guid.NewGuid().ToString("N")[..8], Name = "A customer", Version = Guid.NewGuid() });
            await db.SaveChangesAsync();
        }

        foreach (var (unit, reason) in new[] { (home.Id, "top unit"), (parent, "1 unit(s) below"), (served, "1 customer(s)"), (managed, "1 unit manager(s)") })
        {
            using var response = await admin.DeleteAsync(UnitUri(unit));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(UnitUri(unit))).StatusCode);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Create_BadInput_NamesTheField_AndOtherOrganisationsUnitsAreNotFound(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var other = await app.OtherOrganisationAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var before = await db.Units.CountAsync();

        var cases = new (object Body, string[] Fields)[]
        {
            (new { code = "", name = "", kind = "branch" }, ["parentId", "code", "name"]),
            (new { parentId = home.Id, code = home.Code, name = "dup", kind = "branch" }, ["code"]),
            (new { parentId = other.Unit, code = "NEW-" + Guid.NewGuid().ToString("N")[..6], name = "x", kind = "branch" }, ["parentId"]),
            (new { parentId = home.Id, code = new string('c', 65), name = "x" }, ["code", "kind"]),
        };
        foreach (var (body, fields) in cases)
        {
            using var response = await admin.PostAsJsonAsync(UnitsUri, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(fields.ToHashSet(StringComparer.Ordinal), await response.ErrorFieldsAsync());
        }
        // An unknown kind fails JSON binding: still 400, nothing written.
        using var badKind = await admin.PostAsJsonAsync(UnitsUri, new { parentId = home.Id, code = "K1", name = "x", kind = "galaxy" });
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(UnitUri(other.Unit))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync(UnitUri(other.Unit), new { code = "X", name = "x", kind = "branch" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync(UnitUri(other.Unit, "/move"), new { parentId = home.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(UnitUri(other.Unit))).StatusCode);
        // Moving one's own unit below another organisation's unit is refused too.
        using var across = await admin.PostAsJsonAsync(UnitUri(await app.AddUnitAsync(home.Id), "/move"), new { parentId = other.Unit });
        Assert.Equal(["parentId"], await across.ErrorFieldsAsync());
        var tree = await (await admin.GetAsync(UnitsUri)).JsonAsync();
        Assert.DoesNotContain(other.Unit.ToString(), tree.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(before + 1, await db.Units.CountAsync());
        Assert.Equal("Other HQ", (await db.Units.AsNoTracking().SingleAsync(u => u.Id == other.Unit)).Name);
    }
}
