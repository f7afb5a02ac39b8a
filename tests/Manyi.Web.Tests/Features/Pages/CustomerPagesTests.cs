using System.Net;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Pages;

public class CustomerPagesTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private const string Script = "<script>alert(1)</script>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task CustomerNamedScript_IsEncodedOnListAndDetail(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var headOffice = await app.HeadOfficeAsync();
        var customer = await app.AddCustomerAsync(headOffice.Id, Script);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);

        var list = await client.GetHtmlAsync("/customers?q=" + Uri.EscapeDataString(customer.Code));
        var detail = await client.GetHtmlAsync($"/customers/{customer.Id}");
        var edit = await client.GetHtmlAsync($"/customers/{customer.Id}/edit");
        foreach (var html in new[] { list, detail, edit })
        {
            Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        }
        // Razor's HTML encoder writes < and > as entities; the edit form holds the name in an attribute, encoded too.
        Assert.Contains(EncodedScript, list, StringComparison.Ordinal);
        Assert.Contains(EncodedScript, detail, StringComparison.Ordinal);
        Assert.Contains(EncodedScript, edit, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitManager_CustomerOfAnotherUnit_Is404AndNotListed(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var headOffice = await app.HeadOfficeAsync();
        var mine = await app.AddUnitAsync(headOffice.Id);
        var myBranch = await app.AddUnitAsync(mine.Id, UnitKind.Branch);
        var other = await app.AddUnitAsync(headOffice.Id);
        var visible = await app.AddCustomerAsync(myBranch.Id, "Visible " + Guid.NewGuid().ToString("N"));
        var hidden = await app.AddCustomerAsync(other.Id, "Hidden " + Guid.NewGuid().ToString("N"));
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine.Id);

        // The manager of a district sees its branch's customer (CurrentUser walks down the tree) ...
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(new Uri($"/customers/{visible.Id}", UriKind.Relative))).StatusCode);
        // ... and changing the id in the URL to another district's customer finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(new Uri($"/customers/{hidden.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(new Uri($"/customers/{hidden.Id}/edit", UriKind.Relative))).StatusCode);
        var list = await manager.GetHtmlAsync("/customers?q=" + Uri.EscapeDataString(hidden.Code));
        Assert.DoesNotContain(hidden.Name, list, StringComparison.Ordinal);
        Assert.Contains("id=\"no-customers\"", list, StringComparison.Ordinal);

        // Posting an edit of the hidden customer is refused the same way, and the customer is unchanged.
        var token = await manager.GetTokenAsync($"/customers/{visible.Id}/edit");
        var post = await manager.PostFormAsync($"/customers/{hidden.Id}/edit", ("Input.Code", hidden.Code), ("Input.Name", "Taken over"),
            ("Input.UnitId", myBranch.Id.ToString()), ("Input.Version", hidden.Version.ToString()), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(hidden.Name, (await app.FindCustomerAsync(hidden.Id))!.Name);

        // Picking the other district in the unit picker (by forging the form) is ignored: the list still shows only the manager's units.
        var pick = await manager.PostFormAsync("/unit", ("unit", other.Id.ToString()), ("returnUrl", "/customers"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, pick.StatusCode);
        Assert.DoesNotContain(hidden.Name, await manager.GetHtmlAsync("/customers?q=Hidden"), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task List_SortOrFilterInjection_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Injection " + Guid.NewGuid().ToString("N"));
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var sorted = await client.GetHtmlAsync("/customers?sort=" + Uri.EscapeDataString("name; DROP TABLE \"Customers\"; --"));
        // Not a whitelisted key: the page says so (naming the allowed keys) and sorts by code.
        Assert.Contains("The sort key is unknown", sorted, StringComparison.Ordinal);
        var filtered = await client.GetHtmlAsync("/customers?segment=" + Uri.EscapeDataString("x' OR '1'='1") + "&q=" + Uri.EscapeDataString("%' OR 1=1 --"));
        // Filters are parameters: the quote trick matches no segment and the search no name.
        Assert.Contains("id=\"no-customers\"", filtered, StringComparison.Ordinal);
        Assert.Single(await app.CustomersOfUnitAsync(unit.Id));
        Assert.NotNull(await app.FindCustomerAsync(customer.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Edit_StaleVersion_ShowsMessageAndWritesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Before");
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var token = await client.GetTokenAsync($"/customers/{customer.Id}/edit");
        (string, string)[] Form(string name, Guid version) =>
        [
            ("Input.Code", customer.Code), ("Input.Name", name), ("Input.Type", "Person"), ("Input.Status", "Active"),
            ("Input.UnitId", unit.Id.ToString()), ("Input.Value", "250.50"), ("Input.Attributes", "meter=M-1\ncontract=2024"),
            ("Input.Version", version.ToString()), ("__RequestVerificationToken", token),
        ];

        // A form opened before someone else saved carries an older version: refused with the message, nothing written.
        var stale = await client.PostFormAsync($"/customers/{customer.Id}/edit", Form("Stale edit", Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("id=\"stale\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Before", (await app.FindCustomerAsync(customer.Id))!.Name);

        // With the current version the edit is saved and the version changes.
        var fresh = await client.PostFormAsync($"/customers/{customer.Id}/edit", Form("After", customer.Version));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        var saved = (await app.FindCustomerAsync(customer.Id))!;
        Assert.Equal("After", saved.Name);
        Assert.Equal(250.50m, saved.Value);
        Assert.Equal("M-1", saved.Attributes["meter"]);
        Assert.NotEqual(customer.Version, saved.Version);

        // Replaying the first good form (its version is now old) is stale as well.
        var replay = await client.PostFormAsync($"/customers/{customer.Id}/edit", Form("Replay", customer.Version));
        Assert.Contains("id=\"stale\"", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("After", (await app.FindCustomerAsync(customer.Id))!.Name);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task New_BadInput_NamesTheFieldsAndWritesNothing(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await client.GetTokenAsync("/customers/new");
        var response = await client.PostFormAsync("/customers/new", ("Input.Code", ""), ("Input.Name", "No code"), ("Input.UnitId", unit.Id.ToString()),
            ("Input.Email", "not-an-address"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Code is required.", html, StringComparison.Ordinal);
        Assert.Contains("E-mail is not a valid e-mail address.", html, StringComparison.Ordinal);
        Assert.Empty(await app.CustomersOfUnitAsync(unit.Id));

        var created = await client.PostFormAsync("/customers/new", ("Input.Code", PageData.NewCode("N")), ("Input.Name", "New one"), ("Input.Type", "Company"),
            ("Input.Status", "Active"), ("Input.UnitId", unit.Id.ToString()), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("New one", Assert.Single(await app.CustomersOfUnitAsync(unit.Id)).Name);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task New_ThroughTheUseCase_IsAuditedAndFoundByEmailOrPhone(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var token = await client.GetTokenAsync("/customers/new");
        var mark = Guid.NewGuid().ToString("N")[..10];
        var created = await client.PostFormAsync("/customers/new", ("Input.Code", PageData.NewCode("S")), ("Input.Name", "Searchable"),
            ("Input.UnitId", unit.Id.ToString()), ("Input.Email", $"ops.{mark}@example.com"), ("Input.Phone", "010-" + mark),
            ("Input.Attributes", "meter=M-9"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var customer = Assert.Single(await app.CustomersOfUnitAsync(unit.Id));
        Assert.Equal("M-9", customer.Attributes["meter"]);

        // The page wrote through CustomerCommands, which adds the audit entry in the same SaveChanges.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "customer.create" && a.Subject == "customer:" + customer.Id));
        }

        // The search box promises code, name, e-mail or phone (Customers.SearchHint): an upper-case piece of the address and a
        // piece of the phone number each find the one customer.
        foreach (var q in new[] { "OPS." + mark.ToUpperInvariant(), "010-" + mark[..6] })
        {
            var html = await client.GetHtmlAsync("/customers?q=" + Uri.EscapeDataString(q));
            Assert.Contains($"/customers/{customer.Id}", html, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Edit_ValueWithThreeDecimals_RefusedInChineseAtTheField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Decimals");
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var token = await client.GetTokenAsync($"/customers/{customer.Id}/edit");
        var response = await client.PostFormAsync($"/customers/{customer.Id}/edit", ("Input.Code", customer.Code), ("Input.Name", "Changed"),
            ("Input.UnitId", unit.Id.ToString()), ("Input.Value", "1.005"), ("Input.Version", customer.Version.ToString()), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // CustomerRules.Value refuses 1.005 (reason tooManyDecimals); the page says it with Validation.Decimals of zh-CN, label 客户价值 K.
        Assert.Contains("最多保留 2 位小数", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Decimals", (await app.FindCustomerAsync(customer.Id))!.Name);
    }
}
