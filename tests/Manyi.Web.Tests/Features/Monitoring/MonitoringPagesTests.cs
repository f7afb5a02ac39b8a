using System.Net;
using Manyi.Core.Monitoring;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Cases;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>One app per provider shared by the monitoring page tests (<see cref="SharedApps"/>).</summary>
public sealed class MonitoringPagesFixture : SharedApps;

/// <summary>
/// The monitoring pages through HTTP (product.md M8, M12): the portfolio and the project page render for a viewer; a unit
/// manager of another unit neither lists the project nor opens it; free text (reading notes, baseline note, names) is encoded.
/// </summary>
public class MonitoringPagesTests(MonitoringPagesFixture fixture) : IClassFixture<MonitoringPagesFixture>
{
    private const string Script = "<script>alert(1)</script>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Portfolio_And_Project_RenderForViewer_OtherUnitManagerGets404(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var headOffice = await app.HeadOfficeAsync();
        var mine = await app.AddUnitAsync(headOffice.Id);
        var other = await app.AddUnitAsync(headOffice.Id);
        var customer = await app.AddCustomerAsync(mine.Id, "Customer " + Script);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        viewer.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var ownerId = await viewer.UserIdAsync();
        var project = await SeedAsync(app, mine.Id, customer.Id, ownerId, "Project " + Script, belowWarning: true);

        // The viewer sees the project in the portfolio, below W with its open alert, and opens the project page.
        var portfolio = await viewer.GetHtmlAsync($"/monitoring?unit={mine.Id}");
        Assert.Contains($"href=\"/monitoring/projects/{project.Id}\"", portfolio, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-portfolio\"", portfolio, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count-value\" id=\"count-alerts\">1</span>", portfolio, StringComparison.Ordinal);
        Assert.Contains("<span class=\"count-value\" id=\"count-below\">1</span>", portfolio, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, portfolio, StringComparison.Ordinal);
        var page = await viewer.GetHtmlAsync($"/monitoring/projects/{project.Id}");
        Assert.Contains("id=\"chart-project\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"open-alert\"", page, StringComparison.Ordinal);
        Assert.Contains("Milestones on time", page, StringComparison.Ordinal);
        // Stored XSS: the reading note, the baseline note, the project and customer names are shown encoded, never raw
        // (the JSON island escapes '<' too).
        Assert.Contains(EncodedScript, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, page, StringComparison.Ordinal);
        // A viewer gets no forms.
        Assert.DoesNotContain("id=\"reading-form\"", page, StringComparison.Ordinal);
        // An unknown id is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(new Uri($"/monitoring/projects/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);

