using Microsoft.AspNetCore.Identity;

namespace Manyi.Core.Users;

/// <summary>A person who signs in to Manyi; belongs to one organisation and holds one role (<see cref="Roles"/>).</summary>
public sealed class ManyiUser : IdentityUser<Guid>
{
    public Guid OrganisationId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public required string Role { get; set; }

    /// <summary>True until the user has replaced the one-time password printed at first start.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A unit a unit manager is responsible for; the manager sees that unit and every unit below it.</summary>
public sealed class UserUnit
{
    public Guid UserId { get; set; }

    public Guid UnitId { get; set; }
}

/// <summary>The roles of product.md M12.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Analyst = "analyst";
    public const string CaseHandler = "case-handler";
    public const string UnitManager = "unit-manager";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Administrator, Analyst, CaseHandler, UnitManager, Viewer];
}
