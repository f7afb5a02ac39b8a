using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Manyi.Web.Tests.Features.Customers.CustomersFixture;

namespace Manyi.Web.Tests.Features.Customers;

[Collection(CustomersGroup.Name)]
public class CustomerImportTests(CustomersFixture fixture)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DryRunThenCommit_OneBadRow_ReportedNothingWrittenUntilFixed(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var p = Code("I")[..10];
        string File(string email2) =>
            "\uFEFFcode,name,type,segment,tier,unit,owner,email,phone,value,attr:meter\r\n"
            + $"{p}-1,王五,person,residential,gold,{unit.Code},admin,w@example.com,,100.5,M-1\r\n"
            + $"{p}-2,Li Company,company,commercial,,{unit.Code},,{email2},,20,\r\n"
            + $"{p}-3,Zhao,,residential,,{unit.Code},,,,,M-3\r\n";
        int Stored() => DbAsync(app, db => db.Customers.CountAsync(c => c.Code.StartsWith(p))).GetAwaiter().GetResult();

        var dry = await PostAsync(client, "dry-run", File("not-an-email"), "text/csv");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await JsonAsync(dry);
        // 3 rows: rows 1 and 3 are new, row 2 (file line 3, the header is line 1) has a bad e-mail.
        AssertCounts(report, committed: false, rows: 3, @new: 2, updated: 0, unchanged: 0, bad: 1);
        var issue = Assert.Single(report.GetProperty("issues").EnumerateArray());
        Assert.Equal(3, issue.GetProperty("line").GetInt32());
        Assert.Equal("email", issue.GetProperty("column").GetString());
        Assert.Equal("not-an-email", issue.GetProperty("value").GetString());
        Assert.Contains("e-mail", issue.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Stored());

        // Commit of an unclean file without accepting the good rows: refused, still nothing written.
        var refused = await PostAsync(client, "commit", File("not-an-email"), "text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.False((await JsonAsync(refused)).GetProperty("committed").GetBoolean());
        Assert.Equal(0, Stored());

        var committed = await PostAsync(client, "commit", File("li@example.com"), "text/csv");
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        AssertCounts(await JsonAsync(committed), committed: true, rows: 3, @new: 3, updated: 0, unchanged: 0, bad: 0);
        var stored = await DbAsync(app, db => db.Customers.AsNoTracking().Where(c => c.Code.StartsWith(p)).OrderBy(c => c.Code).ToListAsync());
        Assert.Equal(["王五", "Li Company", "Zhao"], stored.Select(c => c.Name));
        Assert.Equal(100.5m, stored[0].Value);
        Assert.Equal("M-1", stored[0].Attributes["meter"]);
        Assert.Empty(stored[1].Attributes);
        Assert.Equal(Manyi.Core.Customers.CustomerType.Company, stored[1].Type);
        Assert.NotNull(stored[0].OwnerId);
        Assert.All(stored, c => Assert.Equal(unit.Id, c.UnitId));
        var audit = await DbAsync(app, db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "customers.import").OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal("format=csv rows=3 new=3 updated=0 unchanged=0 bad=0 acceptGoodRows=false", audit.Details);

        // The same codes again with one value changed: an upsert (1 updated, 2 unchanged, nothing new).
        var again = await PostAsync(client, "commit", File("li@example.com").Replace(",100.5,", ",101,", StringComparison.Ordinal), "text/csv");
        AssertCounts(await JsonAsync(again), committed: true, rows: 3, @new: 0, updated: 1, unchanged: 2, bad: 0);
        Assert.Equal(101m, (await DbAsync(app, db => db.Customers.AsNoTracking().SingleAsync(c => c.Code == p + "-1"))).Value);
        Assert.Equal(3, Stored());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Commit_AcceptGoodRows_ImportsGoodRowsAndListsEveryBadCell(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Administrator);
        var p = Code("A")[..10];
        var file = "code,name,unit,value\n"
            + $"{p}-1,One,{unit.Code},1\n"
            + $"{p}-2,Two,NO-SUCH-UNIT,abc\n"   // line 3: two bad cells
            + "\n"                               // blank line: skipped, but it still counts as a line of the file
            + $"{p}-1,One again,{unit.Code},2\n" // line 5: the code is already on line 2
            + $"{p}-3,,{unit.Code},-5\n"         // line 6: no name, negative value
            + $"{p}-4,Four,{unit.Code},\n";

        var response = await PostAsync(client, "commit&acceptGoodRows=true", file, "text/csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        AssertCounts(report, committed: true, rows: 5, @new: 2, updated: 0, unchanged: 0, bad: 3);
        var issues = report.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "unit"), (3, "value"), (5, "code"), (6, "name"), (6, "value")], issues.Order());
        var stored = await DbAsync(app, db => db.Customers.AsNoTracking().Where(c => c.Code.StartsWith(p)).OrderBy(c => c.Code).Select(c => c.Code).ToListAsync());
        Assert.Equal([p + "-1", p + "-4"], stored);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_Xlsx_DryRunReportsRowThenCommitsGoodRows(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var p = Code("X")[..10];
        var sheet = new List<Dictionary<string, object?>>
        {
            new() { ["code"] = p + "-1", ["name"] = "Excel one", ["unit"] = unit.Code, ["value"] = 12.5, ["attr:区域"] = "北区" },
            new() { ["code"] = p + "-2", ["name"] = null, ["unit"] = unit.Code, ["value"] = 3.0, ["attr:区域"] = null },
        };
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheet, excelType: ExcelType.XLSX);
        var bytes = buffer.ToArray();

        var dry = await JsonAsync(await PostAsync(client, "dry-run", bytes, Xlsx));
        AssertCounts(dry, committed: false, rows: 2, @new: 1, updated: 0, unchanged: 0, bad: 1);
        var issue = Assert.Single(dry.GetProperty("issues").EnumerateArray());
        // Row 1 of the sheet is the header, so the second customer is row 3.
        Assert.Equal((3, "name"), (issue.GetProperty("line").GetInt32(), issue.GetProperty("column").GetString()));

        var commit = await PostAsync(client, "commit&acceptGoodRows=true", bytes, Xlsx);
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        var stored = await DbAsync(app, db => db.Customers.AsNoTracking().SingleAsync(c => c.Code.StartsWith(p)));
        Assert.Equal((12.5m, "北区"), (stored.Value, stored.Attributes["区域"]));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_UnitManager_RowsOutsideItsUnitsAreBad(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var branchA = await NewUnitAsync(app);
        var branchB = await NewUnitAsync(app);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, branchA.Id);
        var inB = Code("B");
        await CreateOkAsync(admin, new { code = inB, name = "Stays in B", unitId = branchB.Id });
        var mine = Code("M");
        var file = $"code,name,unit\n{mine},Mine,{branchA.Code}\n{Code("N")},Elsewhere,{branchB.Code}\n{inB},Taken over,{branchA.Code}\n";

        var report = await JsonAsync(await PostAsync(manager, "commit&acceptGoodRows=true", file, "text/csv"));
        AssertCounts(report, committed: true, rows: 3, @new: 1, updated: 0, unchanged: 0, bad: 2);
        var issues = report.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("column").GetString())).ToList();
        Assert.Equal([(3, "unit"), (4, "code")], issues.Order());
        var b = await DbAsync(app, db => db.Customers.AsNoTracking().SingleAsync(c => c.Code == inB));
        Assert.Equal(("Stays in B", branchB.Id), (b.Name, b.UnitId));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_OversizedOrMalformedUpload_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await NewUnitAsync(app);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var before = await DbAsync(app, db => db.Customers.CountAsync());
        var goodRow = $"{Code()},Fine,{unit.Code}\n";

        // 10 MB + 1 byte: refused from Content-Length, and from the body itself when no length is sent (chunked).
        var huge = Encoding.UTF8.GetBytes("code,name,unit\n" + goodRow + new string('x', 10 * 1024 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(client, "commit", huge, "text/csv")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(client, "commit", new UnknownLengthContent(huge, "text/csv"))).StatusCode);

        async Task FileProblem(string mode, byte[] body, string type, string expected)
        {
            var response = await PostAsync(client, mode, body, type);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await JsonAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString()!;
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
        await FileProblem("commit", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02], Xlsx, "not a readable Excel workbook");
        await FileProblem("commit", Encoding.UTF8.GetBytes("code,name,unit,colour\n" + goodRow), "text/csv", "unknown column 'colour'");
        await FileProblem("commit", Encoding.UTF8.GetBytes("code,name\n" + goodRow), "text/csv", "lacks the required column(s) unit");
        await FileProblem("commit", [.. Encoding.UTF8.GetBytes("code,name,unit\nC1,"), 0xFF, 0xFE, 0x41, (byte)',', (byte)'U', (byte)'\n'], "text/csv", "not valid UTF-8");
        await FileProblem("commit", Encoding.UTF8.GetBytes("code,name,unit\n" + string.Concat(Enumerable.Repeat("c,n,u\n", 100_001))), "text/csv", "at most 100000");
        await FileProblem("commit", [], "text/csv", "empty");

        var noType = await client.PostAsync(Url("/api/v1/customers/import?mode=commit"), new ByteArrayContent(Encoding.UTF8.GetBytes("code,name,unit\n" + goodRow)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noType.StatusCode);
        var badMode = await PostAsync(client, "delete-everything", Encoding.UTF8.GetBytes("code,name,unit\n" + goodRow), "text/csv");
        Assert.True((await JsonAsync(badMode)).GetProperty("errors").TryGetProperty("mode", out _));

        Assert.Equal(before, await DbAsync(app, db => db.Customers.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_Viewer_Forbidden(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(viewer, "dry-run", "code,name,unit\n", "text/csv")).StatusCode);
    }

    private static void AssertCounts(JsonElement report, bool committed, int rows, int @new, int updated, int unchanged, int bad) =>
        Assert.Equal(
            (committed, rows, @new, updated, unchanged, bad),
            (report.GetProperty("committed").GetBoolean(), report.GetProperty("rows").GetInt32(), report.GetProperty("new").GetInt32(),
                report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("bad").GetInt32()));

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string mode, string body, string contentType) =>
        PostAsync(client, mode, Encoding.UTF8.GetBytes(body), contentType);

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string mode, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return PostAsync(client, mode, content);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string mode, HttpContent content)
    {
        using (content)
        {
            return await client.PostAsync(Url($"/api/v1/customers/import?mode={mode}"), content);
        }
    }

    /// <summary>A body sent without Content-Length, so the server must count the bytes itself.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes, string contentType)
        {
            _bytes = bytes;
            Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
