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
/// The demo's surveys (issues 5 and 7): questionnaires from the shipped templates (power utility, NPS relationship, bank counter —
/// each only when the template exists), and on the first of them four quarterly waves (three closed, the latest open now), each
/// with 1,500 Complete responses across the 12 branches, a public link and a counter kiosk at one branch, and personal
/// invitations for part of the customers. Answers come from a latent satisfaction (branch effect + quarter effect + noise) that
/// drives each rated indicator with its own level and quarter shift, and the overall rating from the indicators with unequal
/// weights, so that key drivers, IPA and wave-over-wave changes (some significant, some not) show. Key accounts (platinum and
/// gold tiers) got markedly less satisfied in the latest quarter while the mass market improved: the value-weighted score falls
/// where the plain one rises (a satisfaction trap). Deterministic: the same seed gives the same answers.
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

    /// <summary>Power-utility waves, oldest first.</summary>
    public const int PowerWaves = 4;

    /// <summary>
    /// Per rated indicator of the power-utility template: level (latent units), weight in the overall rating, and the shift in
    /// each of the four quarters (oldest first). Reliability improves significantly in the latest quarter, business handling
    /// falls, information stays flat (a change that is not significant).
    /// </summary>
    private static readonly Dictionary<string, (double Level, double Weight, double[] Shift)> PowerIndicators = new(StringComparer.Ordinal)
    {
        ["reliability"] = (0.0, 0.32, [-0.10, 0.00, -0.20, 0.25]),
        ["safety"] = (0.55, 0.05, [0.00, 0.05, 0.00, 0.05]),
        ["billing"] = (0.25, 0.15, [0.00, 0.10, 0.05, 0.10]),
        ["information"] = (-0.35, 0.10, [-0.05, 0.00, 0.00, 0.02]),
        ["business"] = (-0.45, 0.20, [0.05, 0.10, 0.15, -0.15]),
        ["channels"] = (0.30, 0.04, [0.00, 0.00, 0.05, 0.10]),
        ["attitude"] = (0.60, 0.14, [0.00, 0.05, 0.00, 0.05]),
    };

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
            .OrderBy(c => c.Code).Select(c => new { c.Id, c.UnitId, c.Segment, c.Tier }).ToListAsync(ct);
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
        // Four quarters: three closed ones before this quarter, and the open wave now. Lift moves everybody, KeyAccounts moves
        // the platinum and gold tiers on top of it (the satisfaction trap of the latest quarter).
        var waves = new[]
        {
            (Status: WaveStatus.Closed, Opens: quarterStart.AddMonths(-9), Closes: quarterStart.AddMonths(-6).AddDays(-1), Lift: -0.05, KeyAccounts: 0.0, Name: "三个季度前客户满意度调查 (three quarters ago)"),
            (Status: WaveStatus.Closed, Opens: quarterStart.AddMonths(-6), Closes: quarterStart.AddMonths(-3).AddDays(-1), Lift: 0.0, KeyAccounts: 0.1, Name: "两个季度前客户满意度调查 (two quarters ago)"),
            (Status: WaveStatus.Closed, Opens: quarterStart.AddMonths(-3), Closes: quarterStart.AddDays(-1), Lift: -0.15, KeyAccounts: 0.3, Name: "上季度客户满意度调查 (last quarter)"),
            (Status: WaveStatus.Open, Opens: now.AddDays(-20), Closes: now.AddDays(40), Lift: 0.0, KeyAccounts: -1.2, Name: "本季度客户满意度调查 (this quarter)"),
        };
        var keyAccounts = customers.Where(c => c.Tier is DemoPlan.Platinum or DemoPlan.Gold).Select(c => c.Id).ToHashSet();
        // Thousands of plain inserts: skip the change scan on every SaveChanges (nothing tracked is modified after Add).
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            for (var quarter = 0; quarter < waves.Length; quarter++)
            {
                var spec = waves[quarter];
                var wave = new Wave
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, QuestionnaireId = main.Id, QuestionnaireVersionId = mainVersion.Id,
                    Name = spec.Name,
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

                // Every platinum customer is invited (key accounts are always asked), the rest at random.
                var invited = customers.Where(c => c.Tier == DemoPlan.Platinum)
                    .Concat(customers.Where(c => c.Tier != DemoPlan.Platinum).OrderBy(_ => random.Next()))
                    .Take(InvitationsPerWave).OrderBy(_ => random.Next()).ToList();
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
                    var effect = effects[Array.IndexOf(branches, unitId) is var b and >= 0 ? b : 0] + spec.Lift
                        + (customerId is { } cid && keyAccounts.Contains(cid) ? spec.KeyAccounts : 0);
                    var answers = AnswerCheck.Validate(mainVersion.Definition, Answers(mainVersion.Definition, effect, quarter, random), null, complete: false).Answers;
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

    /// <summary>
    /// Answers to every cell generated from a latent satisfaction (branch effect + noise), mapped onto each cell's scale. Rated
    /// indicators of <see cref="PowerIndicators"/> get their own level and quarter shift, and the overall rating follows them
    /// with their weights; other cells follow the latent directly.
    /// </summary>
    private static Dictionary<string, string?> Answers(QuestionnaireDefinition definition, double effect, int quarter, Random random)
    {
        var latent = 1.1 + effect + Gaussian(random);
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var drivers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (code, profile) in PowerIndicators)
        {
            drivers[code] = (0.8 * latent) + profile.Level + profile.Shift[Math.Min(quarter, profile.Shift.Length - 1)] + (0.6 * Gaussian(random));
        }
        var overall = drivers.Sum(d => PowerIndicators[d.Key].Weight * (d.Value - PowerIndicators[d.Key].Level)) / PowerIndicators.Values.Sum(p => p.Weight);
        foreach (var cell in AnswerCheck.CellsOf(definition))
        {
            var question = cell.Question;
            var z = drivers.TryGetValue(cell.Key, out var driver) ? driver
                : question.Type == QuestionType.Csat ? (1.15 * overall) + (0.3 * Gaussian(random))
                : latent + (0.35 * Gaussian(random));
            var p = 1 / (1 + Math.Exp(-1.4 * z));
            string? value = question.Type switch
            {
                _ when cell.Part == "why" => random.Next(4) == 0 ? Reasons[random.Next(Reasons.Length)] : null,
                QuestionType.Text => null,
                QuestionType.YesNo => random.NextDouble() < 0.5 * (1 - p) ? "1" : "0",
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

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static string Token(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
