using System.Globalization;
using System.Net;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Reports.ReportWorkbooks;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Reports;

/// <summary>
/// The acceptance test of the wave report (issue 7): every figure of the results, drivers and priorities sheets of the wave
/// report's Excel workbook, downloaded through the API, equals <c>manyi analyze scores</c> / <c>drivers</c> / <c>ipa --derived</c>
/// on the wave's responses exported as CSV through the API (1e-9, the same computations).
/// </summary>
[Collection(ReportsGroup.Name)]
public class WaveReportEqualityTests(ReportsFixture fixture)
{
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task WaveReportWorkbook_EqualsManyiAnalyzeOnTheExportedCsv(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        // 300 responses with a fixed seed; satisfaction depends on q1…q4 so the driver model is meaningful; q4 often blank.
        var random = new Random(7);
        var responses = Enumerable.Range(0, 300).Select(i =>
        {
            int q1 = random.Next(1, 6), q2 = random.Next(1, 6), q3 = random.Next(1, 6), q4 = random.Next(1, 6);
            var satisfaction = Math.Clamp((int)Math.Round((2 * q1 + q2 + 0.5 * q3 + 0.2 * q4) / 3.7 + random.Next(-1, 2)), 1, 5);
            return new SeedResponse(Cells(
                ("recommend", Math.Min(10, random.Next(0, 8) + random.Next(0, 4))),
                ("recommend.why", i % 9 == 0 ? "交付及时, \"好\"" : null),
                ("satisfaction", satisfaction),
                ("q1", q1), ("q2", q2), ("q3", i % 13 == 0 ? null : q3), ("q4", random.Next(0, 4) == 0 ? null : q4)), home.Id);
        }).ToList();
        await app.AddResponsesAsync(wave, responses);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var workbookResponse = await analyst.GetAsync(new Uri($"/api/v1/reports/wave/{wave.Id}?format=xlsx&lang=en", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, workbookResponse.StatusCode);
        var xlsx = await workbookResponse.Content.ReadAsByteArrayAsync();
        using var export = await analyst.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/responses/export?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"manyi-report-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, await export.Content.ReadAsByteArrayAsync());
        JsonElement scores, drivers, ipa;
        try
        {
            scores = Cli("analyze", "scores", "--input", file, "--nps", "recommend", "--csat", "satisfaction", "--items", "q1,q2,q3,q4",
                "--weights", "q1=0.4,q2=0.3,q3=0.2,q4=0.1", "--min-n", "5", "--confidence", "0.95", "--format", "json");
            drivers = Cli("analyze", "drivers", "--input", file, "--target", "satisfaction", "--predictors", "q1,q2,q3,q4", "--format", "json");
            ipa = Cli("analyze", "ipa", "--input", file, "--derived", "--target", "satisfaction", "--predictors", "q1,q2,q3,q4", "--format", "json");
        }
        finally
        {
            File.Delete(file);
        }

        var sheets = SheetNames(xlsx);
        Assert.Equal("About", sheets[0]);
        foreach (var name in new[] { "method", "sample", "sample-segments", "measures", "items", "index", "drivers", "drivers-fit", "priorities", "priorities-cross-hairs", "verbatims" })
        {
            Assert.Contains(name, sheets);
        }

        // Results: item statistics (n, missing, mean, s, top-2 box %, 0–100 score) of q1…q4.
        var items = Sheet(xlsx, "items").Skip(1).ToDictionary(r => (string)r[0]!, StringComparer.Ordinal);
        foreach (var c in scores.GetProperty("items").EnumerateArray())
        {
            var row = items[c.GetProperty("item").GetString()!];
            Assert.Equal(c.GetProperty("n").GetInt64(), (long)Number(row[3]));
            Assert.Equal(c.GetProperty("missing").GetInt64(), (long)Number(row[4]));
            Assert.Equal(c.GetProperty("mean").GetDouble(), Number(row[5]), Tolerance);
            Assert.Equal(c.GetProperty("standardDeviation").GetDouble(), Number(row[6]), Tolerance);
            Assert.Equal(c.GetProperty("topBoxPercent").GetDouble(), Number(row[7]), Tolerance);
            Assert.Equal(c.GetProperty("score").GetDouble(), Number(row[8]), Tolerance);
        }
        // Headline measures: NPS and CSAT with n and interval; the index.
        var measures = Sheet(xlsx, "measures").Skip(1).ToDictionary(r => (string)r[0]!, StringComparer.Ordinal);
        foreach (var (name, value) in new[] { ("nps", "nps"), ("csat", "csat") })
        {
            var c = scores.GetProperty(name);
            var row = measures[name];
            Assert.Equal(c.GetProperty("n").GetInt64(), (long)Number(row[2]));
            Assert.Equal(c.GetProperty(value).GetDouble(), Number(row[3]), Tolerance);
            Assert.Equal(c.GetProperty("confidenceInterval").GetProperty("low").GetDouble(), Number(row[4]), Tolerance);
            Assert.Equal(c.GetProperty("confidenceInterval").GetProperty("high").GetDouble(), Number(row[5]), Tolerance);
        }
        Assert.Equal(scores.GetProperty("index").GetProperty("score").GetDouble(), Number(measures["index"][3]), Tolerance);
        // Index tree: the root is the index; each base indicator i1…i4 holds one cell q1…q4: its score and effective weight.
        var index = Sheet(xlsx, "index").Skip(1).ToDictionary(r => (string)r[0]!, StringComparer.Ordinal);
        Assert.Equal(scores.GetProperty("index").GetProperty("score").GetDouble(), Number(index["overall"][5]), Tolerance);
        var cliItems = scores.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("item").GetString()!, StringComparer.Ordinal);
        foreach (var (indicator, cell) in new[] { ("i1", "q1"), ("i2", "q2"), ("i3", "q3"), ("i4", "q4") })
        {
            Assert.Equal(cliItems[cell].GetProperty("score").GetDouble(), Number(index[indicator][5]), Tolerance);
            Assert.Equal(scores.GetProperty("index").GetProperty("weights").GetProperty(cell).GetDouble(), Number(index[indicator][4]), Tolerance);
        }

        // Key drivers: same order (largest relative weight first) and every figure; the model's n, excluded rows and R².
        var driverRows = Sheet(xlsx, "drivers").Skip(1).ToList();
        var cliDrivers = drivers.GetProperty("drivers").EnumerateArray().ToList();
        Assert.Equal(cliDrivers.Count, driverRows.Count);
        for (var i = 0; i < cliDrivers.Count; i++)
        {
            Assert.Equal(cliDrivers[i].GetProperty("predictor").GetString(), driverRows[i][0]);
            Assert.Equal(cliDrivers[i].GetProperty("relativeWeight").GetDouble(), Number(driverRows[i][2]), Tolerance);
            Assert.Equal(cliDrivers[i].GetProperty("rescaledPercent").GetDouble(), Number(driverRows[i][3]), Tolerance);
            Assert.Equal(cliDrivers[i].GetProperty("correlation").GetDouble(), Number(driverRows[i][4]), Tolerance);
            Assert.Equal(cliDrivers[i].GetProperty("beta").GetDouble(), Number(driverRows[i][5]), Tolerance);
        }
        var ipaByName = ipa.GetProperty("indicators").EnumerateArray().ToDictionary(p => p.GetProperty("indicator").GetString()!, StringComparer.Ordinal);
        foreach (var row in driverRows)
        {
            Assert.Equal(ipaByName[(string)row[0]!].GetProperty("performance").GetDouble(), Number(row[6]), Tolerance);
        }
        var fit = Sheet(xlsx, "drivers-fit")[1];
        Assert.Equal("satisfaction", fit[0]);
        Assert.Equal(drivers.GetProperty("n").GetInt64(), (long)Number(fit[1]));
        Assert.Equal(drivers.GetProperty("excluded").GetInt64(), (long)Number(fit[2]));
        Assert.Equal(drivers.GetProperty("rSquared").GetDouble(), Number(fit[3]), Tolerance);
        Assert.True(drivers.GetProperty("excluded").GetInt64() > 0, "the generated data should leave q3 or q4 blank sometimes");

        // Priorities: IPA with derived importance, cross-hairs at the means.
        var priorities = Sheet(xlsx, "priorities").Skip(1).ToList();
        var cliPoints = ipa.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(cliPoints.Count, priorities.Count);
        for (var i = 0; i < cliPoints.Count; i++)
        {
            Assert.Equal(cliPoints[i].GetProperty("indicator").GetString(), priorities[i][0]);
            Assert.Equal(cliPoints[i].GetProperty("importance").GetDouble(), Number(priorities[i][2]), Tolerance);
            Assert.Equal(cliPoints[i].GetProperty("performance").GetDouble(), Number(priorities[i][3]), Tolerance);
            Assert.Equal(cliPoints[i].GetProperty("quadrant").GetString(), ((string)priorities[i][4]!).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(cliPoints[i].GetProperty("onCrossHair").GetBoolean() ? "yes" : "no", priorities[i][5]);
        }
        var crossHairs = Sheet(xlsx, "priorities-cross-hairs")[1];
        Assert.Equal(ipa.GetProperty("crossHairs").GetProperty("importance").GetDouble(), Number(crossHairs[0]), Tolerance);
        Assert.Equal(ipa.GetProperty("crossHairs").GetProperty("performance").GetDouble(), Number(crossHairs[1]), Tolerance);

        // The trace: wave and n in the About sheet.
        var about = Sheet(xlsx, "About");
        Assert.Contains(about, r => Equals(r[1], wave.Id.ToString("D", CultureInfo.InvariantCulture)));
        Assert.Contains(about, r => r[1] is double n && (long)n == 300);
    }

    private static JsonElement Cli(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = Manyi.Cli.Program.Run(args, stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        return JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
    }
}
