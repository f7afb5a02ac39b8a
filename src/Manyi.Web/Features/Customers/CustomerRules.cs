using System.Globalization;
using System.Net.Mail;
using Manyi.Core.Customers;

namespace Manyi.Web.Features.Customers;

/// <summary>Text forms of the customer enums (camelCase, as the JSON API writes them).</summary>
public static class CustomerText
{
    /// <summary>The accepted names of an enum, camelCase (e.g. "person", "company").</summary>
    public static IReadOnlyList<string> EnumNames<T>()
        where T : struct, Enum =>
        Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToArray();

    /// <summary>Parses a name of <typeparamref name="T"/> ignoring case; numbers are refused (they would accept undefined values).</summary>
    public static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && char.IsLetter(trimmed[0]) && Enum.TryParse(trimmed, ignoreCase: true, out value) && Enum.IsDefined(value))
        {
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The camelCase name of an enum value.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}

/// <summary>
/// A refused value: <see cref="Code"/> names the rule for good (one of <see cref="Reasons"/>; clients and the pages translate it),
/// <see cref="Message"/> says it in English for the API.
/// </summary>
public sealed record RuleError(string Code, string Message);

/// <summary>The stable codes of <see cref="RuleError"/> and of import issues (camelCase, part of the API).</summary>
public static class Reasons
{
    public const string Required = "required";
    public const string TooLong = "tooLong";
    public const string NotEmail = "notEmail";
    public const string NotNumber = "notNumber";
    public const string Negative = "negative";
    public const string TooLarge = "tooLarge";
    public const string TooManyDecimals = "tooManyDecimals";
    public const string UnknownType = "unknownType";
    public const string UnknownStatus = "unknownStatus";
    public const string UnitNotAllowed = "unitNotAllowed";
    public const string OwnerUnknown = "ownerUnknown";
    public const string CodeTaken = "codeTaken";
    public const string TooManyAttributes = "tooManyAttributes";
    public const string AttributeName = "attributeName";
    public const string AttributeValue = "attributeValue";

    /// <summary>Import: the code is already on an earlier line of the file.</summary>
    public const string CodeRepeated = "codeRepeated";

    /// <summary>Import: the code belongs to a customer outside the importing user's units.</summary>
    public const string CodeOutOfScope = "codeOutOfScope";

    /// <summary>Import: the row has more cells than the header has columns.</summary>
    public const string RowTooWide = "rowTooWide";
}

/// <summary>
/// The field rules of a customer (product.md M2), shared by the API, the pages and the import so that all three refuse the
/// same input with the same words. Lengths follow the database columns (CustomerConfiguration).
/// </summary>
public static class CustomerRules
{
    public const int CodeLength = 64;
    public const int NameLength = 200;
    public const int SegmentLength = 100;
    public const int TierLength = 50;
    public const int EmailLength = 254;
    public const int PhoneLength = 50;
    public const int MaxAttributes = 50;
    public const int AttributeNameLength = 100;
    public const int AttributeValueLength = 1000;

    /// <summary>The largest value K that the column (precision 18, scale 2) holds.</summary>
    public const decimal MaxValue = 9_999_999_999_999_999.99m;

    public static RuleError? Code(string? code) =>
        string.IsNullOrWhiteSpace(code) ? new(Reasons.Required, "code is required")
        : code.Trim().Length > CodeLength ? new(Reasons.TooLong, $"code must be at most {CodeLength} characters")
        : null;

    public static RuleError? Name(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new(Reasons.Required, "name is required")
        : name.Length > NameLength ? new(Reasons.TooLong, $"name must be at most {NameLength} characters")
        : null;

    public static RuleError? Segment(string? segment) => MaxLength("segment", segment, SegmentLength);

    public static RuleError? Tier(string? tier) => MaxLength("tier", tier, TierLength);

    public static RuleError? Phone(string? phone) => MaxLength("phone", phone, PhoneLength);

    public static RuleError? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }
        if (email.Length > EmailLength)
        {
            return new(Reasons.TooLong, $"email must be at most {EmailLength} characters");
        }
        // MailAddress also accepts "Name <a@b>"; only a bare address that it reads back unchanged is an e-mail address here.
        return MailAddress.TryCreate(email, out var address) && string.Equals(address.Address, email, StringComparison.Ordinal) && !email.Contains(' ', StringComparison.Ordinal)
            ? null
            : new(Reasons.NotEmail, "email is not a valid e-mail address");
    }

    public static RuleError? Value(decimal? value) =>
        value switch
        {
            null => null,
            < 0 => new(Reasons.Negative, "value must be 0 or more"),
            > MaxValue => new(Reasons.TooLarge, "value is too large"),
            _ when decimal.Round(value.Value, 2) != value.Value => new(Reasons.TooManyDecimals, "value may have at most 2 decimal places"),
            _ => null,
        };

    public static RuleError? Attributes(IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return null;
        }
        if (attributes.Count > MaxAttributes)
        {
            return TooManyAttributes();
        }
        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > AttributeNameLength)
            {
                return new(Reasons.AttributeName, $"attribute names must be 1 to {AttributeNameLength} characters");
            }
            if (value is null || value.Length > AttributeValueLength)
            {
                return AttributeValueTooLong();
            }
        }
        return null;
    }

    public static RuleError TooManyAttributes() => new(Reasons.TooManyAttributes, $"a customer may have at most {MaxAttributes} attributes");

    public static RuleError AttributeValueTooLong() => new(Reasons.AttributeValue, $"attribute values must be text of at most {AttributeValueLength} characters");

    /// <summary>A type that is not one of <see cref="CustomerType"/>'s names.</summary>
    public static RuleError? Type(string? type) =>
        !string.IsNullOrWhiteSpace(type) && !CustomerText.TryParseEnum<CustomerType>(type, out _)
            ? new(Reasons.UnknownType, $"type must be one of {string.Join(", ", CustomerText.EnumNames<CustomerType>())}")
            : null;

    /// <summary>A status that is not one of <see cref="CustomerStatus"/>'s names.</summary>
    public static RuleError? Status(string? status) =>
        !string.IsNullOrWhiteSpace(status) && !CustomerText.TryParseEnum<CustomerStatus>(status, out _)
            ? new(Reasons.UnknownStatus, $"status must be one of {string.Join(", ", CustomerText.EnumNames<CustomerStatus>())}")
            : null;

    /// <summary>Reads a value K written with a '.' decimal point (invariant culture), e.g. "1234.50".</summary>
    public static bool TryParseValue(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value);

    private static RuleError? MaxLength(string field, string? text, int length) =>
        text is not null && text.Length > length ? new(Reasons.TooLong, $"{field} must be at most {length} characters") : null;
}
