using System.Globalization;
using System.Net;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Results;

/// <summary>
/// The acceptance test of issue 5: the results the server computes for a wave equal those of <c>manyi analyze scores</c> on the
/// wave's CSV exported through the API — n, missing, means, standard deviations, top-box %, scores, NPS with its interval, CSAT
/// with its interval, and the index (the indicator system's weights given to the CLI as --weights) — to 1e-9.
/// </summary>
[Collection(ResultsGroup.Name)]
public class ResultsEqualityTests(ResultsFixture fixture)
{
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task ServerResults_EqualManyiAnalyzeOnTheExportedCsv(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        // 360 generated responses with a fixed seed: skewed NPS and CSAT, four items, q4 often left blank (missing), q3 rarely.
        var random = new Random(5);
        var responses = Enumerable.Range(0, 360).Select(i => new SeedResponse(Cells(
            ("recommend", Math.Min(10, random.Next(0, 8) + random.Next(0, 4))),
            ("recommend.why", i % 7 == 0 ? "服务很好, \"快\"" : null),
            ("satisfaction", 1 + Math.Min(4, random.Next(0, 3) + random.Next(0, 3))),
            ("q1", random.Next(1, 6)),
            ("q2", 1 + Math.Min(4, random.Next(0, 5) + random.Next(0, 2))),
            ("q3", i % 11 == 0 ? null : random.Next(2, 6)),
            ("q4", random.Next(0, 3) == 0 ? null : random.Next(1, 4))), home.Id)).ToList();
        await app.AddResponsesAsync(wave, responses);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        using var resultsResponse = await analyst.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, resultsResponse.StatusCode);
        var server = await resultsResponse.JsonAsync();
        using var export = await analyst.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/responses/export?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"manyi-results-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, await export.Content.ReadAsByteArrayAsync());
        JsonElement cli;
        try
        {
            using var stdout = new StringWriter(CultureInfo.InvariantCulture);
            using var stderr = new StringWriter(CultureInfo.InvariantCulture);
            var exit = Manyi.Cli.Program.Run(
                ["analyze", "scores", "--input", file, "--nps", "recommend", "--csat", "satisfaction", "--items", "q1,q2,q3,q4",
                 "--weights", "q1=0.4,q2=0.3,q3=0.2,q4=0.1", "--min-n", "5", "--confidence", "0.95", "--format", "json"], stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());
            cli = JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(360, server.GetProperty("responses").GetInt64());
        Assert.Equal(cli.GetProperty("rows").GetInt64(), server.GetProperty("responses").GetInt64());

        var serverItems = server.GetProperty("questions").EnumerateArray().SelectMany(q => q.GetProperty("items").EnumerateArray())
            .ToDictionary(i => i.GetProperty("cell").GetString()!, StringComparer.Ordinal);
        var cliItems = cli.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["q1", "q2", "q3", "q4"], cliItems.Select(i => i.GetProperty("item").GetString()!));
        foreach (var c in cliItems)
        {
            var s = serverItems[c.GetProperty("item").GetString()!];
            Assert.Equal(c.GetProperty("n").GetInt64(), s.GetProperty("n").GetInt64());
            Assert.Equal(c.GetProperty("missing").GetInt64(), s.GetProperty("missing").GetInt64());
            foreach (var name in new[] { "mean", "standardDeviation", "topBoxPercent", "score" })
            {
                Assert.Equal(c.GetProperty(name).GetDouble(), s.GetProperty(name).GetDouble(), Tolerance);
            }
            var cliCounts = c.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("count").GetInt64());
            var serverCounts = s.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("count").GetInt64());
            Assert.Equal(cliCounts, serverCounts);
        }
        Assert.True(serverItems["q4"].GetProperty("missing").GetInt64() > 0, "the generated data should leave q4 blank sometimes");

        var sNps = server.GetProperty("nps")[0];
        var cNps = cli.GetProperty("nps");
        foreach (var name in new[] { "n", "promoters", "passives", "detractors" })
        {
            Assert.Equal(cNps.GetProperty(name).GetInt64(), sNps.GetProperty(name).GetInt64());
        }
        foreach (var name in new[] { "nps", "standardError", "promoterPercent", "detractorPercent" })
        {
            Assert.Equal(cNps.GetProperty(name).GetDouble(), sNps.GetProperty(name).GetDouble(), Tolerance);
        }
        AssertInterval(cNps, sNps);

        var sCsat = server.GetProperty("csat")[0];
        var cCsat = cli.GetProperty("csat");
        Assert.Equal(cCsat.GetProperty("n").GetInt64(), sCsat.GetProperty("n").GetInt64());
        Assert.Equal(cCsat.GetProperty("satisfied").GetInt64(), sCsat.GetProperty("satisfied").GetInt64());
        Assert.Equal(cCsat.GetProperty("csat").GetDouble(), sCsat.GetProperty("csat").GetDouble(), Tolerance);
        Assert.Equal(cCsat.GetProperty("marginOfError").GetDouble(), sCsat.GetProperty("marginOfError").GetDouble(), Tolerance);
        AssertInterval(cCsat, sCsat);

        Assert.Equal(cli.GetProperty("index").GetProperty("score").GetDouble(), server.GetProperty("index").GetProperty("score").GetDouble(), Tolerance);
    }

    private static void AssertInterval(JsonElement cli, JsonElement server)
    {
        var c = cli.GetProperty("confidenceInterval");
        var s = server.GetProperty("confidenceInterval");
        Assert.Equal(c.GetProperty("low").GetDouble(), s.GetProperty("low").GetDouble(), Tolerance);
        Assert.Equal(c.GetProperty("high").GetDouble(), s.GetProperty("high").GetDouble(), Tolerance);
    }
}
