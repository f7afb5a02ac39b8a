using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>
/// The PDCA board with its goals (docs/improvement.md) and the action page: free text (action title and description, goal name) is
/// HTML-encoded — stored XSS; the board of a unit shows the unit's own goals and the
/// organisation-wide ones but not a sibling unit's; a unit manager sees only its own unit's goals there, and the board API carries
/// the same goals (additive field).
/// </summary>
[Collection(ActionsGroup.Name)]
public class BoardPagesTests(ActionsFixture fixture)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Encoded = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BoardAndActionPage_EncodeFreeText_AndShowTheUnitsAndOrganisationGoals(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var a = await app.AddUnitAsync(home.Id);
        var b = await app.AddUnitAsync(home.Id);
        var (owner, _) = await app.CreateUserAsync(Roles.UnitManager, a);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, a);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tag = Guid.NewGuid().ToString("N")[..8];

        using var created = await admin.PostAsJsonAsync(Url("/api/v1/actions"), new
        {
            unitId = a, title = $"T-{tag} {Script}", description = $"D-{tag} {Script}", ownerId = owner, deadline = today.AddDays(20), indicators = new[] { "measure:sales" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        async Task<Guid> Goal(Guid? unitId, string name)
        {
            using var response = await admin.PostAsJsonAsync(Url("/api/v1/goals"), new
            {
                name, unitId, indicator = "measure:sales", target = 1000, direction = "atLeast", periodStart = today.AddDays(-10), periodEnd = today.AddDays(80),
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("id").GetGuid();
        }
        var own = await Goal(a, $"G-{tag} {Script}");
        var organisation = await Goal(null, $"O-{tag}");
        var sibling = await Goal(b, $"S-{tag}");

        // The board page: the card's title and the goal's name encoded; the unit's and the organisation's goals, not the sibling's.
        using (var response = await admin.GetAsync(Url($"/improvement?unit={a}")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"T-{tag} {Encoded}", html, StringComparison.Ordinal);
            Assert.Contains($"G-{tag} {Encoded}", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
            Assert.Contains($"id=\"board-goal-{own}\"", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"board-goal-{organisation}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"id=\"board-goal-{sibling}\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"board-goals-table\"", html, StringComparison.Ordinal);
        }

        // The action page: title and description encoded.
        using (var response = await admin.GetAsync(Url($"/improvement/actions/{id}")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"T-{tag} {Encoded}", html, StringComparison.Ordinal);
            Assert.Contains($"D-{tag} {Encoded}", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        }

        // The board API carries the same goals; the unit manager of A sees its unit's goal only (organisation-wide goals are not
        // visible to unit managers, docs/goals.md) and gets 404 for B's board.
        var board = await (await admin.GetAsync(Url($"/api/v1/actions/board?unitId={a}"))).JsonAsync();
        var ids = board.GetProperty("goals").EnumerateArray().Select(g => g.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(own, ids);
        Assert.Contains(organisation, ids);
        Assert.DoesNotContain(sibling, ids);
        Assert.Contains(board.GetProperty("plan").EnumerateArray(), x => x.GetProperty("id").GetGuid() == id);
        var managed = await (await manager.GetAsync(Url($"/api/v1/actions/board?unitId={a}"))).JsonAsync();
        Assert.Equal([own], managed.GetProperty("goals").EnumerateArray().Select(g => g.GetProperty("id").GetGuid()).ToList());
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(Url($"/api/v1/actions/board?unitId={b}"))).StatusCode);
        using (var page = await manager.GetAsync(Url($"/improvement?unit={b}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
    }
}
