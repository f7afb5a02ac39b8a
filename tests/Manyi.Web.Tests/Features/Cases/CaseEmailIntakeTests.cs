using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Manyi.Core.Cases;
using Manyi.Core.Users;
using Manyi.Data;
using Manyi.Web.Features.Cases;
using Manyi.Web.Features.Users;
using Manyi.Web.Tests.Features.Security;
using Manyi.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Manyi.Web.Tests.Features.Cases.CaseTestData;

namespace Manyi.Web.Tests.Features.Cases;

/// <summary>POST /api/v1/cases/email: an inbound message (as a mail gateway pipes it) opens one case per Message-ID.</summary>
[Collection(CasesApiGroup.Name)]
public sealed class CaseEmailIntakeTests(CasesApiFixture fixture)
{
    [SkippableTheory]
    [MemberData(nameof(Database.Providers), MemberType = typeof(Database))]
    public async Task Email_FromACustomer_OpensOneCase_AndAnUnknownSenderGoesToTheFallbackUnit(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var mailroom = await EmailUnitAsync(app);
        var (admin, _, _) = await UserAsync(app, Roles.Administrator);
        var (_, key) = await SecurityTestData.CreateApiKeyAsync(admin, "mail-gateway-" + Guid.NewGuid().ToString("N")[..6], Policies.HandleCases);
        using var gateway = app.ClientWithKey(key);
        var unit = await UnitAsync(app);
        var address = $"wang.{Guid.NewGuid():N}@example.cn"[..30];
        var customer = await CustomerAsync(app, unit, email: address);

        // A customer's mail: matched by address (case-insensitive), the customer's unit, channel email, kind complaint.
        var message = new MimeMessage { Subject = "投诉：三天停电两次", MessageId = $"{Guid.NewGuid():N}@mail.example.cn" };
        message.From.Add(new MailboxAddress("王先生", address.ToUpperInvariant()));
        message.To.Add(new MailboxAddress("客服", "service@power.example.cn"));
        message.Body = new TextPart("plain") { Text = "我家这周停电两次，冰箱里的东西都坏了。" };
        var first = await PostAsync(gateway, message);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var opened = (await first.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
        Assert.Equal((customer.Id, unit.Id, "email", CaseKind.Complaint, "投诉：三天停电两次", "我家这周停电两次，冰箱里的东西都坏了。"),
            (opened.Customer!.Id, opened.Unit.Id, opened.Channel, opened.Kind, opened.Subject, opened.Description));

        // The same message delivered again: 200 with the first case, no second case.
        var second = await PostAsync(gateway, message);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues(CasesApi.ReplayedHeader).Single());
        Assert.Equal(opened.Id, (await second.Content.ReadFromJsonAsync<CaseDetails>(Json))!.Id);
        Assert.Equal(1, await DbAsync(app, db => db.Cases.CountAsync(c => c.ExternalKey == "email:" + message.MessageId)));

        // An unknown sender, no subject, an HTML body only: a case without customer in the configured fallback unit.
        var unknown = new MimeMessage { MessageId = $"{Guid.NewGuid():N}@mail.example.cn" };
        unknown.From.Add(new MailboxAddress("Stranger", "nobody@elsewhere.example"));
        unknown.Body = new TextPart("html") { Text = "<html><head><style>p{color:red}</style></head><body><p>Power cut on <b>Elm Street</b></p><script>x()</script></body></html>" };
        var third = await PostAsync(gateway, unknown);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        var stranger = (await third.Content.ReadFromJsonAsync<CaseDetails>(Json))!;
        Assert.Equal(((CaseRef?)null, mailroom, CaseEmailIntake.NoSubject, "Power cut on Elm Street"), (stranger.Customer, stranger.Unit.Id, stranger.Subject, stranger.Description));

        // An empty body, a message without sender, a body over 1 MB: refused, nothing stored.
        var before = await DbAsync(app, db => db.Cases.CountAsync());
        Assert.Equal(["body"], await ErrorsAsync(await PostAsync(gateway, [])));
        Assert.Equal(["from"], await ErrorsAsync(await PostAsync(gateway, "Subject: hello\r\n\r\nno sender here\r\n"u8.ToArray())));
        var huge = new MimeMessage { Subject = "big" };
        huge.From.Add(new MailboxAddress("x", address));
        huge.Body = new TextPart("plain") { Text = new string('a', 1_100_000) };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(gateway, huge)).StatusCode);
        Assert.Equal(before, await DbAsync(app, db => db.Cases.CountAsync()));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, MimeMessage message)
    {
        using var buffer = new MemoryStream();
        await message.WriteToAsync(buffer);
        return await PostAsync(client, buffer.ToArray());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await client.PostAsync(Url("/api/v1/cases/email"), content);
    }
}
