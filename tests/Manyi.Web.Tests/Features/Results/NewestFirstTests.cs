using Manyi.Core.Collection;
using Manyi.Data;
using Manyi.Web.Features.Results;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Manyi.Web.Tests.Features.Results.ResultsTestData;

namespace Manyi.Web.Tests.Features.Results;

/// <summary>The keyset reader behind verbatims and suggestions: every response once, newest first, across page boundaries.</summary>
[Collection(ResultsGroup.Name)]
public class NewestFirstTests(ResultsFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task NewestFirst_PagesOfTwoWithTiesAcrossPages_GiveEveryResponseOnceNewestFirst(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var wave = await app.AddWaveAsync(ScoresQuestionnaire(), ScoresIndicators());
        // Seven responses: three share one instant (so a page boundary of two falls inside the tie), four one minute apart.
        await app.AddResponsesAsync(wave, Enumerable.Range(1, 4).Select(i => new SeedResponse(Cells(("q1", i)))));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        // Whole seconds: PostgreSQL keeps microseconds, so a tick-precise instant would not round-trip.
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var tie = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            db.Responses.Add(new Response
            {
                Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, QuestionnaireVersionId = wave.QuestionnaireVersionId,
                Channel = ResponseChannel.Link, Status = ResponseStatus.Complete, IdempotencyKey = "tie:" + Guid.NewGuid().ToString("N"),
                Answers = new Dictionary<string, string>(StringComparer.Ordinal) { ["q1"] = "5" }, StartedAt = tie, UpdatedAt = tie, SubmittedAt = tie,
            });
        }
        await db.SaveChangesAsync();
        var results = await ResultsScope.LoadAsync(db, wave.OrganisationId, null, wave.Id, ResultsFilter.None, CancellationToken.None);
        Assert.NotNull(results);

        var read = new List<Response>();
        await foreach (var row in results.NewestFirstAsync(db, 2, CancellationToken.None))
        {
            read.Add(row.Response);
        }

        var expected = await db.Responses.AsNoTracking().Where(r => r.WaveId == wave.Id).Select(r => r.Id).ToListAsync();
        Assert.Equal(7, read.Count);
        Assert.Equal(expected.Order(), read.Select(r => r.Id).Order());
        for (var i = 1; i < read.Count; i++)
        {
            Assert.True(read[i - 1].SubmittedAt >= read[i].SubmittedAt, $"row {i} is newer than row {i - 1}");
        }
        // The three tied responses come first (newest), the four seeded one minute apart follow in reverse order.
        Assert.All(read.Take(3), r => Assert.Equal(tie, r.SubmittedAt));
        Assert.Equal(["4", "3", "2", "1"], read.Skip(3).Select(r => r.Answers["q1"]));
    }
}
