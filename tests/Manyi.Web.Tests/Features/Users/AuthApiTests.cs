using System.Net;
using System.Net.Http.Json;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Users;

public class AuthApiTests
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_RightPassword_SignsIn(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        using var client = await app.CreateClientAsAsync(Roles.Analyst);
        Assert.NotNull(client);
    }

    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Login_FiveWrongPasswords_LocksTheAccount(DatabaseProvider provider)
    {
        await using var app = await ManyiWebFactory.StartAsync(provider);
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { userName = "admin", password = "wrong-password-1" });
            statuses.Add(response.StatusCode);
        }
        // Identity locks after MaxFailedAccessAttempts = 5: the fifth failure locks, the sixth attempt is refused as locked.
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal((HttpStatusCode)423, statuses[5]);
    }
}
