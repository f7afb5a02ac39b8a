using System.Globalization;
using System.Net;
using System.Text.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Results;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Analysis;

/// <summary>
/// The drivers and IPA the server computes for a wave equal those of <c>manyi analyze drivers</c> and <c>manyi analyze ipa
/// --derived</c> on the wave's CSV exported through the API, with the outcome (satisfaction) as --target and the attributes
/// (q1…q4) as --predictors — n, excluded rows, R², every weight, % of R², r, β, and every IPA point and cross-hair, to 1e-9.
/// </summary>
[Collection(DriversGroup.Name)]
public class DriversEqualityTests(DriversFixture fixture)
{
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DriversAndIpa_EqualManyiAnalyzeOnTheExportedCsv(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var home = await app.HomeUnitAsync();
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators(), minimumN: 5);
        // 300 generated responses: satisfaction follows q1 most, then q2 and q3; q4 is noise and sometimes blank (listwise deletion).
        var random = new Random(7);
        var responses = Enumerable.Range(0, 300).Select(i =>
        {
            int q1 = random.Next(1, 6), q2 = random.Next(1, 6), q3 = random.Next(1, 6), q4 = random.Next(1, 6);
            var satisfaction = Math.Clamp((int)Math.Round((0.5 * q1) + (0.3 * q2) + (0.2 * q3) + (random.NextDouble() * 1.6) - 0.8), 1, 5);
            return new SeedResponse(Cells(
                ("recommend", random.Next(0, 11)), ("satisfaction", satisfaction), ("q1", q1), ("q2", q2), ("q3", q3), ("q4", i % 9 == 0 ? null : q4)), home.Id);
        }).ToList();
        await app.AddResponsesAsync(wave, responses);

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        var drivers = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/drivers");
        var ipa = await GetAsync(analyst, $"/api/v1/waves/{wave.Id}/analysis/ipa");
        using var export = await analyst.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/responses/export?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"manyi-drivers-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, await export.Content.ReadAsByteArrayAsync());
        JsonElement cliDrivers, cliIpa;
        try
        {
            cliDrivers = Cli("drivers", "--input", file, "--target", "satisfaction", "--predictors", "q1,q2,q3,q4");
            cliIpa = Cli("ipa", "--input", file, "--derived", "--target", "satisfaction", "--predictors", "q1,q2,q3,q4");
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal("satisfaction", drivers.GetProperty("outcome").GetString());
        Assert.Equal(cliDrivers.GetProperty("n").GetInt32(), drivers.GetProperty("n").GetInt32());
        Assert.Equal(cliDrivers.GetProperty("excluded").GetInt32(), drivers.GetProperty("excluded").GetInt32());
        Assert.Equal(300 / 9 + 1, drivers.GetProperty("excluded").GetInt32());
        Assert.Equal(cliDrivers.GetProperty("rSquared").GetDouble(), drivers.GetProperty("rSquared").GetDouble(), Tolerance);
        var server = drivers.GetProperty("drivers").EnumerateArray().ToList();
        var cli = cliDrivers.GetProperty("drivers").EnumerateArray().ToList();
        Assert.Equal(cli.Select(c => c.GetProperty("predictor").GetString()), server.Select(s => s.GetProperty("attribute").GetProperty("key").GetString()));
        Assert.Equal("q1", server[0].GetProperty("attribute").GetProperty("key").GetString());
        for (var i = 0; i < cli.Count; i++)
        {
            Assert.Equal(cli[i].GetProperty("relativeWeight").GetDouble(), server[i].GetProperty("relativeWeight").GetDouble(), Tolerance);
            Assert.Equal(cli[i].GetProperty("rescaledPercent").GetDouble(), server[i].GetProperty("percentOfRSquared").GetDouble(), Tolerance);
            Assert.Equal(cli[i].GetProperty("correlation").GetDouble(), server[i].GetProperty("correlation").GetDouble(), Tolerance);
            Assert.Equal(cli[i].GetProperty("beta").GetDouble(), server[i].GetProperty("beta").GetDouble(), Tolerance);
        }

        Assert.Equal("derived", ipa.GetProperty("importanceSource").GetString());
        var crossHairs = cliIpa.GetProperty("crossHairs");
        Assert.Equal(crossHairs.GetProperty("importance").GetDouble(), ipa.GetProperty("importanceCrossHair").GetDouble(), Tolerance);
        Assert.Equal(crossHairs.GetProperty("performance").GetDouble(), ipa.GetProperty("performanceCrossHair").GetDouble(), Tolerance);
        var points = ipa.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("attribute").GetProperty("key").GetString()!, StringComparer.Ordinal);
        foreach (var c in cliIpa.GetProperty("indicators").EnumerateArray())
        {
            var p = points[c.GetProperty("indicator").GetString()!];
            Assert.Equal(c.GetProperty("importance").GetDouble(), p.GetProperty("importance").GetDouble(), Tolerance);
            Assert.Equal(c.GetProperty("performance").GetDouble(), p.GetProperty("performance").GetDouble(), Tolerance);
            Assert.Equal(c.GetProperty("quadrant").ToString(), p.GetProperty("quadrant").GetString(), ignoreCase: true);
        }
        Assert.Equal(4, points.Count);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static JsonElement Cli(string model, params string[] options)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = Manyi.Cli.Program.Run(["analyze", model, .. options, "--format", "json"], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        return JsonDocument.Parse(stdout.ToString()).RootElement.Clone();
    }
}
