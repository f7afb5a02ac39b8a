using System.Net;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Health;

public class HealthTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Health_MigratedDatabase_Returns200(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("administrator 'admin' created with the one-time password", app.FirstStartOutput, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task OpenApi_Document_IsServedAnonymously(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
