using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Reports.ReportWorkbooks;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>The reports API: the summary report's per-customer %, dimensions and KPIs against hand computations, unit
/// comparison suppression, unit scope (IDOR), formula guard in xlsx/csv, validation naming the field, export policy.</summary>
[Collection(ReportsGroup.Name)]
public class ReportsApiTests(ReportsFixture fixture)
{
    private const double Tolerance = 1e-9;

    /// <summary>CSAT + two rated attributes bound to indicators i1, i2 + a suggestion text question.</summary>
    private static QuestionnaireDefinition SupplierQuestionnaire() => new()
    {
        Title = new("供应商满意度", "Supplier satisfaction"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question { Code = "satisfaction", Type = QuestionType.Csat, Required = true, Text = new("总体满意", "Overall") },
                    new Question { Code = "q1", Type = QuestionType.Scale, Indicator = "i1", Text = new("交付", "Delivery") },
                    new Question { Code = "q2", Type = QuestionType.Scale, Indicator = "i2", Text = new("质量", "Quality") },
                    new Question { Code = "suggest", Type = QuestionType.Text, Text = new("建议", "Suggestions") },
                ],
            },
        ],
    };

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task SummaryReport_PerCustomerPercentDimensionsAndKpis_MatchHandComputation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(SupplierQuestionnaire(), minimumN: 3);
        var a = await AddCustomerAsync(app, home.Id, "=HYPERLINK(\"http://x\")");
        var b = await AddCustomerAsync(app, home.Id, "Beta 公司");
        await app.AddResponsesAsync(wave,
        [
            new(Cells(("satisfaction", 4), ("q1", 4), ("q2", 5), ("suggest", "=cmd|' /C calc'!A0")), home.Id, a.Id),
            new(Cells(("satisfaction", 3), ("q1", 2), ("q2", 3)), home.Id, a.Id),
            new(Cells(("satisfaction", 5), ("q1", 5), ("q2", 1), ("suggest", "包装再加强")), home.Id, b.Id),
            new(Cells(("satisfaction", 3), ("q1", 3), ("q2", 3)), home.Id),
            new(Cells(("satisfaction", 4), ("q1", 4), ("q2", 4)), home.Id),
            new(Cells(("satisfaction", 2), ("q1", 1), ("q2", 2)), home.Id),
        ]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var admin = await app.CreateClientAsAsync(Roles.Administrator);
        var csv = "customer,measure,periodStart,periodEnd,value\n"
            + $"{a.Code},on-time-delivery,{Day(today.AddDays(-60))},{Day(today.AddDays(-5))},90\n"
            + $"{a.Code},on-time-delivery,{Day(today.AddDays(-4))},{Day(today.AddDays(30))},97.5\n"
            + $"{a.Code},ppm,{Day(today.AddDays(-4))},{Day(today.AddDays(30))},120\n";
        using (var import = await admin.PostAsync(new Uri("/api/v1/customer-measures/import?mode=commit", UriKind.Relative), Csv(csv)))
        {
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }
        var rootCause = await AddCaseAsync(app, home.Id, a.Id, "包装破损", "更换包装供应商");
        var (actionNumber, owner) = await AddCheckedActionAsync(app, home.Id, wave.Id);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var response = await analyst.GetAsync(new Uri($"/api/v1/reports/summary?waveId={wave.Id}&lang=en", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        var customers = Table(report, "customers");
        // Customer A: q1 = 4, 2 → mean 3 → 100·(3−1)/4 = 50; q2 = 5, 3 → mean 4 → 75; A's % = (50 + 75)/2 = 62.5.
        // Customer B: q1 = 5 → 100; q2 = 1 → 0; B's % = 50.
        var byCode = customers.ToDictionary(r => r[0].GetString()!, StringComparer.Ordinal);
        Assert.Equal(2, byCode.Count);
        Assert.Equal(62.5, byCode[a.Code][4].GetDouble(), Tolerance);
        Assert.Equal(2, byCode[a.Code][3].GetInt64());
        Assert.Equal(50, byCode[b.Code][4].GetDouble(), Tolerance);
        // Dimensions over all six responses: i1 = q1 (4,2,5,3,4,1: mean 19/6) → 100·(19/6 − 1)/4; i2 = q2 (5,3,1,3,4,2: mean 3) → 50.
        var dimensions = Table(report, "dimensions").ToDictionary(r => r[1].GetString()!, StringComparer.Ordinal);
        var i1 = 100 * (19.0 / 6 - 1) / 4;
        Assert.Equal(i1, dimensions["i1"][4].GetDouble(), Tolerance);
        Assert.Equal(50, dimensions["i2"][4].GetDouble(), Tolerance);
        Assert.Equal((i1 + 50) / 2, Table(report, "overall")[0][1].GetDouble(), Tolerance);
        // KPIs: the latest period overlapping the wave's period (97.5, not 90); PPM 120; B has none (no row).
        var kpis = Table(report, "kpis");
        var kpi = Assert.Single(kpis);
        Assert.Equal(a.Code, kpi[0].GetString());
        Assert.Equal(97.5, kpi[2].GetDouble(), Tolerance);
        Assert.Equal(120, kpi[4].GetDouble(), Tolerance);
        // Suggestions and corrective actions.
        Assert.Contains(Table(report, "suggestions"), r => r[3].GetString() == "包装再加强");
        var action = Assert.Single(Table(report, "actions"));
        Assert.Equal("更换包装供应商", action[7].GetString());
        Assert.Equal(rootCause, action[6].GetString());
        // The improvement action taken on this wave (its before wave), with its stored effect check in one cell.
        var improvement = Assert.Single(Table(report, "improvement"));
        Assert.Equal(actionNumber, improvement[0].GetString());
        Assert.Equal(owner, improvement[3].GetString());
        Assert.Equal("Checked", improvement[5].GetString());
        Assert.Equal("overall 71.2 → 75.8 (p = 0.012, significant); index 60.0 → 61.5", improvement[7].GetString());

        // Formula guard: the customer name and the comment that look like formulas are defused in the workbook and the CSV.
        using var xlsxResponse = await analyst.GetAsync(new Uri($"/api/v1/reports/summary?waveId={wave.Id}&format=xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        var xlsx = await xlsxResponse.Content.ReadAsByteArrayAsync();
        var names = Sheet(xlsx, "customers").Select(r => r[1] as string).ToList();
        Assert.Contains("'=HYPERLINK(\"http://x\")", names);
        Assert.DoesNotContain(Sheet(xlsx, "suggestions").SelectMany(r => r), c => c is string s && s.StartsWith('='));
        using var csvResponse = await analyst.GetAsync(new Uri($"/api/v1/reports/summary?waveId={wave.Id}&format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        var csvBytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], csvBytes[..3]);
        var csvText = Encoding.UTF8.GetString(csvBytes);
        Assert.Contains("'=HYPERLINK", csvText, StringComparison.Ordinal);
        Assert.Contains("'=cmd", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=", csvText.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(",=", csvText, StringComparison.Ordinal);

        // The download is audited.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "reports.export" && e.Subject == "wave:" + wave.Id.ToString("D", CultureInfo.InvariantCulture)));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitComparison_SuppressesUnitsBelowMinimumN_AndUnitManagersSeeOnlyTheirUnits(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var unitA = await app.AddUnitAsync(home.Id);
        var unitB = await app.AddUnitAsync(home.Id);
        var wave = await app.AddWaveAsync(SupplierQuestionnaire(), minimumN: 3);
        // A: 4 responses, q1 = 5, 4, 4, 3 → mean 4; CSAT top-2 of 1–5 (4 or 5): 3 of 4 → 75 %. B: 2 responses → suppressed.
        await app.AddResponsesAsync(wave,
        [
            new(Cells(("satisfaction", 5), ("q1", 5), ("q2", 4)), unitA),
            new(Cells(("satisfaction", 4), ("q1", 4), ("q2", 4)), unitA),
            new(Cells(("satisfaction", 4), ("q1", 4), ("q2", 3)), unitA),
            new(Cells(("satisfaction", 2), ("q1", 3), ("q2", 2)), unitA),
            new(Cells(("satisfaction", 1), ("q1", 1), ("q2", 1), ("suggest", "<script>alert('b')</script>")), unitB),
            new(Cells(("satisfaction", 1), ("q1", 2), ("q2", 1)), unitB),
        ]);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var response = await analyst.GetAsync(new Uri($"/api/v1/reports/units/{wave.Id}?unitId={home.Id}&lang=en", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Table(await response.JsonAsync(), "units");
        Assert.Equal(2, rows.Count);
        var a = rows.Single(r => r[2].GetInt64() == 4);
        Assert.Equal(75, a[4].GetDouble(), Tolerance);
        Assert.Equal(4, a[6].GetDouble(), Tolerance);
        var b = rows.Single(r => r[2].GetInt64() == 2);
        Assert.True(b.Skip(3).Take(b.Count - 4).All(c => c.ValueKind == JsonValueKind.Null), "a unit below the minimum n shows no figures");
        Assert.StartsWith("Suppressed", b[^1].GetString(), StringComparison.Ordinal);

        // The manager of B: the unit comparison holds only B; the wave report counts only B's responses; A is 404.
        using var managerOfB = await app.CreateClientAsAsync(Roles.UnitManager, unitB);
        using var own = await managerOfB.GetAsync(new Uri($"/api/v1/reports/units/{wave.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownRows = Table(await own.JsonAsync(), "units");
        Assert.Equal(2, Assert.Single(ownRows)[2].GetInt64());
        using var waveReport = await managerOfB.GetAsync(new Uri($"/api/v1/reports/wave/{wave.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, waveReport.StatusCode);
        var json = await waveReport.JsonAsync();
        Assert.Equal(2, json.GetProperty("traces")[0].GetProperty("responses").GetInt64());
        using var other = await managerOfB.GetAsync(new Uri($"/api/v1/reports/units/{wave.Id}?unitId={unitA}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var waveOfA = await app.AddWaveAsync(SupplierQuestionnaire(), waveUnitId: unitA, minimumN: 3);
        using var foreign = await managerOfB.GetAsync(new Uri($"/api/v1/reports/wave/{waveOfA.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var unknown = await analyst.GetAsync(new Uri($"/api/v1/reports/wave/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Stored XSS: the verbatim is encoded on the printable page.
        using var page = await analyst.GetAsync(new Uri($"/reports/wave/{wave.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert('b')</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;b&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task BadQuery_IsAValidationProblemNamingTheField_AndFilesNeedExportData(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(SupplierQuestionnaire(), minimumN: 3);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        foreach (var (query, field) in new[]
        {
            ($"/api/v1/reports/wave/{wave.Id}?format=pdf", "format"),
            ($"/api/v1/reports/wave/{wave.Id}?unitId=1%27%20OR%201=1--", "unitId"),
            ($"/api/v1/reports/wave/{wave.Id}?from=2026-13-01", "from"),
            ("/api/v1/reports/summary", "from"),
            ("/api/v1/reports/summary?waveId=abc", "waveId"),
            ("/api/v1/reports/summary?from=2026-03-01&to=2026-01-01", "to"),
        })
        {
            using var response = await analyst.GetAsync(new Uri(query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.ErrorFieldsAsync());
        }
        // A segment is data, never SQL: a quote in it is just a segment nobody is in.
        using (var injected = await analyst.GetAsync(new Uri($"/api/v1/reports/wave/{wave.Id}?segment=x%27%20OR%20%271%27=%271", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
            Assert.Equal(0, (await injected.JsonAsync()).GetProperty("traces")[0].GetProperty("responses").GetInt64());
        }
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using (var json = await viewer.GetAsync(new Uri($"/api/v1/reports/wave/{wave.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        }
        using (var file = await viewer.GetAsync(new Uri($"/api/v1/reports/wave/{wave.Id}?format=xlsx", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        }
        // A period summary with no waves in it is an empty report, not an error.
        using var period = await analyst.GetAsync(new Uri("/api/v1/reports/summary?from=1990-01-01&to=1990-03-31", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, period.StatusCode);
    }

    internal static List<List<JsonElement>> Table(JsonElement report, string key) =>
        [.. report.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("tables").EnumerateArray())
            .Single(t => t.GetProperty("key").GetString() == key).GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList())];

    internal static ByteArrayContent Csv(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static async Task<Customer> AddCustomerAsync(ManyiWebFactory app, Guid unitId, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Code = "K-" + Guid.NewGuid().ToString("N")[..10], Name = name,
            Segment = "key-account", CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer;
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task SummaryPage_OfAPeriodWithTwoWaves_HasOneTraceFooterPerWave_WithDistinctIds(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        foreach (var satisfaction in new[] { 4, 2 })
        {
            var wave = await app.AddWaveAsync(SupplierQuestionnaire(), minimumN: 1);
            await app.AddResponsesAsync(wave, [new(Cells(("satisfaction", satisfaction), ("q1", 3), ("q2", 4)), home.Id)]);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var page = await analyst.GetAsync(new Uri($"/reports/summary?from={Day(today.AddDays(-1))}&to={Day(today.AddDays(1))}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        // At least the two waves above (other tests of the shared app may add more to the period): a footer each, and no id twice.
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\sid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("trace", ids);
        Assert.Contains("trace-2", ids);
        Assert.Contains("trace-2-wave", ids);
        Assert.Empty(ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    /// <summary>A checked improvement action of the unit whose before wave is <paramref name="waveId"/>; returns its number and its owner's name.</summary>
    private static async Task<(string Number, string Owner)> AddCheckedActionAsync(ManyiWebFactory app, Guid unitId, Guid waveId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var owner = await db.Users.Where(u => u.OrganisationId == organisationId).OrderBy(u => u.UserName).Select(u => new { u.Id, u.DisplayName }).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var number = "IA-T-" + Guid.NewGuid().ToString("N")[..8];
        db.ImprovementActions.Add(new ImprovementAction
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, UnitId = unitId, Number = number, Title = "更换包装供应商", OwnerId = owner.Id,
            Deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10), Status = ActionStatus.Checked, Source = ActionSource.Manual, BaselineWaveId = waveId,
            Effect = new ActionEffect(waveId, Guid.NewGuid(), now, 0.05,
            [
                new EffectItem("overall", "overall", 71.2, 75.8, 380, 395, 4.6, "WelchT", 0.012, true),
                new EffectItem("index", "index", 60, 61.5, 380, 395, 1.5, null, null, null),
            ]),
            CreatedById = owner.Id, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        });
        await db.SaveChangesAsync();
        return (number, owner.DisplayName);
    }

    /// <summary>A resolved complaint of the customer received today with a root cause; returns the root cause's English name.</summary>
    private static async Task<string> AddCaseAsync(ManyiWebFactory app, Guid unitId, Guid customerId, string subject, string resolution)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisationId = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var cause = new RootCause { Id = Guid.NewGuid(), OrganisationId = organisationId, Code = "rc-" + Guid.NewGuid().ToString("N")[..8], NameZh = "包装", NameEn = "Packaging " + Guid.NewGuid().ToString("N")[..4] };
        db.RootCauses.Add(cause);
        db.Cases.Add(new Case
        {
            Id = Guid.NewGuid(), OrganisationId = organisationId, Number = "T-" + Guid.NewGuid().ToString("N")[..8], Kind = CaseKind.Complaint, Channel = "phone",
            Status = CaseStatus.Resolved, CustomerId = customerId, UnitId = unitId, Subject = subject, ReceivedAt = now.AddHours(-2), ClockStartedAt = now.AddHours(-2),
            ResolvedAt = now.AddHours(-1), Resolution = resolution, RootCauseId = cause.Id, CreatedAt = now.AddHours(-2), UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return cause.NameEn;
    }
}
