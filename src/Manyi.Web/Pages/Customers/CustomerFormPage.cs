using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Manyi.Web.Pages.Units;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>A user who can own customers, as the form's select shows it.</summary>
public sealed record OwnerOption(Guid Id, string DisplayName);

/// <summary>
/// What the shared form partial needs from the create and edit pages. The form posts the use case's <see cref="CustomerInput"/>
/// as <c>Input.*</c>, except the attributes, which people type as <c>name=value</c> lines (<c>Input.Attributes</c>), and the
/// version (ETag) the form was opened with (<c>Input.Version</c>).
/// </summary>
public interface ICustomerFormPage
{
    CustomerInput Input { get; }

    string? AttributesText { get; }

    Guid Version { get; }

    IReadOnlyList<UnitOption> Units { get; }

    IReadOnlyList<OwnerOption> Owners { get; }
}

/// <summary>Helpers of the create and edit pages: the form's choices, attribute lines, and the use case's errors as form errors.</summary>
public static class CustomerFormPage
{
    public const string AttributesField = "Input.Attributes";
    public const string VersionField = "Input.Version";

    public static async Task<IReadOnlyList<OwnerOption>> OwnersAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .OrderBy(u => u.DisplayName).Select(u => new OwnerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    /// <summary>The form's fields of a stored customer.</summary>
    public static CustomerInput From(CustomerDto customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerInput
        {
            Code = customer.Code,
            Name = customer.Name,
            Type = CustomerText.Name(customer.Type),
            Status = CustomerText.Name(customer.Status),
            UnitId = customer.UnitId,
            Segment = customer.Segment,
            Tier = customer.Tier,
            OwnerId = customer.OwnerId,
            Email = customer.Email,
            Phone = customer.Phone,
            Value = customer.Value,
        };
    }

    /// <summary>Attributes as the form's text: one <c>name=value</c> per line, sorted by name.</summary>
    public static string AttributesText(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        return string.Join('\n', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value));
    }

    /// <summary>
    /// The posted input with its attributes read from the <c>name=value</c> lines; a line without a name or a repeated name is a
    /// form error (the rules on names, values and count are the use case's).
    /// </summary>
    public static CustomerInput Read(CustomerInput input, string? attributesText, ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        // The model binder also tried to read the text as Input.Attributes (a dictionary); the text is read here instead.
        modelState.Remove(AttributesField);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (attributesText ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (name.Length == 0 || attributes.ContainsKey(name))
            {
                modelState.AddModelError(AttributesField, t["Customer.BadAttribute", line]);
                continue;
            }
            attributes[name] = line[(equals + 1)..].Trim();
        }
        return input with { Attributes = attributes };
    }

    /// <summary>Shows the use case's refusals at their fields, in the user's language.</summary>
    public static void AddErrors<T>(UseCaseResult<T> result, ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(modelState);
        foreach (var (field, messages) in result.Errors)
        {
            var key = "Input." + char.ToUpperInvariant(field[0]) + field[1..];
            var code = result.ReasonCodes.GetValueOrDefault(field);
            foreach (var message in messages)
            {
                modelState.AddModelError(key, CustomerTexts.FieldError(t, field, code, message));
            }
        }
    }
}
