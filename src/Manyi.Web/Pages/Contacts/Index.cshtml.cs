using Manyi.Data;
using Manyi.Web.Features.Contacts;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Contacts;

/// <summary><c>/contacts</c>: the contact log of the caller's units (filter by channel and reason), the record form and the rates.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndexModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization, TimeProvider clock, IStringLocalizer<WavesResource> w) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    [BindProperty]
    public ContactForm Form { get; set; } = new();

    public IReadOnlyList<ContactDto> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<ContactReasonDto> Reasons { get; private set; } = [];

    public ContactRates? Rates { get; private set; }

    public bool CanRecord { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.RecordContacts)).Succeeded)
        {
            return Forbid();
        }
        var code = Form.CustomerCode?.Trim() ?? string.Empty;
        var customerId = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == user.OrganisationId && c.Code == code).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        var (contact, errors, _) = await ContactsApi.RecordAsync(db, user, clock, new ContactInput
        {
            CustomerId = customerId ?? Guid.Empty,
            Channel = Form.Channel,
            ReasonCode = Form.ReasonCode,
            Inbound = Form.Inbound,
            OccurredAt = Form.OccurredAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Local)).ToUniversalTime() : null,
            Note = Form.Note,
        }, ct);
        foreach (var (key, messages) in errors)
        {
            ModelState.AddModelError("Form." + key, key == "customerId" ? w["Contacts.UnknownCustomer"] : messages[0]);
        }
        if (contact is not null)
        {
            Message = w["Contacts.Saved"];
            Form = new ContactForm();
            ModelState.Clear();
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanRecord = (await authorization.AuthorizeAsync(User, Policies.RecordContacts)).Succeeded;
        Reasons = (await ContactRules.ReasonsAsync(db, user.OrganisationId, ct)).Select(r => new ContactReasonDto(r.Id, r.Code, r.NameZh, r.NameEn, r.Active)).ToList();
        var contacts = await ContactRules.VisibleAsync(db, user, ct);
        var channel = ContactRules.Channel(Channel);
        if (channel is not null)
        {
            contacts = contacts.Where(c => c.Channel == channel);
        }
        if (!string.IsNullOrWhiteSpace(Reason))
        {
            var reason = Reason.Trim();
            contacts = contacts.Where(c => c.ReasonCode == reason);
        }
        Total = await contacts.CountAsync(ct);
        Rows = await (from c in contacts
                      join cu in db.Customers on c.CustomerId equals cu.Id
                      orderby c.OccurredAt descending, c.Id
                      select new ContactDto(c.Id, c.CustomerId, cu.Code, c.UnitId, c.Channel, c.ReasonCode, c.Inbound, c.OccurredAt, c.Note, c.RecordedBy, c.CreatedAt))
            .Take(PageSize).ToListAsync(ct);
        Rates = await ContactsApi.ComputeRatesAsync(db, user, null, null, null, ct);
    }

    /// <summary>The name of a reason in the page's language.</summary>
    public string ReasonName(string code)
    {
        var reason = Reasons.FirstOrDefault(r => r.Code == code);
        if (reason is null)
        {
            return code;
        }
        var english = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);
        return english ? reason.NameEn ?? reason.NameZh : reason.NameZh;
    }
}

/// <summary>The record form of the contact page.</summary>
public sealed class ContactForm
{
    public string? CustomerCode { get; set; }

    public string? Channel { get; set; } = "phone";

    public string? ReasonCode { get; set; }

    public bool Inbound { get; set; } = true;

    public DateTime? OccurredAt { get; set; }

    public string? Note { get; set; }
}
