using System.Net;
using System.Text;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Pages;

public class ImportPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string token, string fileName, string text)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        form.Add(file, "Upload", fileName);
        return await client.PostAsync(new Uri("/customers/import", UriKind.Relative), form);
    }

    private static string Hidden(string html, string name)
    {
        var start = html.IndexOf($"name=\"{name}\" value=\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no hidden field {name}");
        start += $"name=\"{name}\" value=\"".Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_FileWithBadRow_ReportsItWritesNothingThenImportsTheFixedFile(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await client.GetTokenAsync("/customers/import");
        var a = PageData.NewCode("A");
        var b = PageData.NewCode("B");
        // Line 1 is the header; line 3 has the value "12,5x" that is no number (and "Robot" is no customer type). A custom
        // attribute is a column attr:NAME (docs/formats/customers.md).
        var bad = $"code,name,unit,type,value,attr:meter\n{a},Alpha,{unit.Code},Person,1200.50,M-1\n{b},Beta,{unit.Code},Robot,\"12,5x\",M-2\n";

        var dryRun = await UploadAsync(client, token, "customers.csv", bad);
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        var report = await dryRun.Content.ReadAsStringAsync();
        Assert.Contains("<tr><td class=\"num\">3</td><td>type</td><td>Robot</td><td>Type must be Person or Company.</td></tr>", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td class=\"num\">3</td><td>value</td><td>12,5x</td>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"num\">2</td>", report, StringComparison.Ordinal);
        Assert.Contains("id=\"import\" disabled", report, StringComparison.Ordinal);
        Assert.Empty(await app.CustomersOfUnitAsync(unit.Id));

        // Posting the import step for the bad file without "good rows only" still writes nothing.
        var refused = await client.PostFormAsync("/customers/import?handler=Import", ("FileName", "customers.csv"),
            ("FileContent", Hidden(report, "FileContent")), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Empty(await app.CustomersOfUnitAsync(unit.Id));

        var fixedFile = bad.Replace("Robot", "Company", StringComparison.Ordinal).Replace("\"12,5x\"", "12.5", StringComparison.Ordinal);
        var clean = await (await UploadAsync(client, token, "customers.csv", fixedFile)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"import-clean\"", clean, StringComparison.Ordinal);
        var imported = await client.PostFormAsync("/customers/import?handler=Import", ("FileName", "customers.csv"),
            ("FileContent", Hidden(clean, "FileContent")), ("__RequestVerificationToken", token));
        Assert.Contains("Imported: 2 new customers, 0 updated.", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var customers = await app.CustomersOfUnitAsync(unit.Id);
        Assert.Equal(2, customers.Count);
        var beta = customers.Single(c => c.Code == b);
        Assert.Equal(12.5m, beta.Value);
        Assert.Equal(Manyi.Core.Customers.CustomerType.Company, beta.Type);
        Assert.Equal("M-2", beta.Attributes["meter"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_GoodRowsOnly_ImportsThemAndSkipsTheBad(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var token = await client.GetTokenAsync("/customers/import");
        var good = PageData.NewCode("G");
        // Line 3 names a unit code that does not exist; line 4 repeats line 2's code.
        var text = $"code,name,unit\n{good},Good,{unit.Code}\nX-{good},Bad unit,NO-SUCH-UNIT\n{good},Again,{unit.Code}\n";
        var report = await (await UploadAsync(client, token, "mixed.csv", text)).Content.ReadAsStringAsync();
        Assert.Contains("<td class=\"num\">3</td><td>unit</td><td>NO-SUCH-UNIT</td>", report, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">4</td><td>code</td>", report, StringComparison.Ordinal);
        var imported = await client.PostFormAsync("/customers/import?handler=Import", ("FileName", "mixed.csv"),
            ("FileContent", Hidden(report, "FileContent")), ("GoodOnly", "true"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal("Good", Assert.Single(await app.CustomersOfUnitAsync(unit.Id)).Name);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_Chinese_ShowsTheUseCaseReasonsInChinese(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var token = await client.GetTokenAsync("/customers/import");
        var code = PageData.NewCode("Z");
        // Line 2: unknown unit code (unitNotAllowed); line 3: the same code again (codeRepeated) and a negative value (negative).
        var text = $"code,name,unit,value\n{code},甲,NO-SUCH-UNIT,1\n{code},乙,{unit.Code},-5\n";
        var report = await (await UploadAsync(client, token, "zh.csv", text)).Content.ReadAsStringAsync();
        // The texts of SharedResource.zh-CN.resx for Import.UnknownUnit, Import.DuplicateCode and Import.Negative.
        Assert.Contains("<td class=\"num\">2</td><td>unit</td><td>NO-SUCH-UNIT</td><td>您的单位中没有此编号。</td>", report, StringComparison.Ordinal);
        Assert.Contains("<td>code</td><td>" + code + "</td><td>此编号在文件前面的行中已出现。</td>", report, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">3</td><td>value</td><td>-5</td><td>数值不能小于 0。</td>", report, StringComparison.Ordinal);
        Assert.Empty(await app.CustomersOfUnitAsync(unit.Id));
    }
}
