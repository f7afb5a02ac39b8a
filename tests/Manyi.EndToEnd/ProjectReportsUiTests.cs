using Manyi.Core.Customers;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Manyi.EndToEnd;

/// <summary>
/// The three project reports (product.md M8) in a real browser in zh-CN and en on a completed two-stage project written to the
/// database: no console or script error, the trace footer shown; screenshots project-report-&lt;kind&gt;-&lt;culture&gt;.png.
/// </summary>
public sealed class ProjectReportsUiTests
{
    [SkippableFact]
    public async Task ProjectReports_RenderInBothLanguages_WithoutErrors()
    {
        BrowserSession.SkipWithoutChromium();
        await using var server = await ManyiServer.StartAsync();
        var (projectId, stageId) = await AddProjectAsync(server.Services);

        await using var session = await BrowserSession.LaunchAsync();
        var shots = BrowserSession.Screenshots;
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var (context, page, errors) = await session.SignInAsync(server.Address, locale, "admin", server.AdministratorPassword);
            await using var _ = context;
            var tag = locale == "en" ? "en" : "zh-CN";
            foreach (var (kind, url) in new[]
            {
                ("stage", $"/monitoring/projects/{projectId}/reports/stage/{stageId}"),
                ("internal", $"/monitoring/projects/{projectId}/reports/internal"),
                ("external", $"/monitoring/projects/{projectId}/reports/external"),
            })
            {
                await page.GotoAsync(url);
                await Assertions.Expect(page.Locator("#report-title")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#trace")).ToBeVisibleAsync();
                if (await page.Locator(".report .chart").CountAsync() > 0)
                {
                    await Assertions.Expect(page.Locator(".report .chart canvas").First).ToBeVisibleAsync();
                }
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"project-report-{kind}-{tag}.png"), FullPage = true });
            }
            Assert.True(errors.Count == 0, "console or script errors:\n" + string.Join('\n', errors));
        }
    }

    /// <summary>A completed project of two stages (B 70 → 74, A 78 then 82) with readings and an alert, for the admin's organisation.</summary>
    private static async Task<(Guid ProjectId, Guid StageId)> AddProjectAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var unit = await db.Units.AsNoTracking().OrderBy(u => u.ParentId == null ? 0 : 1).FirstAsync();
        var owner = await db.Users.AsNoTracking().FirstAsync(u => u.OrganisationId == unit.OrganisationId);
        var t0 = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var customer = new Customer
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, UnitId = unit.Id, Code = "K-UI-1", Name = "华东示例客户", CreatedAt = t0, UpdatedAt = t0, Version = Guid.NewGuid(),
        };
        var project = new ServiceProject
        {
            Id = Guid.NewGuid(), OrganisationId = unit.OrganisationId, UnitId = unit.Id, CustomerId = customer.Id, OwnerId = owner.Id, Name = "ERP 实施项目",
            Status = ProjectStatus.Completed, StartedAt = t0, CompletedAt = t0.AddDays(60), BaselineSource = BaselineSource.Manual, InitialBaseline = 70,
            CurrentStage = 2, CurrentEstimate = 80, CreatedAt = t0, UpdatedAt = t0, Version = Guid.NewGuid(),
        };
        StageFactor[] factors =
        [
            new() { Key = "milestones", Name = "Milestones", Source = FactorSource.Milestones, Weight = .5, Worst = 0, Best = 1 },
            new() { Key = "pulse", Name = "Pulse", Source = FactorSource.Pulse, Weight = .5, Worst = 1, Best = 5 },
        ];
        var weights = new Dictionary<string, double>(StringComparer.Ordinal) { ["milestones"] = .5, ["pulse"] = .5 };
        var s1 = new ProjectStage
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, Index = 0, Key = "design", Name = "设计 Design", Status = StageStatus.Closed, StartedAt = t0, ClosedAt = t0.AddDays(30),
            Factors = [.. factors], Weights = new(weights, StringComparer.Ordinal), Baseline = 70, Warning = 60, EstimateAtClose = 70, Actual = 78, Error = 8,
        };
        var s2 = new ProjectStage
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, Index = 1, Key = "delivery", Name = "交付 Delivery", Status = StageStatus.Closed, StartedAt = t0.AddDays(30), ClosedAt = t0.AddDays(60),
            Factors = [.. factors], Weights = new(weights, StringComparer.Ordinal), Baseline = 74, Warning = 64, EstimateAtClose = 80, Actual = 82, Error = 2,
        };
        db.Customers.Add(customer);
        db.ServiceProjects.Add(project);
        db.ProjectStages.AddRange(s1, s2);
        db.MonitoringReadings.AddRange(
            new MonitoringReading { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s1.Id, FactorKey = "milestones", Source = FactorSource.Milestones, RawValue = 0, Score = 0, SmoothedScore = 0, ObservedAt = t0.AddDays(3), RecordedAt = t0.AddDays(3) },
            new MonitoringReading { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s1.Id, FactorKey = "milestones", Source = FactorSource.Milestones, RawValue = 1, Score = 100, SmoothedScore = 50, ObservedAt = t0.AddDays(10), RecordedAt = t0.AddDays(10) },
            new MonitoringReading { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s2.Id, FactorKey = "pulse", Source = FactorSource.Pulse, RawValue = 5, Score = 100, SmoothedScore = 100, ObservedAt = t0.AddDays(40), RecordedAt = t0.AddDays(40) });
        db.MonitoringAlerts.Add(new MonitoringAlert
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s1.Id, OpenedAt = t0.AddDays(3), EstimateAtOpen = 35, WarningAtOpen = 60, Lowest = 35, ClearedAt = t0.AddDays(10), EstimateAtClear = 62.5,
            Causes = [new FactorContribution { FactorKey = "milestones", FactorName = "Milestones", Weight = .5, Score = 0, Contribution = 35 }],
        });
        db.CalibrationPairs.AddRange(
            new CalibrationPair { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s1.Id, At = t0.AddDays(30), Scores = new(StringComparer.Ordinal) { ["milestones"] = 50, ["pulse"] = 90 }, Estimate = 70, Actual = 78 },
            new CalibrationPair { Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s2.Id, At = t0.AddDays(60), Scores = new(StringComparer.Ordinal) { ["milestones"] = 50, ["pulse"] = 100 }, Estimate = 80, Actual = 82 });
        db.StageCorrections.Add(new StageCorrection
        {
            Id = Guid.NewGuid(), ProjectId = project.Id, StageId = s1.Id, NextStageId = s2.Id, At = t0.AddDays(30), Estimate = 70, Actual = 78, Error = 8, BaselineBefore = 70, BaselineAfter = 74,
            Kind = CorrectionKind.WeightsKept, WeightsVersion = 1, WeightsBefore = new(weights, StringComparer.Ordinal), WeightsAfter = new(weights, StringComparer.Ordinal), Pairs = 1,
        });
        await db.SaveChangesAsync();
        return (project.Id, s1.Id);
    }
}
