using System.Net;
using System.Net.Http.Json;
using Manyi.Web.Features.Monitoring;
using Manyi.Web.Tests.Infrastructure;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Monitoring;

/// <summary>One app per provider shared by the monitoring tests (each test makes its own units, customers, users and projects).</summary>
public sealed class MonitoringFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class MonitoringGroup : ICollectionFixture<MonitoringFixture>
{
    public const string Name = "monitoring";
}

/// <summary>Calls of the monitoring API.</summary>
public static class MonitoringTestData
{
    /// <summary>A factor of a custom stage.</summary>
    public static object Factor(string key, string source, double weight, double worst, double best) =>
        new { key, name = key, source, weight, worst, best };

    public static async Task<ProjectDetail> NewProjectAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Url("/api/v1/projects"), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ProjectDetail>(Json))!;
    }

    public static async Task<ReadingDto> ReadingAsync(HttpClient client, Guid project, string factorKey, double value, string? note = null, string? externalKey = null)
    {
        var response = await client.PostAsJsonAsync(Url($"/api/v1/projects/{project}/readings"), new { factorKey, value, note, externalKey });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReadingDto>(Json))!;
    }

    public static async Task<T> PostOkAsync<T>(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(Url(path), body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task<ProjectDetail> ProjectAsync(HttpClient client, Guid project) =>
        (await client.GetFromJsonAsync<ProjectDetail>(Url($"/api/v1/projects/{project}"), Json))!;
}
