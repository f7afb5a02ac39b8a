using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Hosting;

/// <summary>First start: an empty database gets an organisation, its head-office unit and an administrator with a one-time password.</summary>
public static class FirstStart
{
    public const string AdministratorUserName = "admin";

    public static async Task EnsureAdministratorAsync(IServiceProvider services, TextWriter console, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(console);
        var db = services.GetRequiredService<ManyiDbContext>();
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstOrDefaultAsync(ct);
        if (organisation is null)
        {
            organisation = new Organisation { Id = Guid.NewGuid(), Name = "Manyi", CreatedAt = now };
            db.Organisations.Add(organisation);
            db.Units.Add(new Unit { Id = Guid.NewGuid(), OrganisationId = organisation.Id, Code = "HQ", Name = "Head office", Kind = UnitKind.Company });
            await db.SaveChangesAsync(ct);
        }
        var password = UsersApi.OneTimePassword();
        var users = services.GetRequiredService<UserManager<ManyiUser>>();
        var admin = new ManyiUser
        {
            Id = Guid.NewGuid(),
            UserName = AdministratorUserName,
            DisplayName = "Administrator",
            Role = Roles.Administrator,
            OrganisationId = organisation.Id,
            MustChangePassword = true,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("could not create the first administrator: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await console.WriteLineAsync($"First start: administrator '{AdministratorUserName}' created with the one-time password {password} (change it at first sign-in).");
    }
}
