using System.Diagnostics;
using System.Net;
using Manyi.Core.Collection;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Demo;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Manyi.Web.Tests.Features.Demo;

public class DemoSurveysTests(ITestOutputHelper output)
{
    /// <summary>
    /// The demo fill writes the surveys: three closed quarterly power-utility waves and an open wave now, 1,500 Complete responses each over the
    /// 12 branches, a link and a kiosk point at one branch, 2,000 invitations per wave; the results endpoint answers for both with
    /// n = 1,500 and an NPS within −100…100 (its definition's range, product.md M1.1).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task DemoFill_WritesFourQuarterlyWavesWithResponses_AndTheirResultsAnswer(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        var stopwatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var filled = await DemoData.FillAsync(scope.ServiceProvider);
            Assert.True(filled.Created, filled.Refusal);
        }
        output.WriteLine($"demo fill with surveys: {stopwatch.Elapsed.TotalSeconds:0.00} s");

        List<Wave> waves;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
            var power = await db.Questionnaires.Where(q => q.TemplateKey == "power-utility").Select(q => q.Id).SingleAsync();
            waves = await db.Waves.AsNoTracking().Where(w => w.QuestionnaireId == power).OrderBy(w => w.OpensAt).ToListAsync();
            Assert.Equal([WaveStatus.Closed, WaveStatus.Closed, WaveStatus.Closed, WaveStatus.Open], waves.Select(w => w.Status));
            Assert.Equal(DemoSurveys.PowerWaves, waves.Count);
            Assert.True(await db.Questionnaires.AnyAsync(q => q.TemplateKey == "nps-relationship"));
            foreach (var wave in waves)
            {
                Assert.Equal(DemoSurveys.ResponsesPerWave, await db.Responses.CountAsync(r => r.WaveId == wave.Id && r.Status == ResponseStatus.Complete));
                Assert.Equal(12, await db.Responses.Where(r => r.WaveId == wave.Id).Select(r => r.UnitId).Distinct().CountAsync());
                Assert.Equal(DemoSurveys.InvitationsPerWave, await db.Invitations.CountAsync(i => i.WaveId == wave.Id));
                var points = await db.CollectionPoints.Where(p => p.WaveId == wave.Id).Select(p => p.Kind).ToListAsync();
                Assert.Equal([CollectionPointKind.Link, CollectionPointKind.Kiosk], points.Order());
            }
        }

        using var analyst = await app.CreateClientAsAsync(Roles.Analyst);
        foreach (var wave in waves)
        {
            using var response = await analyst.GetAsync(new Uri($"/api/v1/waves/{wave.Id}/results", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = await response.JsonAsync();
            Assert.Equal(DemoSurveys.ResponsesPerWave, results.GetProperty("responses").GetInt64());
            // The fielded power-utility questionnaire has an overall CSAT and an indicator system; the NPS template is fielded
            // only when power-utility is missing.
            var csat = results.GetProperty("csat")[0];
            Assert.True(csat.GetProperty("n").GetInt64() > 0);
            var value = csat.GetProperty("csat").GetDouble();
            Assert.InRange(value, 0, 100);
            Assert.InRange(results.GetProperty("index").GetProperty("score").GetDouble(), 0, 100);
            // Invited responses / invitations that went out = 1,000 / 2,000.
            Assert.Equal(0.5, results.GetProperty("responseRate").GetDouble(), 12);
            output.WriteLine($"{wave.Name}: CSAT {value:0.0}, index {results.GetProperty("index").GetProperty("score")}");
        }
    }
}
