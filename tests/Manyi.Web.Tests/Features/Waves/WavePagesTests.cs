using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Waves.WaveData;

namespace Manyi.Web.Tests.Features.Waves;

/// <summary>The wave and contact pages in Chinese, without JavaScript: plan calculator, create, points, poster, invite, record a contact.</summary>
[Collection(WavesGroup.Name)]
public sealed partial class WavePagesTests(WavesFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task WavePages_CalculateCreateAddPointAndInvite(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var questionnaire = await QuestionnaireAsync(app);
        var unit = await UnitAsync(app);
        for (var i = 0; i < 10; i++)
        {
            await CustomerAsync(app, unit, i < 6 ? "居民" : "企业");
        }
        (string, string)[] Fields(string token) =>
        [
            ("__RequestVerificationToken", token), ("Name", "页面批次"), ("QuestionnaireId", questionnaire.ToString()), ("UnitId", unit.Id.ToString()),
            ("OpensAt", "2026-01-01"), ("ClosesAt", "2099-01-01"), ("WithPlan", "true"), ("Confidence", "0.95"), ("Margin", "0.3"), ("Proportion", "0.5"),
            ("Allocation", "proportional"), ("ResponseRate", "1"), ("QuietPeriodDays", "90"), ("MaxReminders", "1"), ("MinimumN", "5"),
        ];
        // The calculator: N = 10 customers of the unit at ±30 % → 6 responses (hand-worked in SamplePlanTests), nothing saved.
        var token = await analyst.GetTokenAsync("/waves/new");
        var before = await DbAsync(app, db => db.Waves.CountAsync());
        var calculated = await analyst.PostFormAsync("/waves/new?handler=Plan", Fields(token));
        var html = await calculated.Content.ReadAsStringAsync();
        Assert.Contains("id=\"plan-n\">6<", html, StringComparison.Ordinal);
        Assert.Contains("居民", html, StringComparison.Ordinal);
        Assert.Equal(before, await DbAsync(app, db => db.Waves.CountAsync()));

        var created = await analyst.PostFormAsync("/waves/new", Fields(token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = Forms.PathOf(created.Headers.Location);
        Assert.Matches("^/waves/[0-9a-f-]{36}$", path);
        html = await analyst.GetHtmlAsync(path);
        Assert.Contains("页面批次", html, StringComparison.Ordinal);
        Assert.Contains("草稿", html, StringComparison.Ordinal);

        token = await analyst.GetTokenAsync(path);
        var point = await analyst.PostFormAsync(path + "?handler=Point", ("__RequestVerificationToken", token), ("Point.Kind", "qr"), ("Point.Name", "营业厅"), ("Point.Counter", "3号窗口"));
        Assert.Equal(HttpStatusCode.Redirect, point.StatusCode);
        html = await analyst.GetHtmlAsync(path);
        var url = UrlPattern().Match(html);
        Assert.True(url.Success, "the point's public URL is shown");
        Assert.Contains("/qr.svg", html, StringComparison.Ordinal);
        var pointId = await DbAsync(app, db => db.CollectionPoints.Where(p => p.Name == "营业厅" && p.Counter == "3号窗口").Select(p => p.Id).SingleAsync());
        var poster = await analyst.GetHtmlAsync($"{path}/poster/{pointId}");
        Assert.Contains("<svg", poster, StringComparison.Ordinal);
        Assert.Contains(url.Value, poster, StringComparison.Ordinal);

        var invited = await analyst.PostFormAsync(path + "?handler=Invite", ("__RequestVerificationToken", token), ("Channel", "link"));
        Assert.Contains("已邀请 10 位", await invited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ContactPage_RecordsAContact_AndNamesAnUnknownCustomer(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        var customer = await CustomerAsync(app, await UnitAsync(app));
        var token = await handler.GetTokenAsync("/contacts");
        var saved = await handler.PostFormAsync("/contacts", ("__RequestVerificationToken", token), ("Form.CustomerCode", customer.Code), ("Form.Channel", "counter"),
            ("Form.ReasonCode", "payment"), ("Form.Inbound", "true"), ("Form.Inbound", "false"), ("Form.Note", "柜台缴费"));
        Assert.Contains("接触已登记", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var contact = await DbAsync(app, db => db.Contacts.AsNoTracking().SingleAsync(c => c.CustomerId == customer.Id));
        Assert.Equal(("counter", "payment", true, "柜台缴费"), (contact.Channel, contact.ReasonCode, contact.Inbound, contact.Note));

        var unknown = await handler.PostFormAsync("/contacts", ("__RequestVerificationToken", token), ("Form.CustomerCode", "NOBODY"), ("Form.Channel", "phone"), ("Form.ReasonCode", "bill"));
        Assert.Contains("您的单位中没有此编号的客户", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_BothLanguagesHaveTheSameKeys_AndEveryKeyThePagesUseExists()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Manyi.sln")))
        {
            dir = dir.Parent;
        }
        var web = Path.Combine(dir!.FullName, "src", "Manyi.Web");
        HashSet<string> Keys(string file) => XDocument.Load(Path.Combine(web, "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var en = Keys("WavesResource.resx");
        var zh = Keys("WavesResource.zh-CN.resx");
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
        var used = new[] { "Waves", "Contacts" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(web, "Pages", folder)))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(zh));
    }

    [GeneratedRegex(@"[Ww]\[""([A-Z][A-Za-z]*\.[A-Za-z][A-Za-z-]*)""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"https://survey\.example\.cn/s/[A-Za-z0-9_-]{22}")]
    private static partial Regex UrlPattern();
}
