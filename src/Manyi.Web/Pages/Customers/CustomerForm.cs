using System.ComponentModel.DataAnnotations;
using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>The fields of the customer form (create and edit).</summary>
public sealed class CustomerInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(64, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Code")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Code { get; set; } = string.Empty;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Name")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Name { get; set; } = string.Empty;

    [Display(Name = "Customer.Type")]
    public CustomerType Type { get; set; }

    [Display(Name = "Customer.Status")]
    public CustomerStatus Status { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Customer.Unit")]
    public Guid? UnitId { get; set; }

    [StringLength(100, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Segment")]
    public string? Segment { get; set; }

    [StringLength(50, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Tier")]
    public string? Tier { get; set; }

    [Display(Name = "Customer.Owner")]
    public Guid? OwnerId { get; set; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(254, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Email")]
    public string? Email { get; set; }

    [StringLength(50, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Phone")]
    public string? Phone { get; set; }

    [Display(Name = "Customer.Value")]
    public decimal? Value { get; set; }

    [StringLength(10_000, ErrorMessage = "Validation.Length")]
    [Display(Name = "Customer.Attributes")]
    public string? Attributes { get; set; }

    /// <summary>The version (ETag) the form was loaded with; a different current version means someone else saved first.</summary>
    public Guid Version { get; set; }

    public static CustomerInput From(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerInput
        {
            Code = customer.Code,
            Name = customer.Name,
            Type = customer.Type,
            Status = customer.Status,
            UnitId = customer.UnitId,
            Segment = customer.Segment,
            Tier = customer.Tier,
            OwnerId = customer.OwnerId,
            Email = customer.Email,
            Phone = customer.Phone,
            Value = customer.Value,
            Attributes = CustomerPages.AttributesText(customer.Attributes),
            Version = customer.Version,
        };
    }
}

/// <summary>A user who can own customers, as the form's select shows it.</summary>
public sealed record OwnerOption(Guid Id, string DisplayName);

/// <summary>What the shared form partial needs from the create and edit pages.</summary>
public interface ICustomerFormPage
{
    CustomerInput Input { get; }

    IReadOnlyList<UnitOption> Units { get; }

    IReadOnlyList<OwnerOption> Owners { get; }
}

/// <summary>Checks of the customer form beyond its attributes, and copying a valid form onto a customer.</summary>
public static class CustomerForm
{
    public const int MaxAttributes = 50;

    public static async Task<IReadOnlyList<OwnerOption>> OwnersAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .OrderBy(u => u.DisplayName).Select(u => new OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>Adds a model error per wrong field: unit outside the user's scope, code taken, owner of another organisation, bad attribute lines.</summary>
    public static async Task<Dictionary<string, string>> ValidateAsync(
        CustomerInput input, Guid? customerId, IReadOnlyList<UnitOption> units, ManyiDbContext db, CurrentUser user,
        ModelStateDictionary modelState, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        var organisationId = user.OrganisationId;
        if (input.UnitId is { } unitId && !units.Any(u => u.Id == unitId))
        {
            modelState.AddModelError("Input.UnitId", t["Customer.UnitNotAllowed"]);
        }
        var code = input.Code.Trim();
        if (code.Length > 0 && await db.Customers.AnyAsync(c => c.OrganisationId == organisationId && c.Code == code && c.Id != customerId, ct))
        {
            modelState.AddModelError("Input.Code", t["Customer.CodeTaken"]);
        }
        if (input.OwnerId is { } ownerId && !await db.Users.AnyAsync(u => u.Id == ownerId && u.OrganisationId == organisationId, ct))
        {
            modelState.AddModelError("Input.OwnerId", t["Customer.OwnerUnknown"]);
        }
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (input.Attributes ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (name.Length is 0 or > 100 || attributes.ContainsKey(name))
            {
                modelState.AddModelError("Input.Attributes", t["Customer.BadAttribute", line]);
                continue;
            }
            attributes[name] = line[(equals + 1)..].Trim();
        }
        if (attributes.Count > MaxAttributes)
        {
            modelState.AddModelError("Input.Attributes", t["Customer.TooManyAttributes", MaxAttributes]);
        }
        return attributes;
    }

    /// <summary>Copies a validated form onto <paramref name="customer"/> and gives it a new version.</summary>
    public static void Apply(CustomerInput input, IReadOnlyDictionary<string, string> attributes, Customer customer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(customer);
        customer.Code = input.Code.Trim();
        customer.Name = input.Name.Trim();
        customer.Type = input.Type;
        customer.Status = input.Status;
        customer.UnitId = input.UnitId!.Value;
        customer.Segment = Blank(input.Segment);
        customer.Tier = Blank(input.Tier);
        customer.OwnerId = input.OwnerId;
        customer.Email = Blank(input.Email);
        customer.Phone = Blank(input.Phone);
        customer.Value = input.Value;
        customer.Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        customer.UpdatedAt = now;
        customer.Version = Guid.NewGuid();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
