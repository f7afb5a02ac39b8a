using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Customers;

/// <summary>
/// Create, replace and delete customers. Each checks the caller's organisation and unit scope, validates every field (errors
/// by field name), writes an audit entry in the same SaveChanges, and changes nothing when it refuses.
/// </summary>
public static class CustomerCommands
{
    /// <summary>Creates a customer; Invalid with errors by field (code unique per organisation, unit within the caller's units…).</summary>
    public static async Task<UseCaseResult<CustomerDto>> CreateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, CustomerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var errors = await ValidateAsync(db, user, input, null, ct);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<CustomerDto>(errors);
        }
        var now = clock.GetUtcNow();
        var customer = new Customer
        {
            Id = Guid.NewGuid(),
            OrganisationId = user.OrganisationId,
            Code = input.Code!.Trim(),
            Name = input.Name!,
            CreatedAt = now,
        };
        Apply(customer, input, now);
        db.Customers.Add(customer);
        AuditLog.Write(db, user, clock, AuditLog.Actions.CustomerCreate, Subject(customer.Id), null);
        if (!await TrySaveAsync(db, user.OrganisationId, customer.Code, customer.Id, ct))
        {
            return UseCaseResult.Invalid<CustomerDto>(CodeTaken());
        }
        return UseCaseResult.Ok(customer.ToDto());
    }

    /// <summary>
    /// Replaces every field of a customer. <paramref name="expectedVersion"/> is the version (ETag) the caller read: when the
    /// customer has changed since, the result is Stale and nothing is written. NotFound outside the caller's organisation or units.
    /// </summary>
    public static async Task<UseCaseResult<CustomerDto>> UpdateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid expectedVersion, CustomerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var customer = await FindTrackedAsync(db, user, id, ct);
        if (customer is null)
        {
            return UseCaseResult.NotFound<CustomerDto>();
        }
        if (customer.Version != expectedVersion)
        {
            return UseCaseResult.Stale<CustomerDto>();
        }
        var errors = await ValidateAsync(db, user, input, customer.Id, ct);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<CustomerDto>(errors);
        }
        var before = Snapshot(customer);
        customer.Code = input.Code!.Trim();
        customer.Name = input.Name!;
        Apply(customer, input, clock.GetUtcNow());
        var changed = ChangedFields(before, Snapshot(customer));
        // The version read by the caller goes into the UPDATE's WHERE clause: a concurrent writer makes it match no row.
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        AuditLog.Write(db, user, clock, AuditLog.Actions.CustomerUpdate, Subject(customer.Id), changed.Count == 0 ? "no changes" : "fields: " + string.Join(",", changed));
        try
        {
            if (!await TrySaveAsync(db, user.OrganisationId, customer.Code, customer.Id, ct))
            {
                return UseCaseResult.Invalid<CustomerDto>(CodeTaken());
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return UseCaseResult.Stale<CustomerDto>();
        }
        return UseCaseResult.Ok(customer.ToDto());
    }

    /// <summary>Deletes a customer; with <paramref name="expectedVersion"/> only if it is still that version (Stale otherwise).</summary>
    public static async Task<UseCaseResult<Guid>> DeleteAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await FindTrackedAsync(db, user, id, ct);
        if (customer is null)
        {
            return UseCaseResult.NotFound<Guid>();
        }
        if (expectedVersion is { } expected && customer.Version != expected)
        {
            return UseCaseResult.Stale<Guid>();
        }
        db.Customers.Remove(customer);
        AuditLog.Write(db, user, clock, AuditLog.Actions.CustomerDelete, Subject(customer.Id), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return UseCaseResult.Stale<Guid>();
        }
        return UseCaseResult.Ok(customer.Id);
    }

    /// <summary>Checks every field of <paramref name="input"/>; <paramref name="selfId"/> is the customer being replaced (null on create).</summary>
    public static async Task<Dictionary<string, RuleError>> ValidateAsync(ManyiDbContext db, CurrentUser user, CustomerInput input, Guid? selfId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, RuleError>(StringComparer.Ordinal);
        void Check(string field, RuleError? error)
        {
            if (error is not null)
            {
                errors[field] = error;
            }
        }
        Check("code", CustomerRules.Code(input.Code));
        Check("name", CustomerRules.Name(input.Name));
        Check("segment", CustomerRules.Segment(input.Segment));
        Check("tier", CustomerRules.Tier(input.Tier));
        Check("email", CustomerRules.Email(input.Email));
        Check("phone", CustomerRules.Phone(input.Phone));
        Check("value", CustomerRules.Value(input.Value));
        Check("attributes", CustomerRules.Attributes(input.Attributes));
        Check("type", CustomerRules.Type(input.Type));
        Check("status", CustomerRules.Status(input.Status));
        var organisationId = user.OrganisationId;
        if (input.UnitId is not { } unitId)
        {
            Check("unitId", new(Reasons.Required, "unitId is required"));
        }
        else if (!await IsWritableUnitAsync(db, user, unitId, ct))
        {
            // The same words for "no such unit" and "another organisation's or unit's": ids reveal nothing.
            Check("unitId", new(Reasons.UnitNotAllowed, "unitId must be a unit within your units"));
        }
        if (input.OwnerId is { } ownerId && !await db.Users.AsNoTracking().AnyAsync(u => u.Id == ownerId && u.OrganisationId == organisationId, ct))
        {
            Check("ownerId", new(Reasons.OwnerUnknown, "ownerId must be a user of your organisation"));
        }
        if (!errors.ContainsKey("code"))
        {
            var code = input.Code!.Trim();
            if (await db.Customers.AsNoTracking().AnyAsync(c => c.OrganisationId == organisationId && c.Code == code && c.Id != selfId, ct))
            {
                errors["code"] = CodeTaken()["code"];
            }
        }
        return errors;
    }

    private static async Task<bool> IsWritableUnitAsync(ManyiDbContext db, CurrentUser user, Guid unitId, CancellationToken ct)
    {
        var organisationId = user.OrganisationId;
        if (!await db.Units.AsNoTracking().AnyAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct))
        {
            return false;
        }
        var visible = await user.VisibleUnitsAsync(ct);
        return visible is null || visible.Contains(unitId);
    }

    private static async Task<Customer?> FindTrackedAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id && c.OrganisationId == organisationId, ct);
        if (customer is null)
        {
            return null;
        }
        var visible = await user.VisibleUnitsAsync(ct);
        return visible is null || visible.Contains(customer.UnitId) ? customer : null;
    }

    private static void Apply(Customer customer, CustomerInput input, DateTimeOffset now)
    {
        customer.Type = string.IsNullOrWhiteSpace(input.Type) ? CustomerType.Person : Enum.Parse<CustomerType>(input.Type.Trim(), ignoreCase: true);
        customer.Status = string.IsNullOrWhiteSpace(input.Status) ? CustomerStatus.Active : Enum.Parse<CustomerStatus>(input.Status.Trim(), ignoreCase: true);
        customer.Segment = Blank(input.Segment);
        customer.Tier = Blank(input.Tier);
        customer.UnitId = input.UnitId!.Value;
        customer.OwnerId = input.OwnerId;
        customer.Email = Blank(input.Email);
        customer.Phone = Blank(input.Phone);
        customer.Value = input.Value;
        customer.Attributes = input.Attributes is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(input.Attributes, StringComparer.Ordinal);
        customer.UpdatedAt = now;
        customer.Version = Guid.NewGuid();
    }

    /// <summary>Saves; false when the unique (organisation, code) index refused a code that another request took meanwhile.</summary>
    private static async Task<bool> TrySaveAsync(ManyiDbContext db, Guid organisationId, string code, Guid selfId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            if (await db.Customers.AsNoTracking().AnyAsync(c => c.OrganisationId == organisationId && c.Code == code && c.Id != selfId, ct))
            {
                return false;
            }
            throw;
        }
    }

    private static Dictionary<string, RuleError> CodeTaken() =>
        new(StringComparer.Ordinal) { ["code"] = new(Reasons.CodeTaken, "code is already used by another customer of the organisation") };

    internal static string Subject(Guid id) => $"customer:{id}";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static Dictionary<string, string?> Snapshot(Customer c) => new(StringComparer.Ordinal)
    {
        ["code"] = c.Code,
        ["name"] = c.Name,
        ["type"] = c.Type.ToString(),
        ["status"] = c.Status.ToString(),
        ["segment"] = c.Segment,
        ["tier"] = c.Tier,
        ["unitId"] = c.UnitId.ToString(),
        ["ownerId"] = c.OwnerId?.ToString(),
        ["email"] = c.Email,
        ["phone"] = c.Phone,
        ["value"] = c.Value?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        ["attributes"] = string.Join("\u001f", c.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "\u001e" + a.Value)),
    };

    /// <summary>The names (never the values) of the fields that differ, for the audit entry.</summary>
    internal static List<string> ChangedFields(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        before.Where(kv => !string.Equals(kv.Value, after[kv.Key], StringComparison.Ordinal)).Select(kv => kv.Key).ToList();
}
