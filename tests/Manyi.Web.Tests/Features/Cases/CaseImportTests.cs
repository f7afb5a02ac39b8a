using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>POST /api/v1/cases/import: dry run, refused commit, accepted good rows, re-import, multipart upload.</summary>
[Collection(CasesApiGroup.Name)]
public sealed class CaseImportTests(CasesApiFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Import_NamesEveryBadCell_StoresOnlyWhenAccepted_AndNothingNewTheSecondTime(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (handler, handlerId, _) = await UserAsync(app, Roles.CaseHandler);
        var unit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var category = await CategoryAsync(app);
        var csv = string.Join('\n',
            "externalKey,kind,channel,priority,category,customer,unit,subject,description,receivedAt,status",
            $"ext-{unit.Code},complaint,phone,high,{category.Code},{customer.Code},,停电,\"三天停电两次, 影响生产\",2026-03-02T09:00:00+08:00,",
            $",enquiry,counter,,,,{unit.Code},电费咨询,,2026-03-03,new",
            ",alert,fax,asap,nocat,nocust,,,,tomorrow,closed",
            $",complaint,web,,,,NOPE-{unit.Code},标题,,2099-01-01T00:00:00Z,") + "\n";
        async Task<HttpResponseMessage> Post(string query)
        {
            using var content = new StringContent(csv, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return await handler.PostAsync(Url("/api/v1/cases/import" + query), content);
        }
        Task<int> Stored() => DbAsync(app, db => db.Cases.CountAsync(c => c.UnitId == unit.Id));

        // Dry run (the default): every bad cell by line, column, value and reason code; nothing stored.
        var dry = await Post("");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = (await dry.Content.ReadFromJsonAsync<CaseImportReport>(Json))!;
        Assert.Equal((false, 4, 2, 0, 2), (report.Committed, report.Rows, report.Created, report.Existing, report.Bad));
        Assert.Equal(
        [
            (4, "kind", "alert", CaseImportIssues.UnknownKind),
            (4, "channel", "fax", CaseImportIssues.UnknownChannel),
            (4, "priority", "asap", CaseImportIssues.UnknownPriority),
            (4, "category", "nocat", CaseImportIssues.UnknownCategory),
            (4, "customer", "nocust", CaseImportIssues.UnknownCustomer),
            (4, "subject", "", CaseImportIssues.Required),
            (4, "receivedAt", "tomorrow", CaseImportIssues.BadDate),
            (4, "status", "closed", CaseImportIssues.NotNew),
            (5, "unit", $"NOPE-{unit.Code}", CaseImportIssues.UnknownUnit),
            (5, "receivedAt", "2099-01-01T00:00:00Z", CaseImportIssues.FutureDate),
        ], report.Issues.Select(i => (i.Line, i.Column, i.Value ?? "", i.ReasonCode)));
        Assert.Equal(0, await Stored());

        // A commit of a file with bad rows is refused unless the good rows are accepted; nothing is stored.
        var refused = await Post("?mode=commit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, await Stored());

        var committed = await Post("?commit=true&acceptGoodRows=true");
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal((true, 2, 0, 2), Counts((await committed.Content.ReadFromJsonAsync<CaseImportReport>(Json))!));
        var cases = await DbAsync(app, db => db.Cases.AsNoTracking().Where(c => c.UnitId == unit.Id).OrderBy(c => c.ReceivedAt).ToListAsync());
        Assert.Equal(2, cases.Count);
        Assert.Equal((CaseKind.Complaint, "phone", CasePriority.High, category.Id, customer.Id, $"ext-{unit.Code}"),
            (cases[0].Kind, cases[0].Channel, cases[0].Priority, cases[0].CategoryId!.Value, cases[0].CustomerId!.Value, cases[0].ExternalKey));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, Beijing), cases[0].ReceivedAt);
        Assert.Equal("三天停电两次, 影响生产", cases[0].Description);
        Assert.Equal((CaseKind.Enquiry, "counter", CaseStatus.New, handlerId), (cases[1].Kind, cases[1].Channel, cases[1].Status, cases[1].OwnerId!.Value));
        Assert.StartsWith("import:", cases[1].ExternalKey, StringComparison.Ordinal);
        Assert.Equal(2, await DbAsync(app, db => db.CaseEvents.CountAsync(e => e.Kind == CaseEventKind.Created && (e.CaseId == cases[0].Id || e.CaseId == cases[1].Id))));

        // The same file again stores nothing new: both good rows are recognised (external key, or the row's content).
        var again = await Post("?mode=commit&acceptGoodRows=true");
        Assert.Equal((true, 0, 2, 2), Counts((await again.Content.ReadFromJsonAsync<CaseImportReport>(Json))!));
        Assert.Equal(2, await Stored());

        // As a multipart upload (field "file") the same.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "cases.csv");
        var multipart = await handler.PostAsync(Url("/api/v1/cases/import?mode=commit&acceptGoodRows=true"), form);
        Assert.Equal(HttpStatusCode.OK, multipart.StatusCode);
        Assert.Equal((true, 0, 2, 2), Counts((await multipart.Content.ReadFromJsonAsync<CaseImportReport>(Json))!));
        Assert.Equal(2, await Stored());

        // Bad options and a bad header are named.
        Assert.Equal(["acceptGoodRows", "commit"], await ErrorsAsync(await Post("?commit=yes&acceptGoodRows=maybe")));
        using var badHeader = new StringContent("customer,channel,colour\nX,phone,red\n", Encoding.UTF8);
        badHeader.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(["file"], await ErrorsAsync(await handler.PostAsync(Url("/api/v1/cases/import"), badHeader)));
    }

    private static (bool, int, int, int) Counts(CaseImportReport r) => (r.Committed, r.Created, r.Existing, r.Bad);
}
