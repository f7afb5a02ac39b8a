using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Cases;
using Manyi.Core.Monitoring;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;
using static Manyi.Web.Tests.Features.Monitoring.MonitoringTestData;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>
/// THE acceptance test of issue 8 (product.md M8): a three-stage project driven through the API — readings crossing W open an
/// alert and a recovery case, readings back above W + h clear it, readings hovering at W do not re-open it, stage closes correct
/// the baseline and keep, then re-estimate the weights, the last close completes the project. Every expected number is computed
/// by hand in the comments (formulas: docs/monitoring-model.md; Score = 100·(raw − worst)/(best − worst) clamped, smoothing
/// s = α·x + (1 − α)·s_prev with the first reading as it is, S = Σ w·s, B' = B + g·(A − S_est), W = B − margin).
/// </summary>
[Collection(MonitoringGroup.Name)]
public sealed class MonitoringEndToEndTests(MonitoringFixture fixture)
{
    private const double Tolerance = 1e-6;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ThreeStages_AlertRecoveryAndSelfCorrection(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var unit = await UnitAsync(app);
        var customer = await CustomerAsync(app, unit);
        var (handler, _, _) = await UserAsync(app, Roles.CaseHandler);
        var (_, ownerId, _) = await UserAsync(app, Roles.CaseHandler);

        // Three stages with the same factors; configured weights 0.5/0.3/0.2 in stage 1, 0.4/0.4/0.2 in stages 2 and 3.
        object Stage(string key, double delivery, double service, double pulse) => new
        {
            key, name = "Stage " + key,
            factors = new[]
            {
                Factor("delivery", "milestones", delivery, 0, 1), Factor("service", "manual", service, 0, 100), Factor("pulse", "pulse", pulse, 1, 5),
            },
        };
        var created = await NewProjectAsync(handler, new
        {
            name = "实施项目 E2E", customerId = customer.Id, ownerId,
            baselineSource = "manual", baselineValue = 80, baselineNote = "agreed with the customer",
            warningMargin = 10, hysteresis = 2, smoothingAlpha = 0.5, correctionGain = 0.5, minimumPairs = 2,
            stages = new[] { Stage("s1", 0.5, 0.3, 0.2), Stage("s2", 0.4, 0.4, 0.2), Stage("s3", 0.4, 0.4, 0.2) },
        });
        var id = created.Summary.Id;
        // B = 80, W = 80 − 10 = 70; no reading yet: every factor scores B, S = B = 80.
        Assert.Equal((80.0, 80.0, 70.0), (created.Summary.Estimate!.Value, created.Summary.Baseline!.Value, created.Summary.Warning!.Value));
        Assert.Equal(unit.Id, created.Summary.UnitId);
        Assert.Equal([StageStatus.Active, StageStatus.Pending, StageStatus.Pending], created.Stages.Select(s => s.Status));
        Assert.Single(created.Series);

        // pulse 3 on 1–5 → 50 (first reading as it is): S = 0.5·80 + 0.3·80 + 0.2·50 = 40 + 24 + 10 = 74 ≥ 70: no alert.
        var r1 = await ReadingAsync(handler, id, "pulse", 3);
        Assert.Equal((50.0, 50.0), (r1.Score, r1.SmoothedScore));
        Assert.Equal(74, (await ProjectAsync(handler, id)).Summary.Estimate!.Value, Tolerance);

        // service 40 (manual 0–100, with a note) → 40: S = 40 + 0.3·40 + 10 = 62 < 70: the alert opens.
        await ReadingAsync(handler, id, "service", 40, note: "customer complained about the site team");
        var detail = await ProjectAsync(handler, id);
        Assert.Equal(62, detail.Summary.Estimate!.Value, Tolerance);
        var alert = Assert.Single(detail.Alerts);
        Assert.Equal((62.0, 70.0), (alert.EstimateAtOpen, alert.WarningAtOpen), new ToleranceComparer());
        // Causes w·(B − s): service 0.3·(80 − 40) = 12, pulse 0.2·(80 − 50) = 6, delivery 0.5·(80 − 80) = 0 (not named).
        Assert.Equal(["service", "pulse"], alert.Causes.Select(c => c.FactorKey));
        Assert.Equal(12, alert.Causes[0].Contribution, Tolerance);
        Assert.Equal(6, alert.Causes[1].Contribution, Tolerance);
        Assert.Equal(alert.Id, detail.Summary.OpenAlertId);
        Assert.NotNull(alert.CaseId);
        var recovery = (await handler.GetFromJsonAsync<CaseDetails>(Url($"/api/v1/cases/{alert.CaseId}"), Json))!;
        Assert.Equal((CaseKind.Recovery, "monitoring", ownerId, customer.Id, unit.Id), (recovery.Kind, recovery.Channel, recovery.OwnerId!.Value, recovery.Customer!.Id, recovery.Unit.Id));
        Assert.Contains("62.0", recovery.Subject, StringComparison.Ordinal);
        Assert.Contains("70.0", recovery.Subject, StringComparison.Ordinal);
        Assert.Contains("service", recovery.Subject, StringComparison.Ordinal);
        Assert.Equal(detail.Summary.RecoveryCaseNumber, recovery.Number);
        // The owner is notified of the new case.
        Assert.True(await DbAsync(app, db => db.Notifications.AnyAsync(n => n.UserId == ownerId && n.CaseId == recovery.Id)));

        // service 100 → smoothed 0.5·100 + 0.5·40 = 70: S = 40 + 0.3·70 + 10 = 71: above W but below W + h = 72: stays open.
        await ReadingAsync(handler, id, "service", 100, note: "site team replaced");
        detail = await ProjectAsync(handler, id);
        Assert.Equal(71, detail.Summary.Estimate!.Value, Tolerance);
        Assert.NotNull(detail.Summary.OpenAlertId);

        // pulse 5 → 100, smoothed 0.5·100 + 0.5·50 = 75: S = 40 + 21 + 0.2·75 = 76 ≥ 72: cleared.
        await ReadingAsync(handler, id, "pulse", 5);
        detail = await ProjectAsync(handler, id);
        Assert.Equal(76, detail.Summary.Estimate!.Value, Tolerance);
        Assert.Null(detail.Summary.OpenAlertId);
        alert = Assert.Single(detail.Alerts);
        Assert.NotNull(alert.ClearedAt);
        Assert.Equal(76, alert.EstimateAtClear!.Value, Tolerance);
        Assert.Equal(62, alert.Lowest, Tolerance);
        var history = await HistoryAsync(handler, recovery.Id);
        Assert.Contains(history, e => e.Kind == CaseEventKind.Noted && e.Note!.Contains("S(t) back above W", StringComparison.Ordinal));

        // Hovering at W: service 32 → smoothed 0.5·32 + 0.5·70 = 51: S = 40 + 0.3·51 + 15 = 70.3 ≥ 70: no new alert.
        await ReadingAsync(handler, id, "service", 32, note: "a small slip");
        detail = await ProjectAsync(handler, id);
        Assert.Equal(70.3, detail.Summary.Estimate!.Value, Tolerance);
        Assert.Single(detail.Alerts);

        // delivery 1 (on time) → 100: S = 0.5·100 + 15.3 + 15 = 80.3.
        await ReadingAsync(handler, id, "delivery", 1);
        Assert.Equal(80.3, (await ProjectAsync(handler, id)).Summary.Estimate!.Value, Tolerance);

        // Close stage 1 with a pulse answer 6.8 on 0–10 → A = 68 (chosen = 0.2·100 + 0.5·51 + 0.3·75, the true weights below).
        // S_est = 80.3, error = 68 − 80.3 = −12.3; B' = 80 + 0.5·(−12.3) = 73.85, W' = 63.85. Pairs covering the stage-2 keys: 1 < 2:
        // weights kept (stage 2's configured 0.4/0.4/0.2, version 1).
        var c1 = await PostOkAsync<CorrectionDto>(handler, $"/api/v1/projects/{id}/stages/close", new { value = 6.8, scaleMin = 0, scaleMax = 10, note = "stage 1 done" });
        Assert.Equal(CorrectionKind.WeightsKept, c1.Kind);
        Assert.Equal((1, 1), (c1.WeightsVersion, c1.Pairs));
        Assert.Equal(80.3, c1.Estimate, Tolerance);
        Assert.Equal(68, c1.Actual, Tolerance);
        Assert.Equal(-12.3, c1.Error, Tolerance);
        Assert.Equal(80, c1.BaselineBefore, Tolerance);
        Assert.Equal(73.85, c1.BaselineAfter, Tolerance);
        Assert.Equal(0.5, c1.WeightsBefore["delivery"], Tolerance);
        Assert.Equal(0.4, c1.WeightsAfter["delivery"], Tolerance);
        detail = await ProjectAsync(handler, id);
        Assert.Equal((1, 3, "Stage s2"), (detail.Summary.StageIndex, detail.Summary.StageCount, detail.Summary.StageName));
        Assert.Equal(73.85, detail.Summary.Baseline!.Value, Tolerance);
        Assert.Equal(63.85, detail.Summary.Warning!.Value, Tolerance);
        // Stage 2 starts with the carried smoothed scores (100, 51, 75): S = 0.4·100 + 0.4·51 + 0.2·75 = 40 + 20.4 + 15 = 75.4.
        Assert.Equal(75.4, detail.Summary.Estimate!.Value, Tolerance);
        Assert.Equal(StageStatus.Closed, detail.Stages[0].Status);
        Assert.Equal(-12.3, detail.Stages[0].Error!.Value, Tolerance);

        // Stage 2: service 91 → smoothed 0.5·91 + 0.5·51 = 71: S = 40 + 0.4·71 + 15 = 83.4.
        await ReadingAsync(handler, id, "service", 91, note: "weekly review");
        Assert.Equal(83.4, (await ProjectAsync(handler, id)).Summary.Estimate!.Value, Tolerance);
        // Check-in A = 0.2·100 + 0.5·71 + 0.3·75 = 78: a pair (100, 71, 75) → 78; the stage stays open.
        var pair = await PostOkAsync<PairDto>(handler, $"/api/v1/projects/{id}/check-ins", new { value = 78 });
        Assert.Equal(83.4, pair.Estimate, Tolerance);
        Assert.Equal(71, pair.Scores["service"], Tolerance);
        // pulse 2 → 25, smoothed 0.5·25 + 0.5·75 = 50: S = 40 + 28.4 + 0.2·50 = 78.4.
        await ReadingAsync(handler, id, "pulse", 2);
        Assert.Equal(78.4, (await ProjectAsync(handler, id)).Summary.Estimate!.Value, Tolerance);

        // Close stage 2 with A = 70.5 (= 0.2·100 + 0.5·71 + 0.3·50). S_est = 78.4, error −7.9; B'' = 73.85 + 0.5·(−7.9) = 69.9,
        // W'' = 59.9. Pairs: (100, 51, 75) → 68, (100, 71, 75) → 78, (100, 71, 50) → 70.5 — 3 ≥ 2: re-estimated. By hand with
        // Σw = 1: A = 100 − w_s·(100 − s) − w_p·(100 − p); pairs 1, 2: 100 − 49w_s − 25w_p = 68, 100 − 29w_s − 25w_p = 78 → w_s = 0.5;
        // pair 3: 100 − 14.5 − 50w_p = 70.5 → w_p = 0.3; w_d = 0.2. Noiseless: RMSE 0. Version 1 → 2.
        var c2 = await PostOkAsync<CorrectionDto>(handler, $"/api/v1/projects/{id}/stages/close", new { value = 70.5, note = "stage 2 done" });
        Assert.Equal(CorrectionKind.WeightsEstimated, c2.Kind);
        Assert.Equal((2, 3), (c2.WeightsVersion, c2.Pairs));
        Assert.Equal(-7.9, c2.Error, Tolerance);
        Assert.Equal(69.9, c2.BaselineAfter, Tolerance);
        Assert.Equal(0.2, c2.WeightsAfter["delivery"], 1e-4);
        Assert.Equal(0.5, c2.WeightsAfter["service"], 1e-4);
        Assert.Equal(0.3, c2.WeightsAfter["pulse"], 1e-4);
        Assert.Equal(0, c2.FitError!.Value, 1e-3);
        detail = await ProjectAsync(handler, id);
        Assert.Equal(59.9, detail.Summary.Warning!.Value, Tolerance);
        Assert.Equal(2, detail.Stages[2].WeightsVersion);
        // Stage 3 with the new weights: S = 0.2·100 + 0.5·71 + 0.3·50 = 70.5 ≥ 59.9.
        Assert.Equal(70.5, detail.Summary.Estimate!.Value, 1e-3);
        Assert.Null(detail.Summary.OpenAlertId);

        // The final reports exist only for a completed project.
        using (var early = await handler.GetAsync(Url($"/api/v1/projects/{id}/reports/internal")))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        // Close stage 3 with A = 72: error 72 − 70.5 = 1.5; the project completes.
        var c3 = await PostOkAsync<CorrectionDto>(handler, $"/api/v1/projects/{id}/stages/close", new { value = 72 });
        Assert.Null(c3.NextStageId);
        Assert.Equal(1.5, c3.Error, 1e-3);
        detail = await ProjectAsync(handler, id);
        Assert.Equal(ProjectStatus.Completed, detail.Summary.Status);
        Assert.NotNull(detail.Summary.CompletedAt);
        Assert.All(detail.Stages, s => Assert.Equal(StageStatus.Closed, s.Status));
        Assert.Equal(3, (await handler.GetFromJsonAsync<List<CorrectionDto>>(Url($"/api/v1/projects/{id}/corrections"), Json))!.Count);
        // Series: creation, 8 readings, the start of stages 2 and 3 = 11 points in time order.
        var series = (await handler.GetFromJsonAsync<List<EstimatePointDto>>(Url($"/api/v1/projects/{id}/series"), Json))!;
        Assert.Equal(11, series.Count);
        Assert.Equal(series.OrderBy(p => p.At).Select(p => p.At), series.Select(p => p.At));

        // Both final reports. Internal: S_est against A per stage (80.3, 68, −12.3), (78.4, 70.5, −7.9), (70.5, 72, 1.5); mean absolute
        // error (12.3 + 7.9 + 1.5) / 3 = 7.2333… → "7.23"; one alert with its recovery case; three corrections with baselines
        // 73.85, 69.9 and — after the last stage — 69.9 + 0.5·1.5 = 70.65.
        var internalReport = await ReportAsync(handler, $"/api/v1/projects/{id}/reports/internal?lang=en");
        var accuracy = ReportRows(internalReport, "accuracy");
        Assert.Equal([-12.3, -7.9, 1.5], accuracy.Select(r => Math.Round(r[3].GetDouble(), 6)));
        Assert.Equal([12.3, 7.9, 1.5], accuracy.Select(r => Math.Round(r[4].GetDouble(), 6)));
        Assert.Contains("7.23 points over 3 stages", ReportText(internalReport, "accuracy")[0], StringComparison.Ordinal);
        Assert.Single(ReportRows(internalReport, "alerts"));
        Assert.Single(ReportRows(internalReport, "recovery"));
        Assert.Equal([73.85, 69.9, 70.65], ReportRows(internalReport, "corrections").Select(r => Math.Round(r[6].GetDouble(), 6)));
        // External, for the customer: A per stage 68, 70.5, 72; overall (68 + 70.5 + 72) / 3 = 70.1666… → "70.17"; nothing internal.
        var externalReport = await ReportAsync(handler, $"/api/v1/projects/{id}/reports/external?lang=en");
        Assert.Equal([68, 70.5, 72], ReportRows(externalReport, "stages").Select(r => Math.Round(r[3].GetDouble(), 6)));
        Assert.Contains("70.17 of 100 (mean of 3 stages)", ReportText(externalReport, "summary")[1], StringComparison.Ordinal);
        var external = externalReport.GetRawText();
        foreach (var word in new[] { "weight", "estimate", "baseline", "cause", "a small slip" })
        {
            Assert.DoesNotContain(word, external, StringComparison.OrdinalIgnoreCase);
        }

        // A completed project takes no more readings.
        var refused = await handler.PostAsJsonAsync(Url($"/api/v1/projects/{id}/readings"), new { factorKey = "pulse", value = 4 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        // Every write is audited: creation, 8 readings, 1 check-in, 3 closes.
        Assert.Equal(13, await DbAsync(app, db => db.AuditEntries.CountAsync(a => a.Subject == "project " + id.ToString())));
    }

    private static async Task<JsonElement> ReportAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(Url(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<JsonElement[]> ReportRows(JsonElement report, string table) =>
        [.. report.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("tables").EnumerateArray())
            .Single(t => t.GetProperty("key").GetString() == table).GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray())];

    private static List<string> ReportText(JsonElement report, string section) =>
        [.. report.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("key").GetString() == section).GetProperty("text").EnumerateArray().Select(t => t.GetString()!)];

    private sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < Tolerance && Math.Abs(x.Item2 - y.Item2) < Tolerance;

        public int GetHashCode((double, double) obj) => 0;
    }
}
