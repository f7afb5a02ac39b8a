using System.Net;
using System.Text;
using Manyi.Core.Customers;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>One app per provider for the measure pages; its own app because the settings test changes the organisation-wide value policy.</summary>
public sealed class MeasurePagesFixture : SharedApps;

/// <summary>
/// The pages of the indirect measures and customer value K (docs/indirect-measures.md) through HTTP: they render for an analyst,
/// a stored segment with a script is shown encoded, an import through the page form (dry run, then commit of the good rows) writes the
/// rows, the settings page saves the policy and refuses a stale Version with a message, a viewer sees no forms and cannot post.
/// </summary>
public class MeasurePagesTests(MeasurePagesFixture fixture) : IClassFixture<MeasurePagesFixture>
{
    private const string Script = "<script>alert(1)</script>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Pages_RenderForAnalyst_EncodeStoredText_ViewerGetsNoForms(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Customer " + Script);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var now = DateTimeOffset.UtcNow;
            db.GroupMeasures.Add(new GroupMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = customer.OrganisationId, UnitId = unit.Id, Segment = Script, Measure = "market-share",
                PeriodStart = new DateOnly(2031, 1, 1), PeriodEnd = new DateOnly(2031, 3, 31), Value = 61.5, ImportedAt = now,
            });
            db.CustomerMeasures.Add(new CustomerMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = customer.OrganisationId, CustomerId = customer.Id, Measure = "sales",
                PeriodStart = new DateOnly(2031, 1, 1), PeriodEnd = new DateOnly(2031, 3, 31), Value = 1250, ImportedAt = now,
            });
            await db.SaveChangesAsync();
        }
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        analyst.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var list = await analyst.GetHtmlAsync($"/customers/measures?unit={unit.Code}");
        Assert.Contains("id=\"customer-import-form\"", list, StringComparison.Ordinal);
        Assert.Contains("id=\"group-import-form\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/customers/{customer.Id}\">{customer.Code}</a>", list, StringComparison.Ordinal);
        Assert.Contains("<td>market-share</td><td>2031-01-01</td><td>2031-03-31</td><td class=\"num\">61.5</td>", list, StringComparison.Ordinal);
        // Stored XSS: the segment is shown encoded, never raw.
        Assert.Contains(EncodedScript, list, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, list, StringComparison.Ordinal);

        // The customer page shows the figures with the link to the list filtered by the customer.
        var details = await analyst.GetHtmlAsync($"/customers/{customer.Id}");
        Assert.Contains("id=\"business-figures\"", details, StringComparison.Ordinal);
        Assert.Contains($"href=\"/customers/measures?customer={customer.Code}\"", details, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Sales</th>", details, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">1,250</td>", details, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, details, StringComparison.Ordinal);

        var settings = await analyst.GetHtmlAsync("/customers/value/settings");
        Assert.Contains("id=\"save-policy\"", settings, StringComparison.Ordinal);
        Assert.Contains("id=\"preview\"", settings, StringComparison.Ordinal);
        Assert.Contains("href=\"/customers/measures\"", await analyst.GetHtmlAsync("/customers/value"), StringComparison.Ordinal);

        // A viewer reads but gets no forms and cannot post them.
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        var seen = await viewer.GetHtmlAsync($"/customers/measures?unit={unit.Code}");
        Assert.DoesNotContain("id=\"customer-import-form\"", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"delete-", seen, StringComparison.Ordinal);
        Assert.Contains(EncodedScript, seen, StringComparison.Ordinal);
        var readOnly = await viewer.GetHtmlAsync("/customers/value/settings");
        Assert.Contains("id=\"read-only\"", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save-policy\"", readOnly, StringComparison.Ordinal);
        var token = await viewer.GetTokenAsync("/customers/value/settings");
        using (var save = await viewer.PostFormAsync("/customers/value/settings?handler=Save", ("Basis", "Revenue"), ("__RequestVerificationToken", token)))
        {
            Denied(save);
        }
        using (var compute = await viewer.PostFormAsync("/customers/value/settings?handler=Compute", ("__RequestVerificationToken", token)))
        {
            Denied(compute);
        }
        var gid = await GroupIdAsync(app, unit.Id);
        using (var delete = await viewer.PostFormAsync($"/customers/measures?handler=Delete&id={gid}", ("__RequestVerificationToken", token)))
        {
            Denied(delete);
        }
        Assert.NotNull(await GroupIdAsync(app, unit.Id));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_ThroughTheForm_DryRunReportsBadRows_CommitWritesTheGoodRows_DeleteRemovesAGroupMeasure(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Figures");
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        analyst.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await analyst.GetTokenAsync("/customers/measures");
        // Line 3 names no customer, line 4 has a comma as decimal separator (docs/indirect-measures.md reason codes).
        var file = "customer,measure,periodStart,periodEnd,value\n"
            + $"{customer.Code},sales,2032-01-01,2032-03-31,1000\n"
            + "NOBODY,sales,2032-01-01,2032-03-31,5\n"
            + $"{customer.Code},profit,2032-01-01,2032-03-31,\"12,5\"\n";
        var report = await (await UploadAsync(analyst, token, "customer", "figures.csv", file)).Content.ReadAsStringAsync();
        Assert.Contains("<tr><td class=\"num\">3</td><td>customer</td><td>NOBODY</td><td>No customer with this code in your units.</td></tr>", report, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">4</td><td>value</td>", report, StringComparison.Ordinal);
        Assert.Contains("id=\"commit\" disabled", report, StringComparison.Ordinal);
        Assert.Contains("id=\"commit-good\"", report, StringComparison.Ordinal);
        Assert.Equal(0, await CustomerFiguresAsync(app, customer.Id));

        // The commit without "good rows only" writes nothing; with it, the one good row.
        using (var refused = await analyst.PostFormAsync("/customers/measures?handler=Import", ("Kind", "customer"), ("FileName", "figures.csv"),
            ("FileContent", Hidden(report, "FileContent")), ("__RequestVerificationToken", token)))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }
        Assert.Equal(0, await CustomerFiguresAsync(app, customer.Id));
        using (var good = await analyst.PostFormAsync("/customers/measures?handler=Import", ("Kind", "customer"), ("FileName", "figures.csv"),
            ("FileContent", Hidden(report, "FileContent")), ("GoodOnly", "true"), ("__RequestVerificationToken", token)))
        {
            Assert.Contains("Imported: 1 new, 0 updated, 0 unchanged.", await good.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(1, await CustomerFiguresAsync(app, customer.Id));

        // A clean group file: checked, then committed.
        var groups = $"unit,segment,measure,periodStart,periodEnd,value\n{unit.Code},,market-share,2032-01-01,2032-03-31,40.5\n{unit.Code},key-account,returning-customers,2032-01-01,2032-03-31,12\n";
        var clean = await (await UploadAsync(analyst, token, "group", "groups.csv", groups)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"import-clean\"", clean, StringComparison.Ordinal);
        using (var committed = await analyst.PostFormAsync("/customers/measures?handler=Import", ("Kind", "group"), ("FileName", "groups.csv"),
            ("FileContent", Hidden(clean, "FileContent")), ("__RequestVerificationToken", token)))
        {
            Assert.Contains("Imported: 2 new, 0 updated, 0 unchanged.", await committed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var list = await analyst.GetHtmlAsync($"/customers/measures?unit={unit.Code}&measure=market-share");
        Assert.Contains("<td class=\"num\">40.5</td>", list, StringComparison.Ordinal);
        var id = await GroupIdAsync(app, unit.Id, "market-share");
        using (var deleted = await analyst.PostFormAsync($"/customers/measures?handler=Delete&id={id}", ("__RequestVerificationToken", token)))
        {
            Assert.Contains("id=\"deleted\"", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null(await GroupIdAsync(app, unit.Id, "market-share"));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var subject = id!.Value.ToString("D");
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "group-measure.delete" && a.Subject == subject));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Settings_SavesThePolicy_RefusesAStaleVersion_PreviewShowsTheSummary(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var page = await admin.GetHtmlAsync("/customers/value/settings");
        var token = await admin.GetTokenAsync("/customers/value/settings");
        var version = Hidden(page, "Version");
        (string, string)[] Form(string v, string basis, string discount) =>
        [
            ("Version", v), ("Basis", basis), ("WindowMonths", "6"), ("DiscountRate", discount), ("HorizonWindows", "2"), ("RetentionRate", "0.5"),
            ("StandardValue", "Minimum"), ("TierName[0]", "Top"), ("TierShare[0]", "20"), ("TierName[1]", "Rest"), ("TierShare[1]", "80"),
            ("TierName[2]", ""), ("TierShare[2]", ""), ("__RequestVerificationToken", token),
        ];

        // A bad field is named and nothing is saved.
        var bad = await (await admin.PostFormAsync("/customers/value/settings?handler=Save", Form(version, "PresentValue", "1.5"))).Content.ReadAsStringAsync();
        Assert.Contains("The discount rate is a number from 0 to 1.", bad, StringComparison.Ordinal);
        Assert.Null(await PolicyAsync(app));

        var saved = await (await admin.PostFormAsync("/customers/value/settings?handler=Save", Form(version, "PresentValue", "0.25"))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"saved\"", saved, StringComparison.Ordinal);
        var policy = await PolicyAsync(app);
        Assert.NotNull(policy);
        Assert.Equal(CustomerValueBasis.PresentValue, policy.Basis);
        Assert.Equal((6, 0.25, 2, 0.5, "Minimum"), (policy.WindowMonths, policy.DiscountRate, policy.HorizonWindows, policy.RetentionRate ?? -1, policy.StandardValue));
        Assert.Equal([new PyramidTierSetting("Top", 0.2), new PyramidTierSetting("Rest", 0.8)], policy.Tiers);
        Assert.Equal(policy.Version.ToString("D"), Hidden(saved, "Version"));

        // The old version is stale: refused with a message, nothing changed.
        var stale = await (await admin.PostFormAsync("/customers/value/settings?handler=Save", Form(version, "Revenue", "0.25"))).Content.ReadAsStringAsync();
        Assert.Contains("Someone changed the settings since you opened them; nothing was saved.", stale, StringComparison.Ordinal);
        var after = await PolicyAsync(app);
        Assert.Equal((CustomerValueBasis.PresentValue, policy.Version), (after!.Basis, after.Version));

        // Preview runs the dry run: the summary, nothing committed.
        var preview = await (await admin.PostFormAsync("/customers/value/settings?handler=Preview", ("AsOf", "2032-03-31"), ("__RequestVerificationToken", token))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"valuation\"", preview, StringComparison.Ordinal);
        Assert.Contains("Preview (nothing saved)", preview, StringComparison.Ordinal);
        Assert.Null((await PolicyAsync(app))!.ComputedAt);
    }

    /// <summary>A refused page post: the cookie scheme sends the browser to /denied (the API would answer 403).</summary>
    private static void Denied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", Forms.PathOf(response.Headers.Location), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string token, string kind, string fileName, string text)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(kind), "Kind");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "Upload", fileName);
        return await client.PostAsync(new Uri("/customers/measures?handler=Check", UriKind.Relative), form);
    }

    private static string Hidden(string html, string name)
    {
        var start = html.IndexOf($"name=\"{name}\" value=\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no hidden field {name}");
        start += $"name=\"{name}\" value=\"".Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    private static async Task<int> CustomerFiguresAsync(ManyiWebFactory app, Guid customerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.CustomerMeasures.CountAsync(m => m.CustomerId == customerId);
    }

    private static async Task<Guid?> GroupIdAsync(ManyiWebFactory app, Guid unitId, string measure = "market-share")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.GroupMeasures.Where(m => m.UnitId == unitId && m.Measure == measure).Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
    }

    private static async Task<CustomerValuePolicy?> PolicyAsync(ManyiWebFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.CustomerValuePolicies.AsNoTracking().FirstOrDefaultAsync();
    }
}
