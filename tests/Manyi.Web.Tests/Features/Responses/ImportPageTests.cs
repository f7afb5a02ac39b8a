using System.Net;
using System.Text;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Features.Pages;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Tests.Features.Responses;

/// <summary>The page /waves/{id}/import: check (nothing written, bad rows named in the page's language), then import the good rows.</summary>
public sealed class ResponseImportPageTests(SharedApps apps) : IClassFixture<SharedApps>
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Check_NamesTheBadRowInChinese_WritesNothing_ThenImportsTheGoodRows(DatabaseProvider provider)
    {
        var app = await apps.AppAsync(provider);
        var (waveId, _) = await app.NpsWaveAsync();
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        var path = $"/waves/{waveId}/import";
        var token = await client.GetTokenAsync(path);
        // Line 3: NPS 11 is off the 0–10 scale.
        var csv = "recommend,satisfaction\n9,5\n11,4\n";
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "paper.csv");
            using var checkResponse = await client.PostAsync(ResponsesTestData.Url(path), form);
            Assert.Equal(HttpStatusCode.OK, checkResponse.StatusCode);
            var html = await checkResponse.Content.ReadAsStringAsync();
            Assert.Contains("超出该题的量表范围", html, StringComparison.Ordinal);
            Assert.Contains("<td class=\"num\">3</td>", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));

        using var import = await client.PostFormAsync(path + "?handler=Import", ("FileName", "paper.csv"),
            ("FileContent", Convert.ToBase64String(Encoding.UTF8.GetBytes(csv))), ("GoodOnly", "true"), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("id=\"import-result\"", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.DbAsync(db => db.Responses.CountAsync(r => r.WaveId == waveId)));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ResponsesTestData.Url($"/waves/{Guid.NewGuid()}/import"))).StatusCode);
    }
}
