using System.Diagnostics;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Manyi.Web.Tests.Features.Demo;

/// <summary>
/// The demo's service projects (issue 8): 20 projects of both templates at every stage, alerts with recovery cases (cleared and
/// still open), stage corrections with weights kept and re-estimated, and — checked independently of the engine — every
/// project's current S(t) recomputed by hand from its readings with the formulas of product.md M8.
/// </summary>
public class DemoMonitoringTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DemoFill_WritesServiceProjectsWhoseFiguresRecomputeByHand(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filled = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.True(filled.Created, filled.Refusal);
        }
        output.WriteLine($"whole demo fill: {stopwatch.Elapsed.TotalSeconds:0.00} s");
        var now = DateTimeOffset.UtcNow;

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Name == DemoPlan.OrganisationName);
        var projects = await db.ServiceProjects.AsNoTracking().Where(p => p.OrganisationId == organisation.Id).ToListAsync();
        var ids = projects.Select(p => p.Id).ToList();
        var stages = (await db.ProjectStages.AsNoTracking().Where(s => ids.Contains(s.ProjectId)).ToListAsync()).ToLookup(s => s.ProjectId);
        var readings = (await db.MonitoringReadings.AsNoTracking().Where(r => ids.Contains(r.ProjectId)).ToListAsync()).ToLookup(r => r.ProjectId);
        var alerts = await db.MonitoringAlerts.AsNoTracking().Where(a => ids.Contains(a.ProjectId)).ToListAsync();
        var corrections = await db.StageCorrections.AsNoTracking().Where(c => ids.Contains(c.ProjectId)).ToListAsync();
        var pairs = await db.CalibrationPairs.AsNoTracking().Where(c => ids.Contains(c.ProjectId)).ToListAsync();
        var estimates = await db.ProjectEstimates.AsNoTracking().Where(e => ids.Contains(e.ProjectId)).Select(e => e.At).ToListAsync();
        var caseIds = alerts.Where(a => a.CaseId is not null).Select(a => a.CaseId!.Value).ToList();
        var recoveryCases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
        foreach (var p in projects.OrderBy(p => p.StartedAt))
        {
            output.WriteLine($"{p.TemplateKey,-17} {p.Status,-9} stage {p.CurrentStage} S={p.CurrentEstimate:0.0} readings {readings[p.Id].Count()} alerts {alerts.Count(a => a.ProjectId == p.Id)} open {p.OpenAlertId is not null} {p.BaselineSource}");
        }

        // 20 projects, both templates, at various stages: 3–4 completed, 1 cancelled, the rest running, some just started.
        Assert.Equal(DemoMonitoring.ProjectCount, projects.Count);
        Assert.Equal(20, projects.Count);
        Assert.Contains(projects, p => p.TemplateKey == ProjectTemplates.Implementation.Key);
        Assert.Contains(projects, p => p.TemplateKey == ProjectTemplates.KeyAccountYear.Key);
        Assert.InRange(projects.Count(p => p.Status == ProjectStatus.Completed), 3, 4);
        Assert.Single(projects, p => p.Status == ProjectStatus.Cancelled);
        Assert.True(projects.Where(p => p.Status == ProjectStatus.Active).Select(p => p.CurrentStage).Distinct().Count() >= 4, "active projects at various stages");
        Assert.Contains(projects, p => p.Status == ProjectStatus.Active && p.CurrentStage == 0);
        Assert.True(projects.Select(p => p.BaselineSource).Distinct().Count() >= 3, "baselines of several sources");
        Assert.All(projects, p => Assert.InRange(p.InitialBaseline, 0, 100));
        Assert.True(projects.Select(p => p.CustomerId).Distinct().Count() == projects.Count, "one project per customer");

        // Readings of every kind, derived ones from the customer's cases; nothing after now.
        var all = readings.SelectMany(g => g).ToList();
        Assert.All(new[] { FactorSource.Milestones, FactorSource.Pulse, FactorSource.Manual, FactorSource.Issues, FactorSource.ResponseTime },
            source => Assert.Contains(all, r => r.Source == source));
        Assert.All(all.Where(r => r.Source is FactorSource.Issues or FactorSource.ResponseTime), r => Assert.NotNull(r.SourceId));
        Assert.All(all, r => Assert.True(r.RecordedAt < now && r.ObservedAt < now, "no reading in the future"));
        Assert.All(estimates, at => Assert.True(at < now, "no estimate point in the future"));

        // Alerts: at least 3 projects fell below W; at least 2 alerts cleared (their recovery case resolved with a note);
        // 2 still open now, each with an open recovery case owned by the project owner.
        Assert.True(alerts.Select(a => a.ProjectId).Distinct().Count() >= 3, "at least three projects with alerts");
        var cleared = alerts.Where(a => a.ClearedAt is not null).ToList();
        Assert.True(cleared.Count >= 2, "at least two alerts cleared");
        Assert.All(cleared, a => Assert.True(a.EstimateAtClear >= a.WarningAtOpen, "cleared above W"));
        var open = projects.Where(p => p.OpenAlertId is not null).ToList();
        Assert.Equal(2, open.Count);
        Assert.Equal(2, alerts.Count(a => a.ClearedAt is null));
        foreach (var p in open)
        {
            var alert = alerts.Single(a => a.Id == p.OpenAlertId);
            Assert.NotEmpty(alert.Causes);
            Assert.True(p.CurrentEstimate < alert.WarningAtOpen + p.Hysteresis, "an open alert has S below W + h");
            var recovery = recoveryCases[alert.CaseId!.Value];
            Assert.Equal(CaseKind.Recovery, recovery.Kind);
            Assert.Equal("monitoring", recovery.Channel);
            Assert.Equal(p.OwnerId, recovery.OwnerId);
            Assert.Equal(p.CustomerId, recovery.CustomerId);
            Assert.True(recovery.IsOpen);
        }
        foreach (var alert in alerts)
        {
            Assert.True(alert.EstimateAtOpen < alert.WarningAtOpen);
            Assert.True(alert.Lowest <= alert.EstimateAtOpen);
            var recovery = recoveryCases[alert.CaseId!.Value];
            Assert.Equal(projects.Single(p => p.Id == alert.ProjectId).OwnerId, recovery.OwnerId);
            if (alert.ClearedAt is { } at && at < now.AddDays(-3))
            {
                Assert.False(recovery.IsOpen, "the recovery case of a cleared alert was resolved");
                Assert.False(string.IsNullOrWhiteSpace(recovery.Resolution));
            }
        }

        // Corrections: baselines corrected, weights kept and re-estimated (on at least two projects), pairs from check-ins too.
        Assert.NotEmpty(corrections);
        Assert.Contains(corrections, c => c.Kind == CorrectionKind.WeightsKept);
        Assert.True(corrections.Where(c => c.Kind == CorrectionKind.WeightsEstimated).Select(c => c.ProjectId).Distinct().Count() >= 2,
            "weights re-estimated on at least two projects");
        Assert.All(corrections.Where(c => c.Kind == CorrectionKind.WeightsEstimated), c =>
        {
            Assert.Equal(1, c.WeightsAfter.Values.Sum(), 1e-6);
            Assert.All(c.WeightsAfter.Values, w => Assert.True(w >= 0));
            Assert.NotNull(c.FitError);
        });
        Assert.Contains(corrections, c => Math.Abs(c.BaselineAfter - c.BaselineBefore) > 0.1);
        Assert.True(pairs.Count > corrections.Count, "check-ins add calibration pairs of their own");

        // Completed projects: every stage closed with its actual A.
        foreach (var p in projects.Where(p => p.Status == ProjectStatus.Completed))
        {
            Assert.NotNull(p.CompletedAt);
            Assert.All(stages[p.Id], s =>
            {
                Assert.Equal(StageStatus.Closed, s.Status);
                Assert.NotNull(s.Actual);
                Assert.Equal(s.Actual!.Value - s.EstimateAtClose!.Value, s.Error!.Value, 1e-9);
            });
        }

        // The hand recomputation (product.md M8, docs/monitoring-model.md): score = clamp(100·(raw − worst)/(best − worst), 0, 100)
        // with the mapping of the reading's stage; smoothed s = score for a factor's first reading, else α·score + (1 − α)·s,
        // readings in arrival order, the same key carrying over between stages; a factor without readings scores the stage
        // baseline B; S = Σ w_f·s_f with the weights in force of the stage last active. Tolerance 1e-9.
        foreach (var p in projects)
        {
            var projectStages = stages[p.Id].OrderBy(s => s.Index).ToList();
            var byId = projectStages.ToDictionary(s => s.Id);
            var smoothed = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var r in readings[p.Id].OrderBy(r => r.RecordedAt))
            {
                var f = byId[r.StageId].Factors.Single(x => x.Key == r.FactorKey);
                var score = Math.Clamp(100 * (r.RawValue - f.Worst) / (f.Best - f.Worst), 0, 100);
                var s = smoothed.TryGetValue(r.FactorKey, out var previous) ? (p.SmoothingAlpha * score) + ((1 - p.SmoothingAlpha) * previous) : score;
                Assert.Equal(s, r.SmoothedScore, 1e-9);
                smoothed[r.FactorKey] = s;
            }
            var last = projectStages.Where(s => s.StartedAt is not null).MaxBy(s => s.Index)!;
            var expected = last.Factors.Sum(f => last.Weights[f.Key] * smoothed.GetValueOrDefault(f.Key, last.Baseline));
            Assert.NotNull(p.CurrentEstimate);
            Assert.Equal(expected, p.CurrentEstimate!.Value, 1e-9);
            Assert.Equal(last.Baseline - p.WarningMargin, last.Warning, 1e-9);
        }
    }
}
