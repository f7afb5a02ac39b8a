using System.Security.Cryptography;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Users;

/// <summary>The /api/v1 routes of users and roles (administrators only), and of API keys (<see cref="ApiKeysApi"/>).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Administer);
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Users of the organisation");
        users.MapGet("/{id:guid}", GetAsync).WithName("GetUser").WithSummary("One user");
        users.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a user; without a password a one-time password is returned once");
        users.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateUser").WithSummary("Change display name, role and (unit managers) units");
        users.MapPost("/{id:guid}/lock", LockAsync).WithName("LockUser").WithSummary("Lock the account (signs it out within a minute)");
        users.MapPost("/{id:guid}/unlock", UnlockAsync).WithName("UnlockUser").WithSummary("Unlock the account and reset failed sign-ins");
        users.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteUser").WithSummary("Delete a user (not yourself, not the last administrator)");
        api.MapApiKeysApi();
        return api;
    }

    /// <summary>A user as the API shows it; <see cref="Units"/> only for unit managers.</summary>
    public sealed record UserDto(
        Guid Id, string UserName, string DisplayName, string Role, IReadOnlyList<Guid> Units, bool Locked, DateTimeOffset? LockedUntil,
        bool MustChangePassword, DateTimeOffset CreatedAt);

    /// <summary>Body of <c>POST /api/v1/users</c>; without <see cref="Password"/> a one-time password is generated.</summary>
    public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Role, IReadOnlyList<Guid>? Units, string? Password);

    /// <summary>The created user and, when the server generated it, the one-time password (shown only here).</summary>
    public sealed record CreatedUserResponse(UserDto User, string? OneTimePassword);

    /// <summary>Body of <c>PUT /api/v1/users/{id}</c>.</summary>
    public sealed record UpdateUserRequest(string? DisplayName, string? Role, IReadOnlyList<Guid>? Units);

    private static async Task<Ok<List<UserDto>>> ListAsync(CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var rows = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .Select(u => new UserRow(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.Role, u.LockoutEnd, u.MustChangePassword, u.CreatedAt))
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var units = (await db.UserUnits.AsNoTracking().Where(x => ids.Contains(x.UserId)).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.UnitId);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(rows.OrderBy(r => r.UserName, StringComparer.Ordinal).Select(r => r.ToDto([.. units[r.Id]], now)).ToList());
    }

    private static async Task<Results<Ok<UserDto>, NotFound>> GetAsync(Guid id, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var dto = await LoadAsync(db, current.OrganisationId, id, clock.GetUtcNow(), ct);
        return dto is null ? TypedResults.NotFound() : TypedResults.Ok(dto);
    }

    private static async Task<Results<Created<CreatedUserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, CurrentUser current, ManyiDbContext db, UserManager<ManyiUser> users, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var userName = request.UserName?.Trim();
        if (string.IsNullOrEmpty(userName))
        {
            errors["userName"] = ["a user name is required"];
        }
        var profile = ValidateProfile(request.DisplayName, request.Role, errors);
        var units = await ValidateUnitsAsync(db, organisationId, request.Role, request.Units, errors, ct);
        if (errors.Count > 0 || string.IsNullOrEmpty(userName) || profile is not ({ } displayName, { } role))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var oneTime = string.IsNullOrEmpty(request.Password) ? OneTimePassword() : null;
        var user = new ManyiUser
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = displayName,
            Role = role,
            OrganisationId = organisationId,
            // Whoever chose the first password is not the user: the user replaces it at first sign-in.
            MustChangePassword = true,
            CreatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, oneTime ?? request.Password ?? string.Empty);
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(IdentityErrors(created));
        }
        db.UserUnits.AddRange(units.Select(u => new UserUnit { UserId = user.Id, UnitId = u }));
        AuditLog.Write(db, current, clock, "user.create", user.Id.ToString(), "role=" + user.Role);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var dto = new UserRow(user.Id, userName, user.DisplayName, user.Role, null, true, now).ToDto(units, now);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new CreatedUserResponse(dto, oneTime));
    }

    private static async Task<Results<Ok<UserDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest request, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var profile = ValidateProfile(request.DisplayName, request.Role, errors);
        var units = await ValidateUnitsAsync(db, organisationId, request.Role, request.Units, errors, ct);
        if (errors.Count > 0 || profile is not ({ } displayName, { } role))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var now = clock.GetUtcNow();
        if (user.Role == Roles.Administrator && role != Roles.Administrator && !await AnotherActiveAdministratorAsync(db, organisationId, user.Id, now, ct))
        {
            return LastAdministrator();
        }
        var roleChanged = !string.Equals(user.Role, role, StringComparison.Ordinal);
        user.DisplayName = displayName;
        user.Role = role;
        var old = await db.UserUnits.Where(x => x.UserId == user.Id).ToListAsync(ct);
        db.UserUnits.RemoveRange(old.Where(x => !units.Contains(x.UnitId)));
        db.UserUnits.AddRange(units.Where(u => old.All(x => x.UnitId != u)).Select(u => new UserUnit { UserId = user.Id, UnitId = u }));
        AuditLog.Write(db, current, clock, "user.update", user.Id.ToString(), roleChanged ? "role=" + user.Role : null);
        // The claims of a signed-in session are refreshed from the database at the next security-stamp validation (≤ 1 min).
        await db.SaveChangesAsync(ct);
        return await LoadAsync(db, organisationId, id, now, ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<UserDto>, NotFound, ProblemHttpResult>> LockAsync(
        Guid id, CurrentUser current, ManyiDbContext db, UserManager<ManyiUser> users, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        if (user.Id == current.ActorId)
        {
            return TypedResults.Problem("you cannot lock your own account", statusCode: StatusCodes.Status409Conflict);
        }
        var now = clock.GetUtcNow();
        if (user.Role == Roles.Administrator && !await AnotherActiveAdministratorAsync(db, organisationId, user.Id, now, ct))
        {
            return LastAdministrator();
        }
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        AuditLog.Write(db, current, clock, "user.lock", user.Id.ToString(), null);
        // A new security stamp makes every cookie of the user invalid at its next validation.
        await users.UpdateSecurityStampAsync(user);
        return await LoadAsync(db, organisationId, id, now, ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<UserDto>, NotFound>> UnlockAsync(
        Guid id, CurrentUser current, ManyiDbContext db, UserManager<ManyiUser> users, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        AuditLog.Write(db, current, clock, "user.unlock", user.Id.ToString(), null);
        await users.UpdateAsync(user);
        return await LoadAsync(db, organisationId, id, clock.GetUtcNow(), ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, CurrentUser current, ManyiDbContext db, UserManager<ManyiUser> users, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (user is null)
        {
            return TypedResults.NotFound();
        }
        if (user.Id == current.ActorId)
        {
            return TypedResults.Problem("you cannot delete your own account", statusCode: StatusCodes.Status409Conflict);
        }
        if (user.Role == Roles.Administrator && !await AnotherActiveAdministratorAsync(db, organisationId, user.Id, clock.GetUtcNow(), ct))
        {
            return LastAdministrator();
        }
        AuditLog.Write(db, current, clock, "user.delete", user.Id.ToString(), "role=" + user.Role);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            throw new InvalidOperationException("deleting the user failed: " + string.Join("; ", deleted.Errors.Select(e => e.Code)));
        }
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult LastAdministrator() =>
        TypedResults.Problem("the organisation must keep at least one administrator who can sign in", statusCode: StatusCodes.Status409Conflict);

    private static async Task<bool> AnotherActiveAdministratorAsync(ManyiDbContext db, Guid organisationId, Guid except, DateTimeOffset now, CancellationToken ct)
    {
        var administrators = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId && u.Role == Roles.Administrator && u.Id != except)
            .Select(u => u.LockoutEnd).ToListAsync(ct);
        return administrators.Any(end => end is null || end <= now);
    }

    /// <summary>Checks display name and role into <paramref name="errors"/>; returns them (trimmed) when both are valid.</summary>
    private static (string DisplayName, string Role)? ValidateProfile(string? displayName, string? role, Dictionary<string, string[]> errors)
    {
        var count = errors.Count;
        if (string.IsNullOrWhiteSpace(displayName))
        {
            errors["displayName"] = ["a display name is required"];
        }
        else if (displayName.Trim().Length > 200)
        {
            errors["displayName"] = ["the display name has more than 200 characters"];
        }
        if (role is null || !Roles.All.Contains(role, StringComparer.Ordinal))
        {
            errors["role"] = [$"the role must be one of {string.Join(", ", Roles.All)}"];
        }
        return count == errors.Count && displayName is not null && role is not null ? (displayName.Trim(), role) : null;
    }

    /// <summary>Unit managers need at least one unit of the organisation; other roles see every unit and take none.</summary>
    private static async Task<IReadOnlyList<Guid>> ValidateUnitsAsync(
        ManyiDbContext db, Guid organisationId, string? role, IReadOnlyList<Guid>? requested, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var units = (requested ?? []).Distinct().ToList();
        if (role == Roles.UnitManager && units.Count == 0)
        {
            errors["units"] = ["a unit manager needs at least one unit"];
            return units;
        }
        if (role != Roles.UnitManager && units.Count > 0)
        {
            errors["units"] = ["only unit managers are limited to units"];
            return units;
        }
        var known = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && units.Contains(u.Id)).CountAsync(ct);
        if (known != units.Count)
        {
            errors["units"] = ["a unit does not exist in this organisation"];
        }
        return units;
    }

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "password", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray(), StringComparer.Ordinal);

    private static async Task<UserDto?> LoadAsync(ManyiDbContext db, Guid organisationId, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id && u.OrganisationId == organisationId)
            .Select(u => new UserRow(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.Role, u.LockoutEnd, u.MustChangePassword, u.CreatedAt))
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var units = await db.UserUnits.AsNoTracking().Where(x => x.UserId == id).Select(x => x.UnitId).ToListAsync(ct);
        return row.ToDto(units, now);
    }

    /// <summary>16 characters without look-alikes (≈ 93 bits), with a digit, a lower- and an upper-case letter as the password policy asks.</summary>
    internal static string OneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        while (true)
        {
            var password = RandomNumberGenerator.GetString(alphabet, 16);
            if (password.Any(char.IsDigit) && password.Any(char.IsLower) && password.Any(char.IsUpper))
            {
                return password;
            }
        }
    }

    private sealed record UserRow(
        Guid Id, string UserName, string DisplayName, string Role, DateTimeOffset? LockoutEnd, bool MustChangePassword, DateTimeOffset CreatedAt)
    {
        public UserDto ToDto(IReadOnlyList<Guid> units, DateTimeOffset now)
        {
            var locked = LockoutEnd is { } end && end > now;
            return new UserDto(Id, UserName, DisplayName, Role, units, locked, locked ? LockoutEnd : null, MustChangePassword, CreatedAt);
        }
    }
}
