using System.Security.Cryptography;
using Manyi.Analytics.Sampling;
using Manyi.Core.Collection;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>
/// The demo's surveys (issue 5): questionnaires from the shipped templates (power utility, NPS relationship, bank counter — each
/// only when the template exists), and on the first of them a closed wave last quarter and an open wave now, each with about
/// 1,500 Complete responses across the 12 branches (answers generated from each question's type and scale, with a branch effect
/// so that branches differ as real ones do), a public link and a counter kiosk at one branch, and personal invitations for part
/// of the customers. Deterministic: the same seed gives the same answers.
/// </summary>
public static class DemoSurveys
{
    /// <summary>Complete responses per wave.</summary>
    public const int ResponsesPerWave = 1_500;

    /// <summary>Of them, answers to a personal invitation (the rest come through the link, QR code and kiosk).</summary>
    public const int InvitedResponses = 1_000;

    /// <summary>Invitations that went out per wave.</summary>
    public const int InvitationsPerWave = 2_000;

    /// <summary>The templates the demo creates questionnaires from, in this order; the first present one is fielded.</summary>
    public static IReadOnlyList<string> TemplateKeys { get; } = ["power-utility", QuestionnaireTemplates.NpsRelationship, "bank-counter"];

    private static readonly string[] Reasons = ["服务热情周到", "停电通知及时", "办事效率高", "电费账单清楚", "抢修速度太慢", "营业厅排队时间长"];

