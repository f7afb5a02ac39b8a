using System.Diagnostics;
using System.Net.Http.Json;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Demo;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Value;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Demo;

/// <summary>
/// The demo's improvement board and customer value are honest (issue 9 mending): every Checked action's stored effect is what the
/// real effect check computes now over the demo waves, every action has the audit trail the real use cases write, and K
/// (policy basis Revenue, computed by the real valuation) is positive for every active customer while the profit whale curve
/// still peaks above 100 %.
/// </summary>
public class DemoImprovementTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DemoFill_ActionsHaveRealEffectsAndHistories_AndEveryActiveCustomerHasPositiveK(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filled = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.True(filled.Created, filled.Refusal);
        }
        output.WriteLine($"whole demo fill ({provider}): {stopwatch.Elapsed.TotalSeconds:0.00} s");
        var admin = await app.CreateClientAsAsync(Roles.Administrator);

        var actions = (await admin.GetFromJsonAsync<ActionPage>(Url("/api/v1/actions?pageSize=200"), Json))!.Items;
        Assert.Equal(20, actions.Count);
        foreach (var status in Enum.GetValues<ActionStatus>())
        {
            output.WriteLine($"{status}: {actions.Count(a => a.Status == status)}");
            Assert.Contains(actions, a => a.Status == status);
        }

        // (b) The audit trail: one entry per step, by the owner, at the step's own time, as the use cases write them.
        var entries = new List<AuditEntryDto>();
        foreach (var verb in new[]
        {
            ImprovementActions.AuditActions.Create, ImprovementActions.AuditActions.Start, ImprovementActions.AuditActions.Complete,
            ImprovementActions.AuditActions.Cancel, ImprovementActions.AuditActions.EffectCheck,
        })
        {
            entries.AddRange((await admin.GetFromJsonAsync<AuditPage>(Url($"/api/v1/audit?action={verb}&pageSize=200"), Json))!.Items);
        }
        var trail = entries.ToLookup(e => e.Subject);
        foreach (var action in actions)
        {
            var history = trail[ImprovementActions.Subject(action.Id)].OrderBy(e => e.At).ToList();
            Assert.NotEmpty(history);
            Assert.All(history, e => Assert.Equal(action.OwnerId, e.ActorId));
            Assert.Equal(ImprovementActions.AuditActions.Create, history[0].Action);
            Assert.Equal(action.CreatedAt, history[0].At);
            var expected = action.Status switch
            {
                ActionStatus.Planned => ["create"],
                ActionStatus.InProgress => ["create", "start"],
                ActionStatus.Done => ["create", "start", "complete"],
                ActionStatus.Checked => ["create", "start", "complete", "effect-check"],
                _ => new[] { "create", "cancel" },
            };
            Assert.Equal(expected.Select(v => "action." + v), history.Select(e => e.Action));
            if (action.StartedAt is { } started)
            {
                Assert.Equal(started, history[1].At);
            }
            if (action.CompletedAt is { } completed)
            {
                Assert.Equal(completed, history[2].At);
            }
        }

        // (a) Every Checked action's effect equals what EffectCheck computes for it now (same before wave, the after wave it picks).
        var checkedActions = actions.Where(a => a.Status == ActionStatus.Checked).ToList();
        Assert.NotEmpty(checkedActions);
        foreach (var action in checkedActions)
        {
            var stored = action.Effect!;
            Assert.Equal(action.BaselineWaveId, stored.BeforeWaveId);
            Assert.Equal(action.Indicators.Select(i => i.Key), stored.Items.Select(i => i.Key));
            Assert.All(stored.Items, i => Assert.True(i.Before is not null && i.After is not null, $"{action.Title} {i.Key}: no figure"));
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var owner = await DemoActors.ForAsync(db, await db.Organisations.Select(o => o.Id).SingleAsync(), action.OwnerId, default);
            var (result, conflict) = await EffectCheck.RunAsync(db, scope.ServiceProvider.GetRequiredService<WaveDataCache>(), owner,
                TimeProvider.System, action.Id, new EffectCheckInput(), default);
            Assert.Null(conflict);
            var now = result.Value!.Effect!;
            Assert.Equal(stored.AfterWaveId, now.AfterWaveId);
            Assert.Equal(stored.Alpha, now.Alpha);
            Assert.Equal(stored.Items.Count, now.Items.Count);
            foreach (var (s, n) in stored.Items.Zip(now.Items))
            {
                output.WriteLine($"{action.Number} {s.Key}: {s.Before:0.00} → {s.After:0.00} (n {s.BeforeN}/{s.AfterN}), {s.Test} p={s.PValue:0.0000} significant={s.Significant}");
                // The same computation over the same rows: equal up to the JSON round trip of a double (tolerance 1e-9).
                Assert.Equal(n.Key, s.Key);
                Assert.Equal(n.Before!.Value, s.Before!.Value, 1e-9);
                Assert.Equal(n.After!.Value, s.After!.Value, 1e-9);
                Assert.Equal(n.BeforeN, s.BeforeN);
                Assert.Equal(n.AfterN, s.AfterN);
                Assert.Equal(n.Test, s.Test);
                Assert.Equal(n.PValue ?? double.NaN, s.PValue ?? double.NaN, 1e-9);
                Assert.Equal(n.Significant, s.Significant);
            }
        }

        // (c) K by the real valuation on basis Revenue: no active customer with K ≤ 0; the profit whale curve still peaks above 100 %.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var policy = await db.CustomerValuePolicies.AsNoTracking().SingleAsync();
            Assert.Equal(CustomerValueBasis.Revenue, policy.Basis);
            Assert.NotNull(policy.ComputedAt);
            var active = await db.Customers.AsNoTracking().Where(c => c.Status == CustomerStatus.Active).Select(c => c.Value).ToListAsync();
            output.WriteLine($"{active.Count} active customers, K from {active.Min()} to {active.Max()}");
            Assert.All(active, k => Assert.True(k > 0));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "customer-value.compute"));
        }
        var whale = (await admin.GetFromJsonAsync<ConcentrationDto>(Url("/api/v1/customer-value/concentration?measure=profit"), Json))!;
        output.WriteLine($"whale: {whale.Customers} customers, peak {whale.PeakShare:P1} at {whale.PeakCustomerShare:P1}, {whale.Unprofitable} unprofitable");
        // Cost-to-serve losses among large customers too (DemoValue): the most profitable customers earn well over 100 % of the profit
        // (the demo before them peaked at 101 %). The demo's figures follow its clock, so the peak moves from day to day: 129.7 % on
        // 2026-11-28, 132–149 % the day before; 120 % keeps the claim without tying it to one day's draw.
        Assert.True(whale.PeakShare > 1.2, $"whale curve peak {whale.PeakShare:P1}");
        Assert.True(whale.Unprofitable > 0);
    }
}