        // A unit manager of another unit: not listed, 404 by id; a manager of the unit sees it.
        using var stranger = await app.CreateClientAsAsync(Roles.UnitManager, other.Id);
        var theirs = await stranger.GetHtmlAsync($"/monitoring?unit={mine.Id}");
        Assert.DoesNotContain(project.Id.ToString(), theirs, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(new Uri($"/monitoring/projects/{project.Id}", UriKind.Relative))).StatusCode);
        using var manager = await app.CreateClientAsAsync(Roles.UnitManager, mine.Id);
        Assert.Contains(project.Id.ToString(), await manager.GetHtmlAsync("/monitoring"), StringComparison.Ordinal);
        var managed = await manager.GetHtmlAsync($"/monitoring/projects/{project.Id}");
        Assert.Contains("id=\"reading-form\"", managed, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Portfolio_SortsWorstFirst_AndRendersInChinese(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "客户 " + Guid.NewGuid().ToString("N")[..6]);
        using var viewer = await app.CreateClientAsAsync(Roles.Viewer);
        viewer.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var ownerId = await viewer.UserIdAsync();
        var fine = await SeedAsync(app, unit.Id, customer.Id, ownerId, "Fine", belowWarning: false);
        var poor = await SeedAsync(app, unit.Id, customer.Id, ownerId, "Poor", belowWarning: true);
        var html = await viewer.GetHtmlAsync($"/monitoring?unit={unit.Id}&status=Active");
        // S − W: poor 60 − 70 = −10 before fine 78 − 70 = +8.
        Assert.True(html.IndexOf(poor.Id.ToString(), StringComparison.Ordinal) < html.IndexOf(fine.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("服务满意度监控", html, StringComparison.Ordinal);
        Assert.Contains("−10.0", html, StringComparison.Ordinal);
        Assert.Contains("&#x2B;8.0", html, StringComparison.Ordinal);
        var page = await viewer.GetHtmlAsync($"/monitoring/projects/{poor.Id}");
        Assert.Contains("预警线 W", page, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Forms_CreateReadAndClose_ChangeTheProject(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await app.AddUnitAsync((await app.HeadOfficeAsync()).Id);
        var customer = await app.AddCustomerAsync(unit.Id, "Forms " + Guid.NewGuid().ToString("N")[..6]);
        using var handler = await app.CreateClientAsAsync(Roles.CaseHandler);
        handler.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var handlerId = await handler.UserIdAsync();

        // New project: implementation template, manual baseline 80, margin 10 → B 80, W 70.
        var newPage = await handler.GetHtmlAsync($"/monitoring/projects/new?q={Uri.EscapeDataString(customer.Code)}");
        Assert.Contains(customer.Id.ToString(), newPage, StringComparison.Ordinal);
        var token = await handler.GetTokenAsync("/monitoring/projects/new");
        var refused = await handler.PostFormAsync("/monitoring/projects/new", ("CustomerId", customer.Id.ToString()), ("TemplateKey", "implementation"),
            ("OwnerId", handlerId.ToString()), ("BaselineSource", "Manual"), ("BaselineValue", "80"), ("WarningMargin", "10"), ("Hysteresis", "2"),
            ("__RequestVerificationToken", token));
        // A manual baseline without a note is refused next to the note field; nothing is created.
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("say where a manual baseline comes from", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var created = await handler.PostFormAsync("/monitoring/projects/new", ("CustomerId", customer.Id.ToString()), ("TemplateKey", "implementation"),
            ("OwnerId", handlerId.ToString()), ("BaselineSource", "Manual"), ("BaselineValue", "80"), ("BaselineNote", "Agreed " + Script),
            ("WarningMargin", "10"), ("Hysteresis", "2"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = Forms.PathOf(created.Headers.Location);
        var id = Guid.Parse(path.Split('/')[3]);
        var project = await FindAsync(app, id);
        Assert.Equal((80.0, 80.0), (project.InitialBaseline, project.CurrentEstimate!.Value));

        // A bad number is refused next to the field; nothing is written.
        var pageToken = await handler.GetTokenAsync(path);
        var bad = await handler.PostFormAsync(path + "?handler=Reading", ("version", project.Version.ToString()), ("factorKey", "milestones"),
            ("rawValue", "abc"), ("__RequestVerificationToken", pageToken));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"rawValue-error\"><span class=\"field-validation-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(project.Version, (await FindAsync(app, id)).Version);

        // A late milestone (raw 0 → score 0, first reading taken as it is): S = 0.3·0 + 0.7·80 = 56 < W 70 (hand computation from
        // the implementation template's stage 1 weights 0.3/0.2/0.3/0.2): the alert opens with a recovery case.
        var reading = await handler.PostFormAsync(path + "?handler=Reading", ("version", project.Version.ToString()), ("factorKey", "milestones"),
            ("rawValue", "0"), ("readingNote", "Late " + Script), ("__RequestVerificationToken", pageToken));
        Assert.Equal(HttpStatusCode.Redirect, reading.StatusCode);
        project = await FindAsync(app, id);
        Assert.Equal(56.0, project.CurrentEstimate!.Value, 6);
        Assert.NotNull(project.OpenAlertId);
        var page = await handler.GetHtmlAsync(path);
        Assert.Contains("id=\"open-alert-case\"", page, StringComparison.Ordinal);
        Assert.Contains(EncodedScript, page, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, page, StringComparison.Ordinal);

        // Close stage 1 with A = 60 on 0–100: the second stage becomes active (a correction is shown).
        var close = await handler.PostFormAsync(path + "?handler=Close", ("version", project.Version.ToString()), ("closeValue", "60"),
            ("closeScale", "0-100"), ("closeNote", "Recovered"), ("__RequestVerificationToken", pageToken));
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        project = await FindAsync(app, id);
        Assert.Equal(1, project.CurrentStage);
        Assert.Contains("class=\"correction\"", await handler.GetHtmlAsync(path), StringComparison.Ordinal);

        // A stale version is refused with the conflict message.
        var stale = await handler.PostFormAsync(path + "?handler=Cancel", ("version", Guid.NewGuid().ToString()), ("cancelNote", "x"),
            ("__RequestVerificationToken", pageToken));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(ProjectStatus.Active, (await FindAsync(app, id)).Status);
    }

    private static async Task<ServiceProject> FindAsync(ManyiWebFactory app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.ServiceProjects.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    /// <summary>
    /// A project of the implementation template in its first stage, written straight to the database: B 80, W 70, one milestone
    /// reading (late: score 0) with a note, and S 60 with an open alert (below) or S 78 (not below).
    /// </summary>
    internal static async Task<ServiceProject> SeedAsync(ManyiWebFactory app, Guid unitId, Guid customerId, Guid ownerId, string name, bool belowWarning)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(-10);
        var template = ProjectTemplates.Implementation;
        var project = new ServiceProject
        {
            Id = Guid.NewGuid(), OrganisationId = organisation.Id, UnitId = unitId, CustomerId = customerId, OwnerId = ownerId, Name = name,
            TemplateKey = template.Key, Status = ProjectStatus.Active, StartedAt = start, BaselineSource = BaselineSource.Manual,
            BaselineNote = "Baseline " + Script, InitialBaseline = 80, CurrentStage = 0, CurrentEstimate = belowWarning ? 60 : 78,
            EstimatedAt = now, CreatedAt = start, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        var stages = template.Stages.Select((s, i) => new ProjectStage
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, Index = i, Key = s.Key, Name = s.NameEn, Status = i == 0 ? StageStatus.Active : StageStatus.Pending,
            StartedAt = i == 0 ? start : null, Factors = [.. s.Factors.Select(f => f.ToFactor(System.Globalization.CultureInfo.GetCultureInfo("en")))],
            Weights = s.Factors.ToDictionary(f => f.Key, f => f.Weight, StringComparer.Ordinal), Baseline = 80, Warning = 70,
        }).ToList();
        var reading = new MonitoringReading
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, StageId = stages[0].Id, FactorKey = "milestones", Source = FactorSource.Milestones,
            RawValue = 0, Score = 0, SmoothedScore = 0, ObservedAt = now.AddDays(-2), RecordedAt = now.AddDays(-2), RecordedById = ownerId,
            Note = "Late " + Script,
        };
        db.ServiceProjects.Add(project);
        db.ProjectStages.AddRange(stages);
        db.MonitoringReadings.Add(reading);
        db.ProjectEstimates.AddRange(
            new ProjectEstimate { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = stages[0].Id, At = start, Estimate = 80, Baseline = 80, Warning = 70 },
            new ProjectEstimate { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = stages[0].Id, At = now.AddDays(-2), Estimate = project.CurrentEstimate.Value, Baseline = 80, Warning = 70, ReadingId = reading.Id });
        if (belowWarning)
        {
            var alert = new MonitoringAlert
            {
                Id = Guid.NewGuid(), ProjectId = project.Id, StageId = stages[0].Id, OpenedAt = now.AddDays(-2), EstimateAtOpen = 60, WarningAtOpen = 70, Lowest = 60,
                Causes = [new FactorContribution { FactorKey = "milestones", FactorName = "Milestones on time", Weight = 0.3, Score = 0, Contribution = 24 }],
            };
            db.MonitoringAlerts.Add(alert);
            project.OpenAlertId = alert.Id;
        }
        await db.SaveChangesAsync();
        return project;
    }
}