    /// <summary>Writes the surveys; <paramref name="unitIds"/> maps unit codes to ids, <paramref name="userIds"/> user names to ids.</summary>
    public static async Task WriteAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds, IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(userIds);
        var random = new Random(DemoPlan.Seed + 5);
        var fielded = new List<(Questionnaire Questionnaire, QuestionnaireVersion Version)>();
        foreach (var key in TemplateKeys)
        {
            if (QuestionnaireTemplates.Find(key) is not { } template)
            {
                continue;
            }
            Guid? systemId = null;
            if (template.Indicators is { } indicators)
            {
                var system = new IndicatorSystem
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = template.Name.Zh, Definition = indicators,
                    CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
                };
                db.IndicatorSystems.Add(system);
                systemId = system.Id;
            }
            var questionnaire = new Questionnaire
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = template.Name.Zh, TemplateKey = template.Key,
                IndicatorSystemId = systemId, LatestVersion = 1, CreatedAt = now.AddDays(-120), UpdatedAt = now.AddDays(-120),
            };
            var version = new QuestionnaireVersion
            {
                Id = Guid.CreateVersion7(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = template.Questionnaire, CreatedAt = questionnaire.CreatedAt,
            };
            db.AddRange(questionnaire, version);
            fielded.Add((questionnaire, version));
        }
        if (fielded.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var (main, mainVersion) = fielded[0];
        mainVersion.HasResponses = true;

        var branches = DemoPlan.Units.Where(u => u.Kind == UnitKind.Branch).Select(u => unitIds[u.Code]).ToArray();
        // A realistic spread: the best branch about 1.4 latent units above the worst.
        var effects = branches.Select((_, i) => (i % 2 == 0 ? 1 : -1) * ((i * 5) % branches.Length - (branches.Length - 1) / 2.0) / 8).ToArray();
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .OrderBy(c => c.Code).Select(c => new { c.Id, c.UnitId, c.Segment }).ToListAsync(ct);
        var population = customers.Count;
        var segments = customers.GroupBy(c => c.Segment ?? string.Empty).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Stratum(g.Key, g.LongCount())).ToList();
        var size = SampleSize.ForProportion(0.95, 0.02, 0.5, population).Size;
        var allocation = StratifiedAllocation.Allocate(segments, size, AllocationMethod.Proportional);
        const double responseRate = 0.5;
        var plan = new SamplePlan
        {
            Confidence = 0.95, Margin = 0.02, Population = population, TargetResponses = size, TargetResponseRate = responseRate,
            Invitations = SampleSize.Invitations(size, responseRate),
            Strata = [.. allocation.Strata.Select(s => new SampleStratum
            {
                Segment = s.Name, Population = s.Population, Allocated = s.Allocated, Invitations = SampleSize.Invitations(s.Allocated, responseRate),
            })],
        };

        var kioskBranch = unitIds["SH-PD"];
        var staff = userIds.GetValueOrDefault("demo-handler-sh");
        var quarterStart = new DateTimeOffset(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, TimeSpan.Zero);
        var waves = new[]
        {
            (Status: WaveStatus.Closed, Opens: quarterStart.AddMonths(-3), Closes: quarterStart.AddDays(-1), Lift: -0.15),
            (Status: WaveStatus.Open, Opens: now.AddDays(-20), Closes: now.AddDays(40), Lift: 0.0),
        };
        // Thousands of plain inserts: skip the change scan on every SaveChanges (nothing tracked is modified after Add).
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var spec in waves)
            {
                var wave = new Wave
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, QuestionnaireId = main.Id, QuestionnaireVersionId = mainVersion.Id,
                    Name = spec.Status == WaveStatus.Closed ? "上季度客户满意度调查 (last quarter)" : "本季度客户满意度调查 (this quarter)",
                    Status = spec.Status, OpensAt = spec.Opens, ClosesAt = spec.Closes, SamplePlan = plan, ReminderAfterDays = 5, MaxReminders = 1,
                    CreatedAt = spec.Opens.AddDays(-3), UpdatedAt = spec.Opens, Version = Guid.NewGuid(),
                };
                var link = new CollectionPoint
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, Kind = CollectionPointKind.Link, Name = "公开链接 (public link)",
                    Token = Token(16), CreatedAt = wave.CreatedAt,
                };
                var kiosk = new CollectionPoint
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, Kind = CollectionPointKind.Kiosk, Name = "浦东营业厅 1 号柜台 (Pudong counter 1)",
                    Token = Token(16), UnitId = kioskBranch, Counter = "1", StaffUserId = staff == Guid.Empty ? null : staff, CreatedAt = wave.CreatedAt,
                };
                db.AddRange(wave, link, kiosk);

                var invited = customers.OrderBy(_ => random.Next()).Take(InvitationsPerWave).ToList();
                var span = (Math.Min(spec.Closes.ToUnixTimeSeconds(), now.ToUnixTimeSeconds()) - spec.Opens.ToUnixTimeSeconds());
                for (var i = 0; i < ResponsesPerWave; i++)
                {
                    var at = spec.Opens.AddSeconds(random.NextInt64(Math.Max(1, span)));
                    Guid? customerId = null;
                    Guid unitId;
                    Guid? invitationId = null;
                    Guid? pointId = null;
                    var key = "demo:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var channel = ResponseChannel.Invitation;
                    if (i < InvitedResponses)
                    {
                        var c = invited[i];
                        customerId = c.Id;
                        unitId = c.UnitId;
                        var invitation = new Invitation
                        {
                            Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, CustomerId = c.Id, Token = Token(24), Channel = InvitationChannel.Email,
                            Status = InvitationStatus.Responded, CreatedAt = spec.Opens, SentAt = spec.Opens,
                        };
                        db.Invitations.Add(invitation);
                        invitationId = invitation.Id;
                        key = "inv:" + invitation.Token;
                    }
                    else if (i % 3 == 0)
                    {
                        unitId = kioskBranch;
                        pointId = kiosk.Id;
                        channel = ResponseChannel.Kiosk;
                    }
                    else
                    {
                        unitId = branches[random.Next(branches.Length)];
                        pointId = link.Id;
                        channel = ResponseChannel.Link;
                    }
                    var effect = effects[Array.IndexOf(branches, unitId) is var b and >= 0 ? b : 0] + spec.Lift;
                    var answers = AnswerCheck.Validate(mainVersion.Definition, Answers(mainVersion.Definition, effect, random), null, complete: false).Answers;
                    var response = new Response
                    {
                        Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, QuestionnaireVersionId = mainVersion.Id, Channel = channel,
                        Status = ResponseStatus.Complete, CustomerId = customerId, UnitId = unitId, InvitationId = invitationId, CollectionPointId = pointId,
                        StaffUserId = channel == ResponseChannel.Kiosk ? kiosk.StaffUserId : null,
                        IdempotencyKey = key,
                        Answers = new Dictionary<string, string>(answers, StringComparer.Ordinal), StartedAt = at.AddMinutes(-4), UpdatedAt = at, SubmittedAt = at,
                    };
                    db.Responses.Add(response);
                    if (i % 750 == 749)
                    {
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                }
                foreach (var c in invited.Skip(InvitedResponses))
                {
                    db.Invitations.Add(new Invitation
                    {
                        Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, CustomerId = c.Id, Token = Token(24), Channel = InvitationChannel.Email,
                        Status = InvitationStatus.Sent, CreatedAt = spec.Opens, SentAt = spec.Opens, RemindersSent = 1, LastReminderAt = spec.Opens.AddDays(5),
                    });
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>Answers to every cell generated from a latent satisfaction (branch effect + noise), mapped onto each cell's scale.</summary>
    private static Dictionary<string, string?> Answers(QuestionnaireDefinition definition, double effect, Random random)
    {
        var latent = 1.1 + effect + Gaussian(random);
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var cell in AnswerCheck.CellsOf(definition))
        {
            var question = cell.Question;
            var p = 1 / (1 + Math.Exp(-1.4 * (latent + (0.35 * Gaussian(random)))));
            string? value = question.Type switch
            {
                _ when cell.Part == "why" => random.Next(4) == 0 ? Reasons[random.Next(Reasons.Length)] : null,
                QuestionType.Text => null,
                QuestionType.Kano => AnswerCheck.KanoAnswers[random.Next(AnswerCheck.KanoAnswers.Count)],
                QuestionType.SingleChoice when question.Options is { Count: > 0 } o => o[random.Next(o.Count)].Code,
                QuestionType.MultipleChoice when question.Options is { Count: > 0 } o => string.Join(';', o.Where(_ => random.Next(3) == 0).Select(x => x.Code).DefaultIfEmpty(o[0].Code)),
                QuestionType.Ranking when question.Options is { Count: > 0 } o => string.Join(';', o.OrderBy(_ => random.Next()).Select(x => x.Code)),
                _ when cell.Terms is { Count: > 0 } terms => terms[(int)Math.Round(p * (terms.Count - 1))].Code,
                _ when cell.Min is { } min && cell.Max is { } max => (min + (int)Math.Round(p * (max - min))).ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            answers[cell.Key] = value;
        }
        return answers;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Token(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
