using System.Net;
using System.Text;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Reports.ReportWorkbooks;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>
/// The project reports (product.md M8) through HTTP on both providers: every figure of the stage, internal and external reports
/// against the hand computations of <see cref="ProjectReportTestData"/>; the external report holds no internal field; 409 before
/// completion; unit scope 404; xlsx sheets and formula guard; audit; the pages encode free text.
/// </summary>
[Collection(ProjectReportsGroup.Name)]
public class ProjectReportsApiTests(ProjectReportsFixture fixture)
{
    private const double Tolerance = 1e-9;

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(U(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<JsonElement[]> Rows(JsonElement report, string table) =>
        [.. report.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("tables").EnumerateArray())
            .Single(t => t.GetProperty("key").GetString() == table).GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray())];

    private static List<string> Text(JsonElement report, string section) =>
        [.. report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == section).GetProperty("text").EnumerateArray().Select(t => t.GetString()!)];

    private static void Near(double expected, JsonElement cell) => Assert.Equal(expected, cell.GetDouble(), Tolerance);

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task StageReport_ClosedStage_MatchesHandComputation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        var project = await ProjectReportTestData.AddCompletedProjectAsync(app, unit, "Stage report project");
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var report = await JsonAsync(client, $"/api/v1/projects/{project.ProjectId}/reports/stage/{project.StageIds[1]}?lang=en");

        Assert.Equal("stage", report.GetProperty("kind").GetString());
        Assert.False(report.GetProperty("interim").GetBoolean());
        // Level: S_est 75, A 80, error 5, B 76, W 66 (stage 2 of the hand computation).
        var level = Rows(report, "level");
        Near(75, level[0][1]);
        Near(80, level[1][1]);
        Near(5, level[2][1]);
        Near(76, level[3][1]);
        Near(66, level[4][1]);
        // Factors at close: delivery .6 × 75 = 45, pulse .4 × 75 = 30; the contributions add up to S_est = 75.
        var factors = Rows(report, "factors");
        Assert.Equal(["Delivery", "Pulse"], factors.Select(f => f[0].GetString()));
        Near(.6, factors[0][2]);
        Near(75, factors[0][3]);
        Near(45, factors[0][4]);
        Near(.4, factors[1][2]);
        Near(30, factors[1][4]);
        Assert.Equal(75, factors.Sum(f => f[4].GetDouble()), Tolerance);
        // Problems: alert 2 only (alert 1 belongs to stage 1): opened at 65 < 66, cleared at 75 after 240 h; causes pulse first.
        var alerts = Assert.Single(Rows(report, "alerts"));
        Near(65, alerts[1]);
        Near(66, alerts[2]);
        Near(240, alerts[6]);
        Assert.StartsWith("Pulse 10.4", alerts[7].GetString(), StringComparison.Ordinal);
        // The customer's cases in the stage: C2 (2.5 h / 4.5 h, no breach) and C3 (0.5 h, open); not the other customer's.
        var cases = Rows(report, "cases");
        Assert.Equal(2, cases.Count);
        Assert.StartsWith("C2-", cases[0][0].GetString(), StringComparison.Ordinal);
        Near(2.5, cases[0][5]);
        Near(4.5, cases[0][6]);
        Assert.Equal("no", cases[0][7].GetString());
        Near(0.5, cases[1][5]);
        Assert.Equal(JsonValueKind.Null, cases[1][6].ValueKind);
        // How it was solved: R2's resolution and note.
        var recovery = Assert.Single(Rows(report, "recovery"));
        Assert.Equal("Extra training session for the key users", recovery[4].GetString());
        Assert.Contains(ProjectReportTestData.InternalNote, recovery[5].GetString(), StringComparison.Ordinal);
        // Below the baseline 76: only r5 (pulse 2 → 25).
        var below = Assert.Single(Rows(report, "below-baseline"));
        Near(2, below[2]);
        Near(25, below[3]);
        // The correction at its end: B 76 → 78.5, weights v2 delivery 0.60 → 0.30, pulse 0.40 → 0.70 over 2 pairs.
        var correction = Assert.Single(Rows(report, "corrections"));
        Near(76, correction[5]);
        Near(78.5, correction[6]);
        Assert.StartsWith("Weights v2: Delivery 0.60 → 0.30, Pulse 0.40 → 0.70 after stage 2 (Stage s2), 2 pairs. Baseline 76 → 78.5 (error 5).", Text(report, "correction")[0], StringComparison.Ordinal);
        var weights = Rows(report, "weights");
        Near(-.3, weights.Single(w => w[2].GetString() == "Delivery")[5]);
        // Trace: the stage, its 3 readings, 2 customer cases + 1 recovery case received in it.
        var trace = report.GetProperty("trace");
        Assert.Equal(3, trace.GetProperty("readings").GetInt32());
        Assert.Equal(3, trace.GetProperty("cases").GetInt32());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task InternalReport_MatchesHandComputation(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        var project = await ProjectReportTestData.AddCompletedProjectAsync(app, unit, "Internal report project");
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var report = await JsonAsync(client, $"/api/v1/projects/{project.ProjectId}/reports/internal?lang=en");

        // S_est vs A: (60, 72, 12), (75, 80, 5), (78.75, 78, −0.75); MAE = (12 + 5 + 0.75) / 3 = 5.9166… → "5.92".
        var accuracy = Rows(report, "accuracy");
        Assert.Equal(3, accuracy.Count);
        Near(12, accuracy[0][3]);
        Near(5, accuracy[1][3]);
        Near(-.75, accuracy[2][3]);
        Near(.75, accuracy[2][4]);
        var text = Text(report, "accuracy");
        Assert.Contains("5.92 points over 3 stages", text[0], StringComparison.Ordinal);
        Assert.Contains("12 in the first stage, 0.75 in the last (-11.25; the estimate improved)", text[1], StringComparison.Ordinal);
        // Factor performance: contributions .6·50 = 30, .4·75 = 30 | .6·75 = 45, .4·75 = 30 | .3·87.5 = 26.25, .7·75 = 52.5.
        var performance = Rows(report, "factor-performance");
        Assert.Equal([30, 30, 45, 30, 26.25, 52.5], performance.Select(r => Math.Round(r[4].GetDouble(), 9)));
        // Alerts: 720 h and 240 h to clear; below W: (5 + 10 + 5 + 10) days = 720 h.
        var alerts = Rows(report, "alerts");
        Near(720, alerts[0][7]);
        Near(240, alerts[1][7]);
        Assert.Contains("2 alerts, 2 cleared; S(t) was below W for 720 hours", Text(report, "alerts")[0], StringComparison.Ordinal);
        Assert.Equal(2, Rows(report, "recovery").Count);
        // Cases per stage: stage 1 C1 (2 h, 8.5 h, breached); stage 2 C2, C3 (median response (0.5 + 2.5)/2 = 1.5, resolution 4.5);
        // total: response median of 0.5, 2, 2.5 = 2; resolution median of 4.5, 8.5 = 6.5; 1 breach.
        var stats = Rows(report, "case-statistics");
        Assert.Equal(4, stats.Count);
        Assert.Equal(1, stats[0][1].GetInt64());
        Near(2, stats[0][3]);
        Near(8.5, stats[0][4]);
        Assert.Equal(1, stats[0][5].GetInt64());
        Assert.Equal(2, stats[1][1].GetInt64());
        Assert.Equal(1, stats[1][2].GetInt64());
        Near(1.5, stats[1][3]);
        Near(4.5, stats[1][4]);
        Assert.Equal(0, stats[2][1].GetInt64());
        Assert.Equal(3, stats[3][1].GetInt64());
        Near(2, stats[3][3]);
        Near(6.5, stats[3][4]);
        Assert.Equal(1, stats[3][5].GetInt64());
        // Corrections: baselines 70 → 76 → 78.5 → 78.125; weights v1 kept, v2 estimated.
        var corrections = Rows(report, "corrections");
        Assert.Equal([76, 78.5, 78.125], corrections.Select(c => c[6].GetDouble()));
        Assert.Equal("weights re-estimated", corrections[1][7].GetString());
        Assert.Contains(Text(report, "corrections"), l => l.StartsWith("Weights v2: Delivery 0.60 → 0.30, Pulse 0.40 → 0.70 after stage 2 (Stage s2), 2 pairs.", StringComparison.Ordinal));
        // Lessons: delivery 42 + 0.6 = 42.6 over 2 alerts, then pulse 10.4 over 1.
        var lessons = Rows(report, "lessons");
        Assert.Equal("Delivery", lessons[0][0].GetString());
        Assert.Equal(2, lessons[0][1].GetInt64());
        Near(42.6, lessons[0][2]);
        Near(10.4, lessons[1][2]);
        var trace = report.GetProperty("trace");
        Assert.Equal(7, trace.GetProperty("readings").GetInt32());
        Assert.Equal(5, trace.GetProperty("cases").GetInt32());
        Assert.Equal(3, trace.GetProperty("stages").GetArrayLength());
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ExternalReport_CustomerFigures_AndNoInternalField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        var project = await ProjectReportTestData.AddCompletedProjectAsync(app, unit, "External report project");
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var report = await JsonAsync(client, $"/api/v1/projects/{project.ProjectId}/reports/external?lang=en");

        // A per stage 72, 80, 78; overall (72 + 80 + 78) / 3 = 76.67.
        Assert.Equal([72, 80, 78], Rows(report, "stages").Select(r => r[3].GetDouble()));
        var summary = Text(report, "summary");
        Assert.Contains("76.67 of 100 (mean of 3 stages)", summary[1], StringComparison.Ordinal);
        Assert.Contains(project.OwnerName, summary[2], StringComparison.Ordinal);
        Assert.Contains(project.CustomerName, summary[0], StringComparison.Ordinal);
        // Milestones: stage 1 two readings (0, 1): 1 on time, 50 %; stage 2 and 3 one on time each.
        var delivery = Rows(report, "delivery");
        Assert.Equal([2, 1, 1], delivery.Select(r => r[1].GetInt64()));
        Assert.Equal([1, 1, 1], delivery.Select(r => r[2].GetInt64()));
        Assert.Equal([50, 100, 100], delivery.Select(r => r[3].GetDouble()));
        // Issues raised / resolved: 1/1, 2/1, 0/0 (recovery cases are ours, not the customer's issues).
        var issues = Rows(report, "issues");
        Assert.Equal([1, 2, 0], issues.Select(r => r[1].GetInt64()));
        Assert.Equal([1, 1, 0], issues.Select(r => r[2].GetInt64()));
        Assert.Equal(["Re-planned delivery with the customer; weekly check-ins", "Extra training session for the key users"],
            Rows(report, "improvements").Select(r => r[1].GetString()));

        // Nothing internal: no weights, estimates, errors, causes, baselines, notes, handlers or case numbers.
        var raw = report.GetRawText();
        foreach (var word in new[] { "weight", "estimate", "S_est", "error", "cause", "contribution", "baseline", "Warning", ProjectReportTestData.InternalNote,
            ProjectReportTestData.HandlerName, "smoothed", "lowest" })
        {
            Assert.DoesNotContain(word, raw, StringComparison.OrdinalIgnoreCase);
        }
        // Case numbers are upper case; compared exactly, because the lower-case hex of a GUID in the report may contain "c1-".
        foreach (var word in new[] { "RCV-", "C1-" })
        {
            Assert.DoesNotContain(word, raw, StringComparison.Ordinal);
        }
        var zh = (await JsonAsync(client, $"/api/v1/projects/{project.ProjectId}/reports/external?lang=zh-CN&format=json")).GetRawText();
        foreach (var word in new[] { "权重", "估计", "误差", "原因", "基线", ProjectReportTestData.InternalNote })
        {
            Assert.DoesNotContain(word, zh, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ActiveProject_InterimStageReport_FinalReports409(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        var (projectId, stageId) = await ProjectReportTestData.AddActiveProjectAsync(app, unit);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var report = await JsonAsync(client, $"/api/v1/projects/{projectId}/reports/stage/{stageId}?lang=en");
        Assert.True(report.GetProperty("interim").GetBoolean());
        Assert.Contains("(interim)", report.GetProperty("title").GetString(), StringComparison.Ordinal);
        // S now 64 (the project's current estimate); pulse smoothed 50 × .4 = 20, delivery unread → baseline 70 × .6 = 42.
        Near(64, Rows(report, "level")[0][1]);
        var factors = Rows(report, "factors");
        Near(70, factors[0][3]);
        Near(50, factors[1][3]);
        foreach (var kind in new[] { "internal", "external" })
        {
            foreach (var format in new[] { "json", "xlsx", "csv" })
            {
                using var response = await client.GetAsync(U($"/api/v1/projects/{projectId}/reports/{kind}?format={format}"));
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            using var page = await client.GetAsync(U($"/monitoring/projects/{projectId}/reports/{kind}"));
            Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
            Assert.Contains("report-not-completed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // A pending stage has no report.
        using var pending = await client.GetAsync(U($"/api/v1/projects/{projectId}/reports/stage/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task UnitScope_OtherUnitsProject_404Everywhere_BadFormatNamesField(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var theirs = await app.AddUnitAsync(home.Id);
        var mine = await app.AddUnitAsync(home.Id);
        var project = await ProjectReportTestData.AddCompletedProjectAsync(app, theirs, "Not yours");
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine);
        foreach (var path in new[]
        {
            $"/api/v1/projects/{project.ProjectId}/reports/stage/{project.StageIds[0]}", $"/api/v1/projects/{project.ProjectId}/reports/internal",
            $"/api/v1/projects/{project.ProjectId}/reports/external", $"/monitoring/projects/{project.ProjectId}/reports/internal",
            $"/monitoring/projects/{project.ProjectId}/reports/external", $"/monitoring/projects/{project.ProjectId}/reports/stage/{project.StageIds[1]}",
        })
        {
            using var response = await manager.GetAsync(U(path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }
        using var own = await app.CreateClientAsAsync(Roles.UnitManager, theirs);
        await JsonAsync(own, $"/api/v1/projects/{project.ProjectId}/reports/internal");
        using var bad = await own.GetAsync(U($"/api/v1/projects/{project.ProjectId}/reports/internal?format=pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"format\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A viewer reads JSON but may not download files.
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        using var file = await viewer.GetAsync(U($"/api/v1/projects/{project.ProjectId}/reports/internal?format=xlsx"));
        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Files_SheetsGuardedAndAudited_PagesEncodeFreeText(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HomeUnitAsync()).Id);
        const string Name = "=1+1 <script>alert('x')</script>";
        var project = await ProjectReportTestData.AddCompletedProjectAsync(app, unit, Name);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);

        using var xlsx = await client.GetAsync(U($"/api/v1/projects/{project.ProjectId}/reports/internal?format=xlsx&lang=en"));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var book = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal(["About", "accuracy", "factor-performance", "alerts", "recovery", "case-statistics", "corrections", "weights", "lessons"], SheetNames(book));
        var about = Sheet(book, "About");
        Assert.Contains(about, r => Equals(r[1], "'" + Name));
        Assert.DoesNotContain(about, r => r[1] is string s && s.StartsWith('='));
        Assert.Equal(6.5, Number(Sheet(book, "case-statistics")[4][4]), Tolerance);

        using var stage = await client.GetAsync(U($"/api/v1/projects/{project.ProjectId}/reports/stage/{project.StageIds[0]}?format=xlsx&lang=en"));
        var stageBook = await stage.Content.ReadAsByteArrayAsync();
        Assert.Equal(["About", "level", "factors", "alerts", "cases", "recovery", "below-baseline", "corrections", "weights"], SheetNames(stageBook));
        Assert.Contains(Sheet(stageBook, "below-baseline"), r => Equals(r[5], "<b>late</b> =cmd"));

        using var csv = await client.GetAsync(U($"/api/v1/projects/{project.ProjectId}/reports/external?format=csv&lang=en"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("'=1+1", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain(",=1+1", csvText, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var subject = "project:" + project.ProjectId.ToString("D");
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "project-reports.export" && e.Subject == subject).ToListAsync();
            Assert.Equal(3, entries.Count);
            Assert.Contains(entries, e => e.Details!.Contains("kind=stage format=xlsx", StringComparison.Ordinal));
        }

        foreach (var path in new[] { "internal", "external", $"stage/{project.StageIds[0]}" })
        {
            using var page = await client.GetAsync(U($"/monitoring/projects/{project.ProjectId}/reports/{path}"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert('x')", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
            Assert.Contains("id=\"trace\"", html, StringComparison.Ordinal);
        }
        using var pageFile = await client.GetAsync(U($"/monitoring/projects/{project.ProjectId}/reports/external?handler=xlsx"));
        Assert.Equal(HttpStatusCode.OK, pageFile.StatusCode);
    }
}
