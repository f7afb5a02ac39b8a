using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Monitoring;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>One app per provider shared by the project report tests; each test writes its own project.</summary>
public sealed class ProjectReportsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class ProjectReportsGroup : ICollectionFixture<ProjectReportsFixture>
{
    public const string Name = "project-reports";
}

/// <summary>A project driven through three stages, written as the engine stores it, with every number chosen by hand.</summary>
public sealed record ReportProject(Guid ProjectId, Guid UnitId, Guid[] StageIds, Guid OwnerId, string OwnerName, string CustomerName);

/// <summary>
/// The test project (all numbers by hand; the model of product.md M8 with α = 0.5, margin 10, hysteresis 2, gain 0.5).
/// t0 = Monday 2026-03-02 00:00 UTC. Factors: delivery (milestones 0 → 0, 1 → 100), pulse (1 → 0, 5 → 100).
/// Stage 1 [t0, t0+30d): B 70, W 60, weights delivery .6 / pulse .4 (v1).
///   r1 t0+5d delivery 0 → score 0, smoothed 0: S = .6·0 + .4·70 = 28 &lt; 60 → alert 1 (cause delivery .6·(70−0) = 42), recovery R1.
///   r2 t0+10d pulse 4 → 75, smoothed 75: S = 30.  r3 t0+20d delivery 1 → 100, smoothed 50: S = 60 (not ≥ 62: still open).
///   Close: S_est = .6·50 + .4·75 = 60, A = 72, error 12; B' = 70 + .5·12 = 76; 1 pair &lt; 2: weights kept (v1).
/// Stage 2 [t0+30d, t0+60d): B 76, W 66. Start: S = 60.
///   r4 t0+35d delivery 1 → 100, smoothed 75: S = 75 ≥ 68 → alert 1 cleared (720 h after opening).
///   r5 t0+40d pulse 2 → 25, smoothed 50: S = 65 &lt; 66 → alert 2 (pulse .4·26 = 10.4, delivery .6·1 = 0.6), recovery R2.
///   r6 t0+50d pulse 5 → 100, smoothed 75: S = 75 → alert 2 cleared (240 h).
///   Close: S_est 75, A 80, error 5; B' = 76 + 2.5 = 78.5; 2 pairs ≥ 2: weights re-estimated v2 delivery .3 / pulse .7 (RMSE 1.5, stored).
/// Stage 3 [t0+60d, t0+90d): B 78.5, W 68.5. Start: S = .3·75 + .7·75 = 75.
///   r7 t0+65d delivery 1 → 100, smoothed 87.5: S = 26.25 + 52.5 = 78.75. Close: A 78, error −0.75; project completed.
/// Cases (calendar default: Mon–Fri 08:30–12:00, 13:30–17:30 Asia/Shanghai, 7.5 business hours a day):
///   C1 stage 1 received Wed 03-04 09:00+08, responded 11:00 (2 h), resolved Thu 10:00 (3 + 4 + 1.5 = 8.5 h), resolution breached.
///   C2 stage 2 received Mon 04-06 14:00+08, responded 16:30 (2.5 h), resolved Tue 09:30 (3.5 + 1 = 4.5 h).
///   C3 stage 2 received Tue 04-07 10:00+08, responded 10:30 (0.5 h), open.
///   Not counted: a case of the customer before the project, a case of another customer.
/// </summary>
public static class ProjectReportTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public const string InternalNote = "internal note: handler Zhang San called them";

    public const string HandlerName = "Handler Wang Secret";

    private static StageFactor Delivery(double w) => new() { Key = "delivery", Name = "Delivery", Source = FactorSource.Milestones, Weight = w, Worst = 0, Best = 1 };

    private static StageFactor Pulse(double w) => new() { Key = "pulse", Name = "Pulse", Source = FactorSource.Pulse, Weight = w, Worst = 1, Best = 5 };

    private static Dictionary<string, double> W(double delivery, double pulse) => new(StringComparer.Ordinal) { ["delivery"] = delivery, ["pulse"] = pulse };

    public static async Task<ReportProject> AddCompletedProjectAsync(ManyiWebFactory app, Guid unitId, string name)
    {
        var (ownerId, ownerName) = await app.CreateUserAsync(Roles.CaseHandler, unitId);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var org = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var customer = NewCustomer(org, unitId, "Customer 客户 " + Guid.NewGuid().ToString("N")[..6]);
        var other = NewCustomer(org, unitId, "Other customer");
        db.Customers.AddRange(customer, other);
        var p = new ServiceProject
        {
            Id = Guid.NewGuid(), OrganisationId = org, UnitId = unitId, CustomerId = customer.Id, OwnerId = ownerId, Name = name,
            Status = ProjectStatus.Completed, StartedAt = T0, CompletedAt = T0.AddDays(90), BaselineSource = BaselineSource.Manual, BaselineNote = "by hand",
            InitialBaseline = 70, MinimumPairs = 2, CurrentStage = 3, CurrentEstimate = 78.75, CreatedAt = T0, UpdatedAt = T0.AddDays(90), Version = Guid.NewGuid(),
        };
        db.ServiceProjects.Add(p);
        var s = new[]
        {
            Stage(p.Id, 0, "s1", 70, W(.6, .4), 1, T0, T0.AddDays(30), 60, 72),
            Stage(p.Id, 1, "s2", 76, W(.6, .4), 1, T0.AddDays(30), T0.AddDays(60), 75, 80),
            Stage(p.Id, 2, "s3", 78.5, W(.3, .7), 2, T0.AddDays(60), T0.AddDays(90), 78.75, 78),
        };
        db.ProjectStages.AddRange(s);
        void Read(int stage, int day, string key, FactorSource source, double raw, double score, double smoothed) =>
            db.MonitoringReadings.Add(new MonitoringReading
            {
                Id = Guid.NewGuid(), ProjectId = p.Id, StageId = s[stage].Id, FactorKey = key, Source = source, RawValue = raw, Score = score, SmoothedScore = smoothed,
                ObservedAt = T0.AddDays(day), RecordedAt = T0.AddDays(day), RecordedById = ownerId, Note = day == 5 ? "<b>late</b> =cmd" : null,
            });
        Read(0, 5, "delivery", FactorSource.Milestones, 0, 0, 0);
        Read(0, 10, "pulse", FactorSource.Pulse, 4, 75, 75);
        Read(0, 20, "delivery", FactorSource.Milestones, 1, 100, 50);
        Read(1, 35, "delivery", FactorSource.Milestones, 1, 100, 75);
        Read(1, 40, "pulse", FactorSource.Pulse, 2, 25, 50);
        Read(1, 50, "pulse", FactorSource.Pulse, 5, 100, 75);
        Read(2, 65, "delivery", FactorSource.Milestones, 1, 100, 87.5);
        void Estimate(int stage, int day, double value) => db.ProjectEstimates.Add(new ProjectEstimate
        {
            Id = Guid.NewGuid(), ProjectId = p.Id, StageId = s[stage].Id, At = T0.AddDays(day), Estimate = value, Baseline = s[stage].Baseline, Warning = s[stage].Warning,
        });
        Estimate(0, 0, 70);
        Estimate(0, 5, 28);
        Estimate(0, 10, 30);
        Estimate(0, 20, 60);
        Estimate(1, 30, 60);
        Estimate(1, 35, 75);
        Estimate(1, 40, 65);
        Estimate(1, 50, 75);
        Estimate(2, 60, 75);
        Estimate(2, 65, 78.75);

        var r1 = NewCase(org, unitId, customer.Id, "RCV-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Recovery, T0.AddDays(5), ownerId);
        r1.Status = CaseStatus.Resolved;
        r1.ResolvedAt = T0.AddDays(40);
        r1.Resolution = "Re-planned delivery with the customer; weekly check-ins";
        var r2 = NewCase(org, unitId, customer.Id, "RCV-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Recovery, T0.AddDays(40), ownerId);
        r2.Status = CaseStatus.Resolved;
        r2.ResolvedAt = T0.AddDays(45);
        r2.Resolution = "Extra training session for the key users";
        var c1 = NewCase(org, unitId, customer.Id, "C1-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Complaint, new DateTimeOffset(2026, 3, 4, 1, 0, 0, TimeSpan.Zero), ownerId);
        c1.FirstRespondedAt = new DateTimeOffset(2026, 3, 4, 3, 0, 0, TimeSpan.Zero);
        c1.ResolvedAt = new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);
        c1.Status = CaseStatus.Resolved;
        c1.ResolutionBreachedAt = new DateTimeOffset(2026, 3, 5, 1, 0, 0, TimeSpan.Zero);
        var c2 = NewCase(org, unitId, customer.Id, "C2-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Enquiry, new DateTimeOffset(2026, 4, 6, 6, 0, 0, TimeSpan.Zero), ownerId);
        c2.FirstRespondedAt = new DateTimeOffset(2026, 4, 6, 8, 30, 0, TimeSpan.Zero);
        c2.ResolvedAt = new DateTimeOffset(2026, 4, 7, 1, 30, 0, TimeSpan.Zero);
        c2.Status = CaseStatus.Resolved;
        var c3 = NewCase(org, unitId, customer.Id, "C3-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Complaint, new DateTimeOffset(2026, 4, 7, 2, 0, 0, TimeSpan.Zero), ownerId);
        c3.FirstRespondedAt = new DateTimeOffset(2026, 4, 7, 2, 30, 0, TimeSpan.Zero);
        c3.Status = CaseStatus.InProgress;
        var before = NewCase(org, unitId, customer.Id, "CX-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Complaint, T0.AddDays(-10), ownerId);
        var otherCase = NewCase(org, unitId, other.Id, "CY-" + Guid.NewGuid().ToString("N")[..8], CaseKind.Complaint, T0.AddDays(36), ownerId);
        db.Cases.AddRange(r1, r2, c1, c2, c3, before, otherCase);
        db.CaseEvents.Add(new CaseEvent
        {
            Id = Guid.NewGuid(), OrganisationId = org, CaseId = r2.Id, At = T0.AddDays(41), ActorId = ownerId, ActorName = HandlerName, Kind = CaseEventKind.Noted,
            Status = CaseStatus.InProgress, Note = InternalNote,
        });

        db.MonitoringAlerts.AddRange(
            new MonitoringAlert
            {
                Id = Guid.NewGuid(), ProjectId = p.Id, StageId = s[0].Id, OpenedAt = T0.AddDays(5), EstimateAtOpen = 28, WarningAtOpen = 60, Lowest = 28,
                ClearedAt = T0.AddDays(35), EstimateAtClear = 75, CaseId = r1.Id,
                Causes = [new FactorContribution { FactorKey = "delivery", FactorName = "Delivery", Weight = .6, Score = 0, Contribution = 42 }],
            },
            new MonitoringAlert
            {
                Id = Guid.NewGuid(), ProjectId = p.Id, StageId = s[1].Id, OpenedAt = T0.AddDays(40), EstimateAtOpen = 65, WarningAtOpen = 66, Lowest = 65,
                ClearedAt = T0.AddDays(50), EstimateAtClear = 75, CaseId = r2.Id,
                Causes =
                [
                    new FactorContribution { FactorKey = "pulse", FactorName = "Pulse", Weight = .4, Score = 50, Contribution = 10.4 },
                    new FactorContribution { FactorKey = "delivery", FactorName = "Delivery", Weight = .6, Score = 75, Contribution = 0.6 },
                ],
            });
        db.CalibrationPairs.AddRange(
            Pair(p.Id, s[0].Id, T0.AddDays(30), 50, 75, 60, 72),
            Pair(p.Id, s[1].Id, T0.AddDays(60), 75, 75, 75, 80),
            Pair(p.Id, s[2].Id, T0.AddDays(90), 87.5, 75, 78.75, 78));
        db.StageCorrections.AddRange(
            Correction(p.Id, s[0].Id, s[1].Id, 30, 60, 72, 70, 76, CorrectionKind.WeightsKept, 1, W(.6, .4), W(.6, .4), 1, null),
            Correction(p.Id, s[1].Id, s[2].Id, 60, 75, 80, 76, 78.5, CorrectionKind.WeightsEstimated, 2, W(.6, .4), W(.3, .7), 2, 1.5),
            Correction(p.Id, s[2].Id, null, 90, 78.75, 78, 78.5, 78.125, CorrectionKind.WeightsKept, 2, W(.3, .7), W(.3, .7), 3, null));
        await db.SaveChangesAsync();
        return new ReportProject(p.Id, unitId, [.. s.Select(x => x.Id)], ownerId, ownerName, customer.Name);
    }

    /// <summary>An active project in its first stage with one reading (interim stage report; the final reports answer 409).</summary>
    public static async Task<(Guid ProjectId, Guid StageId)> AddActiveProjectAsync(ManyiWebFactory app, Guid unitId)
    {
        var (ownerId, _) = await app.CreateUserAsync(Roles.CaseHandler, unitId);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var org = await db.Units.Where(u => u.Id == unitId).Select(u => u.OrganisationId).SingleAsync();
        var customer = NewCustomer(org, unitId, "Active customer");
        db.Customers.Add(customer);
        var p = new ServiceProject
        {
            Id = Guid.NewGuid(), OrganisationId = org, UnitId = unitId, CustomerId = customer.Id, OwnerId = ownerId, Name = "Active project",
            Status = ProjectStatus.Active, StartedAt = T0, BaselineSource = BaselineSource.Manual, InitialBaseline = 70, CurrentEstimate = 64,
            CreatedAt = T0, UpdatedAt = T0, Version = Guid.NewGuid(),
        };
        var stage = Stage(p.Id, 0, "s1", 70, W(.6, .4), 1, T0, null, null, null);
        stage.Status = StageStatus.Active;
        db.ServiceProjects.Add(p);
        db.ProjectStages.AddRange(stage, Stage(p.Id, 1, "s2", 70, W(.6, .4), 1, null, null, null, null));
        db.MonitoringReadings.Add(new MonitoringReading
        {
            Id = Guid.NewGuid(), ProjectId = p.Id, StageId = stage.Id, FactorKey = "pulse", Source = FactorSource.Pulse, RawValue = 3, Score = 50, SmoothedScore = 50,
            ObservedAt = T0.AddDays(1), RecordedAt = T0.AddDays(1),
        });
        await db.SaveChangesAsync();
        return (p.Id, stage.Id);
    }

    private static ProjectStage Stage(Guid projectId, int index, string key, double baseline, Dictionary<string, double> weights, int version,
        DateTimeOffset? started, DateTimeOffset? closed, double? estimate, double? actual) => new()
    {
        Id = Guid.NewGuid(), ProjectId = projectId, Index = index, Key = key, Name = "Stage " + key, Status = closed is null ? StageStatus.Pending : StageStatus.Closed,
        StartedAt = started, ClosedAt = closed, Factors = [Delivery(.6), Pulse(.4)], Weights = weights, WeightsVersion = version, Baseline = baseline, Warning = baseline - 10,
        EstimateAtClose = estimate, Actual = actual, Error = actual - estimate,
    };

    private static CalibrationPair Pair(Guid projectId, Guid stageId, DateTimeOffset at, double delivery, double pulse, double estimate, double actual) => new()
    {
        Id = Guid.NewGuid(), ProjectId = projectId, StageId = stageId, At = at, Scores = W(delivery, pulse), Estimate = estimate, Actual = actual,
    };

    private static StageCorrection Correction(Guid projectId, Guid stageId, Guid? next, int day, double estimate, double actual, double before, double after,
        CorrectionKind kind, int version, Dictionary<string, double> weightsBefore, Dictionary<string, double> weightsAfter, int pairs, double? fit) => new()
    {
        Id = Guid.NewGuid(), ProjectId = projectId, StageId = stageId, NextStageId = next, At = T0.AddDays(day), Estimate = estimate, Actual = actual, Error = actual - estimate,
        BaselineBefore = before, BaselineAfter = after, Kind = kind, WeightsVersion = version, WeightsBefore = weightsBefore, WeightsAfter = weightsAfter, Pairs = pairs, FitError = fit,
    };

    private static Customer NewCustomer(Guid org, Guid unitId, string name) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = org, UnitId = unitId, Code = "K-" + Guid.NewGuid().ToString("N")[..10], Name = name,
        CreatedAt = T0, UpdatedAt = T0, Version = Guid.NewGuid(),
    };

    private static Case NewCase(Guid org, Guid unitId, Guid customerId, string number, CaseKind kind, DateTimeOffset received, Guid ownerId) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = org, Number = number, Kind = kind, Channel = kind == CaseKind.Recovery ? "monitoring" : "phone", Status = CaseStatus.New,
        CustomerId = customerId, UnitId = unitId, Subject = "Subject of " + number, ReceivedBy = ownerId, ReceivedByName = HandlerName, OwnerId = ownerId,
        ReceivedAt = received, ClockStartedAt = received, CreatedAt = received, UpdatedAt = received, Version = Guid.NewGuid(),
    };
}
