using System.Globalization;
using System.Net.Mail;

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

    public static string? Code(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "code is required"
        : code.Trim().Length > CodeLength ? $"code must be at most {CodeLength} characters"
        : null;

    public static string? Name(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required"
        : name.Length > NameLength ? $"name must be at most {NameLength} characters"
        : null;

    public static string? Segment(string? segment) => MaxLength("segment", segment, SegmentLength);

    public static string? Tier(string? tier) => MaxLength("tier", tier, TierLength);

    public static string? Phone(string? phone) => MaxLength("phone", phone, PhoneLength);

    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }
        if (email.Length > EmailLength)
        {
            return $"email must be at most {EmailLength} characters";
        }
        // MailAddress also accepts "Name <a@b>"; only a bare address that it reads back unchanged is an e-mail address here.
        return MailAddress.TryCreate(email, out var address) && string.Equals(address.Address, email, StringComparison.Ordinal) && !email.Contains(' ', StringComparison.Ordinal)
            ? null
            : "email is not a valid e-mail address";
    }

    public static string? Value(decimal? value) =>
        value switch
        {
            null => null,
            < 0 => "value must be 0 or more",
            > MaxValue => "value is too large",
            _ when decimal.Round(value.Value, 2) != value.Value => "value may have at most 2 decimal places",
            _ => null,
        };

    public static string? Attributes(IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return null;
        }
        if (attributes.Count > MaxAttributes)
        {
            return $"a customer may have at most {MaxAttributes} attributes";
        }
        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > AttributeNameLength)
            {
                return $"attribute names must be 1 to {AttributeNameLength} characters";
            }
            if (value is null || value.Length > AttributeValueLength)
            {
                return $"attribute values must be text of at most {AttributeValueLength} characters";
            }
        }
        return null;
    }

    /// <summary>Reads a value K written with a '.' decimal point (invariant culture), e.g. "1234.50".</summary>
    public static bool TryParseValue(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value);

    private static string? MaxLength(string field, string? text, int length) =>
        text is not null && text.Length > length ? $"{field} must be at most {length} characters" : null;
}
