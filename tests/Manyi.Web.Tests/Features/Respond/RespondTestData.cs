using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Manyi.Web.Tests.Features.Respond;

/// <summary>One app per provider shared by the tests of this feature (<see cref="SharedApps"/>).</summary>
public sealed class RespondFixture : SharedApps;

/// <summary>A wave set up straight in the database (the waves and questionnaires APIs are built in parallel).</summary>
public sealed record TestWave(Guid Id, Guid OrganisationId, Guid VersionId, Guid? UnitId);

/// <summary>Waves, collection points and invitations written straight to the database of a test app.</summary>
public static class RespondTestData
{
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A one-page kiosk questionnaire: 1–3 scale, 3 = 满意 (like the bank-counter template).</summary>
    public static QuestionnaireDefinition KioskDefinition() => new()
    {
        Title = new("柜台服务评价", "Counter service rating"),
        Pages =
        [
            new QuestionPage
            {
                Questions =
                [
                    new Question
                    {
                        Code = "rating", Type = QuestionType.Scale, ScaleMin = 1, ScaleMax = 3, Required = true,
                        Text = new("您对本次服务满意吗？", "Are you satisfied with this service?"),
                        Options = [new("1", new("不满意", "Dissatisfied")), new("2", new("一般", "Neutral")), new("3", new("满意", "Satisfied"))],
                    },
                ],
            },
        ],
    };

    /// <summary>An Open wave of the first organisation fielding <paramref name="definition"/> (default: the NPS template).</summary>
    public static async Task<TestWave> AddWaveAsync(this ManyiWebFactory app, QuestionnaireDefinition? definition = null, Guid? unitId = null, WaveStatus status = WaveStatus.Open)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).Select(o => o.Id).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var questionnaire = new Questionnaire { Id = Guid.NewGuid(), OrganisationId = organisation, Name = "Q " + Guid.NewGuid().ToString("N")[..8], LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        var version = new QuestionnaireVersion
        {
            Id = Guid.NewGuid(), QuestionnaireId = questionnaire.Id, Number = 1, CreatedAt = now,
            Definition = definition ?? QuestionnaireTemplates.Find(QuestionnaireTemplates.NpsRelationship)!.Questionnaire,
        };
        var wave = new Wave
        {
            Id = Guid.NewGuid(), OrganisationId = organisation, UnitId = unitId, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = "Wave", Status = status, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.Questionnaires.Add(questionnaire);
        db.QuestionnaireVersions.Add(version);
        db.Waves.Add(wave);
        await db.SaveChangesAsync();
        return new TestWave(wave.Id, organisation, version.Id, unitId);
    }

    /// <summary>A collection point of the wave; returns it (its token opens /s, /e or /k).</summary>
    public static async Task<CollectionPoint> AddPointAsync(this ManyiWebFactory app, TestWave wave, CollectionPointKind kind = CollectionPointKind.Link,
        Guid? unitId = null, Guid? staff = null, int? maxResponses = null, int? maxPerAddressPerDay = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(wave);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var point = new CollectionPoint
        {
            Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, Kind = kind, Name = kind.ToString(), Token = NewToken(),
            UnitId = unitId, StaffUserId = staff, MaxResponses = maxResponses, MaxPerAddressPerDay = maxPerAddressPerDay, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.CollectionPoints.Add(point);
        await db.SaveChangesAsync();
        return point;
    }

    /// <summary>A personal invitation of <paramref name="customerId"/>; returns its token.</summary>
    public static async Task<Invitation> AddInvitationAsync(this ManyiWebFactory app, TestWave wave, Guid customerId)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(wave);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(), OrganisationId = wave.OrganisationId, WaveId = wave.Id, CustomerId = customerId, Token = NewToken(),
            Channel = InvitationChannel.Link, Status = InvitationStatus.Sent, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return invitation;
    }

    public static async Task<List<Response>> ResponsesAsync(this ManyiWebFactory app, Guid waveId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ManyiDbContext>();
        return await db.Responses.AsNoTracking().Where(r => r.WaveId == waveId).OrderBy(r => r.StartedAt).ThenBy(r => r.Id).ToListAsync();
    }

    public static async Task<T> QueryAsync<T>(this ManyiWebFactory app, Func<ManyiDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ManyiDbContext>());
    }
}

/// <summary>
/// A respondent's browser: keeps its own cookies (so a test can copy them into a second browser to "leave and come back"), reads
/// the form's antiforgery token and posts answers.
/// </summary>
public sealed partial class RespondentBrowser : IDisposable
{
    private readonly HttpClient _client;

    public RespondentBrowser(ManyiWebFactory app, IReadOnlyDictionary<string, string>? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        _client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        Cookies = new Dictionary<string, string>(cookies ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    public Dictionary<string, string> Cookies { get; }

    public string? LastToken { get; private set; }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        var response = await SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        LastToken = match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : LastToken;
        return (response.StatusCode, html, response);
    }

    /// <summary>Posts the form fields (with the antiforgery token of the last page read, if any).</summary>
    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (LastToken is not null)
        {
            all.Add(("__RequestVerificationToken", LastToken));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(all.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        var response = await SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        LastToken = match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : LastToken;
        return (response.StatusCode, html, response);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => c.Key + "=" + c.Value)));
        }
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                if (expired)
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }
        return response;
    }

    public void Dispose() => _client.Dispose();
}
