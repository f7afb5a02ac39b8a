using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Reports;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Manyi.Web.Tests.Features.Reports.ReportScheduleData;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>The report scheduler on a fake clock against netDumbster: a due report is sent once (also by two schedulers on one
/// database), a failing report records its reason and keeps its next run.</summary>
[Collection(ReportScheduleGroup.Name)]
public sealed class ReportSchedulerTests(ReportScheduleFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DueReport_IsSentOnce_WithAttachmentAndLink_AndTheNextRunIsADayLater(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (id, due, recipient, waveId) = await DueDefinitionAsync(app);
        var clock = new FakeTimeProvider(due.AddMinutes(-1));
        var scheduler = Scheduler(app, clock, FakeCsv, "tests-a");
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Empty(fixture.MessagesTo(recipient));

        clock.SetUtcNow(due);
        var pass = await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.True(pass.Leased);
        await scheduler.RunOnceAsync(CancellationToken.None);
        var message = Assert.Single(fixture.MessagesTo(recipient));
        Assert.Equal("定期报告：日报", message.Subject);
        var attachment = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("report.csv", attachment.FileName);
        Assert.Contains($"{WaveData.PublicBase}/reports/wave/{waveId}?lang=zh-CN", message.TextBody, StringComparison.Ordinal);

        var stored = await WaveData.DbAsync(app, db => db.ReportDefinitions.AsNoTracking().SingleAsync(d => d.Id == id));
        Assert.Equal(ReportScheduler.Sent, stored.LastOutcome);
        Assert.Equal(due, stored.LastRunAt);
        // Daily at 08:00 Shanghai: the next run is the same time a day later.
        Assert.Equal(due.AddDays(1), stored.NextRunAt);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task TwoSchedulers_OnOneDatabase_SendOnce(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (id, due, recipient, _) = await DueDefinitionAsync(app);
        var clock = new FakeTimeProvider(due.AddSeconds(30));
        var a = Scheduler(app, clock, FakeCsv, "tests-a");
        var b = Scheduler(app, clock, FakeCsv, "tests-b");
        var passes = await Task.WhenAll(a.RunOnceAsync(CancellationToken.None), b.RunOnceAsync(CancellationToken.None), a.RunOnceAsync(CancellationToken.None), b.RunOnceAsync(CancellationToken.None));
        Assert.Single(fixture.MessagesTo(recipient));
        Assert.Contains(passes, p => p.Leased);

        // Even without the lease (it expired and the other instance took it), the claim on NextRunAt keeps a run from going twice.
        await ReleaseLeaseAsync(app);
        await b.RunOnceAsync(CancellationToken.None);
        Assert.Single(fixture.MessagesTo(recipient));
        Assert.Equal(due.AddDays(1), await WaveData.DbAsync(app, db => db.ReportDefinitions.Where(d => d.Id == id).Select(d => d.NextRunAt).SingleAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task FailingReport_RecordsTheReason_AndKeepsTheNextRun(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (id, due, recipient, _) = await DueDefinitionAsync(app);
        var clock = new FakeTimeProvider(due);
        var scheduler = Scheduler(app, clock, (_, _, _, _, _) => throw new InvalidOperationException("boom"), "tests-a");
        var pass = await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.True(pass.Failed >= 1);
        Assert.Empty(fixture.MessagesTo(recipient));
        var stored = await WaveData.DbAsync(app, db => db.ReportDefinitions.AsNoTracking().SingleAsync(d => d.Id == id));
        Assert.Equal("failed: the report could not be generated (InvalidOperationException)", stored.LastOutcome);
        Assert.Equal(due, stored.LastRunAt);
        Assert.Equal(due.AddDays(1), stored.NextRunAt);

        // A report whose wave is gone for its creator (renderer answers null) fails with its own reason.
        clock.SetUtcNow(due.AddDays(1));
        await Scheduler(app, clock, (_, _, _, _, _) => Task.FromResult<ReportFile?>(null), "tests-a").RunOnceAsync(CancellationToken.None);
        var again = await WaveData.DbAsync(app, db => db.ReportDefinitions.AsNoTracking().SingleAsync(d => d.Id == id));
        Assert.StartsWith("failed: the wave or unit", again.LastOutcome, StringComparison.Ordinal);
        Assert.Equal(due.AddDays(2), again.NextRunAt);
    }

    /// <summary>With the reports part merged, the real renderer attaches the workbook (skipped while ReportFiles is the stub).</summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DueReport_WithTheRealRenderer_AttachesTheWorkbook(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var (id, due, recipient, _) = await DueDefinitionAsync(app);
        await Scheduler(app, new FakeTimeProvider(due), render: null, "tests-a").RunOnceAsync(CancellationToken.None);
        var stored = await WaveData.DbAsync(app, db => db.ReportDefinitions.AsNoTracking().SingleAsync(d => d.Id == id));
        Skip.If(stored.LastOutcome?.Contains(nameof(NotImplementedException), StringComparison.Ordinal) == true, "ReportFiles.RenderAsync is still the stub in this branch");
        Assert.Equal(ReportScheduler.Sent, stored.LastOutcome);
        var attachment = Assert.Single(Assert.Single(fixture.MessagesTo(recipient)).Attachments.OfType<MimeKit.MimePart>());
        Assert.EndsWith(".xlsx", attachment.FileName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A daily 08:00 Shanghai wave report created by an analyst through the API; returns its first due time.</summary>
    private static async Task<(Guid Id, DateTimeOffset Due, string Recipient, Guid WaveId)> DueDefinitionAsync(ManyiWebFactory app)
    {
        await ReleaseLeaseAsync(app);
        var wave = await WaveAsync(app);
        var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var recipient = Recipient();
        var created = await CreateAsync(analyst, new { name = "日报", kind = "wave", waveId = wave.Id, enabled = true, frequency = "daily", timeOfDay = 480, recipients = new[] { recipient } });
        var due = created.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(8, due.ToOffset(TimeSpan.FromHours(8)).Hour);
        // Other tests' definitions that fall due at the same fake time are sent too; each test looks at its own recipient only.
        return (created.GetProperty("id").GetGuid(), due.ToUniversalTime(), recipient, wave.Id);
    }

    private static Task<int> ReleaseLeaseAsync(ManyiWebFactory app) =>
        WaveData.DbAsync(app, db => db.JobLeases.Where(l => l.Name == ReportScheduler.LeaseName).ExecuteDeleteAsync());
}
