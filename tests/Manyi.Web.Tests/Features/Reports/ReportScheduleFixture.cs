using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Waves;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Waves;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using netDumbster.smtp;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>One app per provider with SMTP pointed at a netDumbster server on loopback; the hosted scheduler waits an hour between
/// passes, so the tests drive their own schedulers on a fake clock. Each test uses its own recipient addresses.</summary>
public sealed class ReportScheduleFixture : SharedApps, IDisposable
{
    public ReportScheduleFixture()
        : this(Configuration.Configure().WithRandomPort().Build())
    {
    }

    private ReportScheduleFixture(SimpleSmtpServer smtp)
        : base(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Manyi:PublicBaseUrl"] = WaveData.PublicBase,
            ["Manyi:Smtp:Host"] = "127.0.0.1",
            ["Manyi:Smtp:Port"] = smtp.Configuration.Port.ToString(CultureInfo.InvariantCulture),
            ["Manyi:Smtp:From"] = "reports@example.cn",
            ["Manyi:Smtp:IntervalSeconds"] = "86400",
            ["Manyi:Reports:SchedulerSeconds"] = "3600",
            ["Manyi:Cases:ClockSeconds"] = "3600",
        }) => Smtp = smtp;

    public SimpleSmtpServer Smtp { get; }

    /// <summary>The messages received for <paramref name="address"/>.</summary>
    public List<MimeMessage> MessagesTo(string address) =>
        [.. Smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public void Dispose() => Smtp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ReportScheduleGroup : ICollectionFixture<ReportScheduleFixture>
{
    public const string Name = "report-schedules";
}

public static class ReportScheduleData
{
    public static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>A unique recipient address.</summary>
    public static string Recipient() => $"r{Guid.NewGuid():N}"[..12] + "@example.cn";

    /// <summary>A wave of the scores questionnaire of the results tests with a few responses.</summary>
    public static async Task<Wave> WaveAsync(ManyiWebFactory app)
    {
        var wave = await app.AddWaveAsync(ResultsTestData.ScoresQuestionnaire(), ResultsTestData.ScoresIndicators(), minimumN: 1);
        await app.AddResponsesAsync(wave, Enumerable.Range(0, 6).Select(i => new SeedResponse(ResultsTestData.Cells(
            ("recommend", 4 + i), ("satisfaction", 1 + (i % 5)), ("q1", 1 + (i % 5)), ("q2", 5 - (i % 5)), ("q3", 3), ("q4", 4)))));
        return wave;
    }

    /// <summary>Creates a definition through the API as <paramref name="client"/>; fails unless 201.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/report-definitions"), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await WaveData.JsonOf(response);
    }

    /// <summary>A scheduler on the app's services with <paramref name="clock"/> and <paramref name="render"/>.</summary>
    public static ReportScheduler Scheduler(ManyiWebFactory app, TimeProvider clock, ReportRenderer? render, string holder)
    {
        var s = app.Services;
        return new ReportScheduler(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IOptions<ReportSchedulerOptions>>(), s.GetRequiredService<IOptions<SmtpOptions>>(),
            s.GetRequiredService<IConfiguration>(), clock, NullLogger<ReportScheduler>.Instance, render, holder);
    }

    /// <summary>A renderer that returns a small CSV naming the request (the reports helper's renderer comes with the merge).</summary>
    public static Task<ReportFile?> FakeCsv(IServiceProvider services, Manyi.Web.Features.Users.Viewer viewer, ReportRequest request, Manyi.Core.Reports.ReportFormat format, CancellationToken ct) =>
        Task.FromResult<ReportFile?>(new ReportFile("report.csv", "text/csv", System.Text.Encoding.UTF8.GetBytes($"kind,wave\n{request.Kind},{request.WaveId}\n")));

    public static readonly string[] AnalystRole = [Roles.Analyst];
}
