using System.Security.Cryptography;
using Manyi.Core.Cases;
using Manyi.Data;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Text;

namespace Manyi.Web.Features.Cases;

/// <summary>How an inbound e-mail ended: the case (new or the one of an earlier delivery), or the bad field.</summary>
public sealed record CaseEmailOutcome(Case? Case, bool Replayed, string? Field, string? Problem, bool TooLarge = false);

/// <summary>
/// Cases from inbound e-mail (product.md M5): a mail gateway pipes each message (RFC 822) to <c>POST /api/v1/cases/email</c> with an
/// API key. The sender is matched to a customer by e-mail address; the case goes to the customer's unit, else the unit configured as
/// <c>Manyi:Cases:EmailUnitCode</c>, else the organisation's top unit. The Message-ID is the case's external key, so a second
/// delivery of the same mail opens no second case.
/// </summary>
public static class CaseEmailIntake
{
    /// <summary>The largest message taken (headers, body and attachments).</summary>
    public const int MaxBytes = 1024 * 1024;

    public const string UnitCodeSetting = "Manyi:Cases:EmailUnitCode";
    public const string KindSetting = "Manyi:Cases:EmailKind";
    public const string NoSubject = "(no subject)";

    public static async Task<CaseEmailOutcome> RunAsync(ManyiDbContext db, CurrentUser user, IConfiguration configuration, TimeProvider clock, Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(body);
        var content = await Importing.ImportTable.ReadLimitedAsync(body, MaxBytes, ct);
        if (content is null)
        {
            return new CaseEmailOutcome(null, false, "body", $"the message is larger than {MaxBytes / 1024} KB", TooLarge: true);
        }
        if (content.Length == 0 || content.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            return new CaseEmailOutcome(null, false, "body", "send the e-mail message (RFC 822) as the request body");
        }
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            message = await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FormatException)
        {
            return new CaseEmailOutcome(null, false, "body", "the body is not an e-mail message (RFC 822)");
        }
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim();
        if (string.IsNullOrEmpty(sender) || sender.Length > 320)
        {
            return new CaseEmailOutcome(null, false, "from", "the message has no sender address (From)");
        }
        var organisationId = user.OrganisationId;
        var messageId = message.MessageId?.Trim();
        var key = string.IsNullOrEmpty(messageId)
            ? "email-sha256:" + Convert.ToHexStringLower(SHA256.HashData(content))
            : messageId.Length + 6 <= CasesApi.ExternalKeyLength ? "email:" + messageId
            : "email-sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(messageId)));
        var visible = await user.VisibleUnitsAsync(ct);
        var earlier = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.ExternalKey == key, ct);
        if (earlier is not null)
        {
            return visible is not null && !visible.Contains(earlier.UnitId)
                ? new CaseEmailOutcome(null, false, "Message-ID", "this message already opened a case outside your units")
                : new CaseEmailOutcome(earlier, true, null, null);
        }

        var address = sender.ToLowerInvariant();
        var customer = await db.Customers.AsNoTracking()
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); never runs in .NET
            .Where(c => c.OrganisationId == organisationId && c.Email != null && c.Email.ToLower() == address)
#pragma warning restore CA1304, CA1311, CA1862
            .OrderBy(c => c.Code).Select(c => new { c.Id, c.UnitId }).FirstOrDefaultAsync(ct);
        if (customer is not null && visible is not null && !visible.Contains(customer.UnitId))
        {
            customer = null;
        }
        Guid? unit = customer?.UnitId;
        if (unit is null && configuration[UnitCodeSetting] is { Length: > 0 } unitCode)
        {
            unit = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Code == unitCode).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        }
        unit ??= await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.ParentId == null).OrderBy(u => u.Code).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (unit is null || (visible is not null && !visible.Contains(unit.Value)))
        {
            return new CaseEmailOutcome(null, false, "from", "the sender is no customer of your units and the fallback unit is outside your units");
        }

        var subject = string.IsNullOrWhiteSpace(message.Subject) ? NoSubject : message.Subject.Trim();
        if (subject.Length > CaseIntake.SubjectLength)
        {
            subject = subject[..CaseIntake.SubjectLength];
        }
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlText(html);
        }
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is { Length: > CaseIntake.TextLength })
        {
            text = text[..CaseIntake.TextLength];
        }
        var kind = CaseQueries.ParseEnum<CaseKind>(configuration[KindSetting]) is { } configured && CasesApi.ManualKinds.Contains(configured) ? configured : CaseKind.Complaint;
        var now = clock.GetUtcNow();
        // The Date header is the sender's word: taken when it is sensible, never in the future.
        var received = message.Date > now.AddYears(-1) && message.Date <= now ? message.Date.ToUniversalTime() : now;
        var rules = await CaseRules.LoadAsync(db, organisationId, ct);
        var created = await CaseIntake.OpenAsync(db, organisationId, new NewCase
        {
            Kind = kind,
            Channel = "email",
            CustomerId = customer?.Id,
            UnitId = unit.Value,
            Subject = subject,
            Description = text,
            ExternalKey = key,
            ReceivedAt = received,
        }, rules, CaseAccess.Actor(user), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message delivered twice at once: the unique key decided, answer the first case.
            db.ChangeTracker.Clear();
            var first = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.ExternalKey == key, ct);
            if (first is null)
            {
                throw;
            }
            return new CaseEmailOutcome(first, true, null, null);
        }
        return new CaseEmailOutcome(created, false, null, null);
    }

    /// <summary>The text of an HTML body: character data, a line break for block elements, script and style left out.</summary>
    public static string HtmlText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader);
        var text = new System.Text.StringBuilder();
        var skip = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    skip = Math.Max(0, skip + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3:
                    text.Append('\n');
                    break;
                case HtmlDataToken data when skip == 0:
                    text.Append(data.Data);
                    break;
            }
        }
        return text.ToString();
    }
}
