using System.Diagnostics;
using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Manyi.Web.Tests.Features.Demo;

/// <summary>
/// The demo data of issue 7: the study waves, customer measures and report definitions exist, and the findings the generators
/// are meant to make visible are in the stored answers — each checked by a hand computation over the raw answers (independent
/// of Manyi.Analytics): SERVQUAL gaps, Kano categories by the evaluation table, 2-tuple quadrants, the satisfaction trap of the
/// latest power-utility quarter, a significant and a non-significant wave-over-wave change, and the ACSI paths.
/// </summary>
public class DemoAnalysisTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DemoFill_WritesStudiesMeasuresAndReports_WhoseFindingsShow(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var stopwatch = Stopwatch.StartNew();
        DemoSummary summary;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filled = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.True(filled.Created, filled.Refusal);
            summary = filled.Summary!;
        }
        output.WriteLine($"demo fill ({provider}): {stopwatch.Elapsed.TotalSeconds:0.00} s");
        foreach (var line in summary.Lines().Where(l => !l.Contains("password", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }
        Assert.Contains(summary.Lines(), l => l.Contains("servqual-22 400", StringComparison.Ordinal));

        await using var scope2 = app.Services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var now = DateTimeOffset.UtcNow;

        // One closed study wave per template, with its responses and invitations.
        var studies = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var key in DemoAnalysis.StudyTemplates)
        {
            var wave = await db.Waves.AsNoTracking().Where(w => db.Questionnaires.Any(q => q.Id == w.QuestionnaireId && q.TemplateKey == key)).SingleAsync();
            Assert.Equal(WaveStatus.Closed, wave.Status);
            Assert.True(wave.ClosesAt < now);
            var answers = await db.Responses.AsNoTracking().Where(r => r.WaveId == wave.Id && r.Status == ResponseStatus.Complete).Select(r => r.Answers).ToListAsync();
            var expected = key == "supplier-iatf16949" ? DemoAnalysis.SupplierResponses : DemoAnalysis.ResponsesPerStudy;
            Assert.Equal(expected, answers.Count);
            Assert.Equal(key == "supplier-iatf16949" ? DemoAnalysis.SupplierCustomers : DemoAnalysis.InvitationsPerStudy, await db.Invitations.CountAsync(i => i.WaveId == wave.Id));
            studies[key] = answers;
        }

        // SERVQUAL: mean perception − expectation per dimension (items by their first letter); reliability and responsiveness lowest.
        var dimensions = new Dictionary<char, string> { ['t'] = "tangibles", ['r'] = "reliability", ['s'] = "responsiveness", ['a'] = "assurance", ['e'] = "empathy" };
        var gaps = dimensions.ToDictionary(d => d.Value, d => studies["servqual-22"]
            .SelectMany(a => a.Keys.Where(k => k[0] == d.Key && k.EndsWith(".perception", StringComparison.Ordinal))
                .Select(k => Num(a[k]) - Num(a[k.Replace(".perception", ".expectation", StringComparison.Ordinal)])))
            .Average());
        output.WriteLine("SERVQUAL gaps: " + string.Join(", ", gaps.Select(g => $"{g.Key} {g.Value:0.00}")));
        Assert.All(gaps.Values, g => Assert.True(g < 0));
        Assert.Equal(["reliability", "responsiveness"], gaps.OrderBy(g => g.Value).Take(2).Select(g => g.Key).Order());

        // Kano: the evaluation table (Berger et al. 1993) by hand; the dominant category of each feature.
        static char Category(string f, string d) => (f, d) switch
        {
            ("like", "like") or ("dislike", "dislike") => 'Q',
            ("like", "dislike") => 'O',
            ("like", _) => 'A',
            (_, "dislike") when f is "must-be" or "neutral" or "live-with" => 'M',
            ("dislike", _) or (_, "like") => 'R',
            _ => 'I',
        };
        var dominant = new[] { "online_payment", "outage_notice", "appointment", "progress_tracking", "usage_report" }.ToDictionary(f => f, f => studies["kano-study"]
            .GroupBy(a => Category(a[f + ".functional"], a[f + ".dysfunctional"])).OrderByDescending(g => g.Count()).First().Key);
        output.WriteLine("Kano: " + string.Join(", ", dominant.Select(d => $"{d.Key} {d.Value}")));
        Assert.Equal('O', dominant["online_payment"]);
        Assert.Equal('M', dominant["outage_notice"]);
        Assert.Equal('A', dominant["appointment"]);
        Assert.Equal('I', dominant["usage_report"]);
        Assert.True(dominant.Values.Distinct().Count() >= 4);

        // Linguistic: mean term position (N = 0 … P = 6) of importance and perception; one attribute in each quadrant around the means.
        string[] terms = ["N", "VL", "L", "M", "H", "VH", "P"];
        var attributes = new[] { "reliability", "responsiveness", "price", "information" };
        double Mean(string cell) => studies["linguistic-study"].Average(a => Array.IndexOf(terms, a[cell]));
        var importance = attributes.ToDictionary(a => a, a => Mean(a + ".importance"));
        var perception = attributes.ToDictionary(a => a, a => Mean(a + ".perception"));
        var (mi, mp) = (importance.Values.Average(), perception.Values.Average());
        var quadrants = attributes.Select(a => (importance[a] > mi, perception[a] > mp)).Distinct().Count();
        output.WriteLine("Linguistic: " + string.Join(", ", attributes.Select(a => $"{a} I {importance[a]:0.00} P {perception[a]:0.00}")));
        Assert.Equal(4, quadrants);
        Assert.True(importance["reliability"] > mi && perception["reliability"] < mp);

        // ACSI: quality ↔ satisfaction and satisfaction ↔ loyalty clearly positively correlated.
        var acsi = studies["acsi"];
        var quality = acsi.Select(a => Num(a["quality_overall"])).ToArray();
        var satisfaction = acsi.Select(a => Num(a["sat_overall"])).ToArray();
        var loyalty = acsi.Select(a => Num(a["loyal_repurchase"])).ToArray();
        output.WriteLine($"ACSI r(quality, satisfaction) {Pearson(quality, satisfaction):0.00}, r(satisfaction, loyalty) {Pearson(satisfaction, loyalty):0.00}");
        Assert.True(Pearson(quality, satisfaction) > 0.3);
        Assert.True(Pearson(satisfaction, loyalty) > 0.3);
        Assert.Contains(acsi, a => a.ContainsKey("complaint_handling"));

        // Supplier survey: suggestions in the text question; measures for 60 customers × 4 quarters × 2 measures.
        Assert.True(studies["supplier-iatf16949"].Count(a => a.ContainsKey("improve")) > 20);
        var measures = await db.CustomerMeasures.AsNoTracking().Where(m => m.Measure == CustomerMeasure.OnTimeDelivery || m.Measure == CustomerMeasure.Ppm).ToListAsync();
        Assert.Equal(DemoAnalysis.SupplierCustomers * DemoAnalysis.MeasureQuarters * 2, measures.Count);
        Assert.Equal(DemoAnalysis.SupplierCustomers, measures.Select(m => m.CustomerId).Distinct().Count());
        Assert.Equal(DemoAnalysis.MeasureQuarters, measures.Select(m => m.PeriodStart).Distinct().Count());
        Assert.All(measures.Where(m => m.Measure == CustomerMeasure.OnTimeDelivery), m => Assert.InRange(m.Value, 80, 100));
        Assert.All(measures.Where(m => m.Measure == CustomerMeasure.Ppm), m => Assert.True(m.Value >= 0));
        Assert.All(measures, m => Assert.True(m.PeriodEnd < DateOnly.FromDateTime(now.UtcDateTime)));

        // Report definitions: a weekly wave report for the Jiangsu manager, a monthly summary; both enabled and due in the future.
        var reports = (await db.ReportDefinitions.AsNoTracking().ToListAsync()).OrderBy(r => r.Kind).ToList();
        Assert.Equal([ReportKind.Wave, ReportKind.SurveySummary], reports.Select(r => r.Kind));
        Assert.All(reports, r => Assert.True(r.Enabled && r.NextRunAt > now && r.NextRunAt < now.AddDays(32) && r.Recipients.Count > 0));
        var weekly = reports[0];
        Assert.Equal(ReportFrequency.Weekly, weekly.Frequency);
        var managerJs = await db.Users.Where(u => u.UserName == "demo-manager-js").Select(u => u.Id).SingleAsync();
        Assert.Equal(managerJs, weekly.CreatedById);
        Assert.Equal(await db.Units.Where(u => u.Code == "JS").Select(u => (Guid?)u.Id).SingleAsync(), weekly.UnitId);
        Assert.Equal(ReportFrequency.Monthly, reports[1].Frequency);

        // Power utility: the satisfaction trap and the wave-over-wave changes between the last two quarters.
        var power = await db.Waves.AsNoTracking().Where(w => db.Questionnaires.Any(q => q.Id == w.QuestionnaireId && q.TemplateKey == "power-utility"))
            .OrderBy(w => w.OpensAt).Select(w => w.Id).ToListAsync();
        Assert.Equal(4, power.Count);
        var values = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.Value }).ToDictionaryAsync(c => c.Id, c => (double)(c.Value ?? 0));
        async Task<List<(double? Value, Dictionary<string, string> Answers)>> RowsAsync(Guid waveId) =>
            [.. (await db.Responses.AsNoTracking().Where(r => r.WaveId == waveId && r.Status == ResponseStatus.Complete).Select(r => new { r.CustomerId, r.Answers }).ToListAsync())
                .Select(r => (r.CustomerId is { } c ? values[c] : (double?)null, r.Answers))];
        var previous = await RowsAsync(power[2]);
        var latest = await RowsAsync(power[3]);
        static double Plain(List<(double? Value, Dictionary<string, string> Answers)> rows) => rows.Where(r => r.Answers.ContainsKey("overall")).Average(r => Num(r.Answers["overall"]));
        static double Weighted(List<(double? Value, Dictionary<string, string> Answers)> rows)
        {
            var rated = rows.Where(r => r.Value is > 0 && r.Answers.ContainsKey("overall")).ToList();
            return rated.Sum(r => r.Value!.Value * Num(r.Answers["overall"])) / rated.Sum(r => r.Value!.Value);
        }
        output.WriteLine($"overall plain {Plain(previous):0.000} → {Plain(latest):0.000}; value-weighted {Weighted(previous):0.000} → {Weighted(latest):0.000}");
        Assert.True(Plain(latest) > Plain(previous));
        Assert.True(Weighted(latest) < Weighted(previous) - 0.2);

        // Welch t of the change of an indicator's mean (1–10) between the two quarters.
        static double Welch(List<(double? Value, Dictionary<string, string> Answers)> a, List<(double? Value, Dictionary<string, string> Answers)> b, string key)
        {
            var x = a.Where(r => r.Answers.ContainsKey(key)).Select(r => Num(r.Answers[key])).ToArray();
            var y = b.Where(r => r.Answers.ContainsKey(key)).Select(r => Num(r.Answers[key])).ToArray();
            static double Var(double[] v) => v.Sum(e => (e - v.Average()) * (e - v.Average())) / (v.Length - 1);
            return (y.Average() - x.Average()) / Math.Sqrt((Var(x) / x.Length) + (Var(y) / y.Length));
        }
        var tReliability = Welch(previous, latest, "reliability");
        var tInformation = Welch(previous, latest, "information");
        output.WriteLine($"t reliability {tReliability:0.00}, information {tInformation:0.00}");
        Assert.True(tReliability > 1.96);
        Assert.True(Math.Abs(tInformation) < 1.96);
    }

    private static double Num(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static double Pearson(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
