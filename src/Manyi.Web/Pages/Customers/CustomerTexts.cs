using Manyi.Web.Features.Customers;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Customers;

/// <summary>
/// The UI's words for the customers feature's reason codes (<see cref="Reasons"/>, <see cref="ImportProblems"/>): the rules live in
/// Features/Customers and speak English to the API; the pages show the same refusals in the user's language. A code without
/// a text here falls back to the feature's English message.
/// </summary>
public static class CustomerTexts
{
    /// <summary>The message of a form field refused by <see cref="CustomerCommands"/>; <paramref name="field"/> is the API field name.</summary>
    public static string FieldError(IStringLocalizer t, string field, string? code, string english)
    {
        ArgumentNullException.ThrowIfNull(t);
        var label = t[Label(field)];
        var text = code switch
        {
            Reasons.Required => t["Validation.Required", label],
            Reasons.TooLong => t["Validation.Length", label, MaxLength(field)],
            Reasons.NotEmail => t["Validation.Email", label],
            Reasons.Negative => t["Validation.Negative", label],
            Reasons.TooLarge => t["Validation.TooLarge", label],
            Reasons.TooManyDecimals => t["Validation.Decimals", label],
            Reasons.UnknownType => t["Import.BadType"],
            Reasons.UnknownStatus => t["Import.BadStatus"],
            Reasons.UnitNotAllowed => t["Customer.UnitNotAllowed"],
            Reasons.OwnerUnknown => t["Customer.OwnerUnknown"],
            Reasons.CodeTaken => t["Customer.CodeTaken"],
            Reasons.TooManyAttributes => t["Customer.TooManyAttributes", CustomerRules.MaxAttributes],
            Reasons.AttributeName => t["Customer.AttributeName", CustomerRules.AttributeNameLength],
            Reasons.AttributeValue => t["Customer.AttributeValue", CustomerRules.AttributeValueLength],
            _ => null,
        };
        return text is null || text.ResourceNotFound ? english : text.Value;
    }

    /// <summary>The reason of a bad cell in the import report.</summary>
    public static string ImportReason(IStringLocalizer t, ImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(issue);
        var text = issue.ReasonCode switch
        {
            Reasons.Required => t["Import.Required"],
            Reasons.TooLong or Reasons.AttributeValue => t["Import.TooLong"],
            Reasons.NotEmail => t["Import.BadEmail"],
            Reasons.NotNumber => t["Import.BadNumber"],
            Reasons.Negative => t["Import.Negative"],
            Reasons.TooLarge => t["Import.ValueTooLarge"],
            Reasons.TooManyDecimals => t["Import.Decimals"],
            Reasons.UnknownType => t["Import.BadType"],
            Reasons.UnknownStatus => t["Import.BadStatus"],
            Reasons.UnitNotAllowed => t["Import.UnknownUnit"],
            Reasons.OwnerUnknown => t["Import.UnknownOwner"],
            Reasons.CodeRepeated => t["Import.DuplicateCode"],
            Reasons.CodeOutOfScope => t["Import.CodeTaken"],
            Reasons.TooManyAttributes => t["Customer.TooManyAttributes", CustomerRules.MaxAttributes],
            Reasons.RowTooWide => t["Import.RowTooWide"],
            _ => null,
        };
        return text is null || text.ResourceNotFound ? issue.Reason : text.Value;
    }

    /// <summary>Why a whole file was refused (unreadable, too large, bad header, a concurrent change…).</summary>
    public static string ImportProblem(IStringLocalizer t, ImportOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(outcome);
        var text = outcome.ProblemCode switch
        {
            ImportProblems.TooLarge => t["Import.TooLarge", CustomerImport.MaxBytes / 1024 / 1024],
            ImportProblems.NotUtf8 or ImportProblems.NotCsv or ImportProblems.NotXlsx => t["Import.Unreadable"],
            ImportProblems.Empty => t["Import.Empty"],
            ImportProblems.TooManyRows => t["Import.TooManyRows", CustomerImport.MaxRows],
            ImportProblems.BadHeader => t["Import.BadHeader"],
            ImportProblems.MissingColumns => t["Import.MissingColumn"],
            ImportProblems.Conflict => t["Import.Conflict"],
            _ => null,
        };
        return text is null || text.ResourceNotFound ? outcome.Problem ?? string.Empty : text.Value;
    }

    /// <summary>The resource key of a field's label.</summary>
    public static string Label(string field) => field switch
    {
        "code" => "Customer.Code",
        "name" => "Customer.Name",
        "type" => "Customer.Type",
        "status" => "Customer.Status",
        "segment" => "Customer.Segment",
        "tier" => "Customer.Tier",
        "unitId" => "Customer.Unit",
        "ownerId" => "Customer.Owner",
        "email" => "Customer.Email",
        "phone" => "Customer.Phone",
        "value" => "Customer.Value",
        _ => "Customer.Attributes",
    };

    private static int MaxLength(string field) => field switch
    {
        "code" => CustomerRules.CodeLength,
        "name" => CustomerRules.NameLength,
        "segment" => CustomerRules.SegmentLength,
        "tier" => CustomerRules.TierLength,
        "email" => CustomerRules.EmailLength,
        _ => CustomerRules.PhoneLength,
    };
}
