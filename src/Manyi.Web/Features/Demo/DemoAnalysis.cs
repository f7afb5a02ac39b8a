using System.Globalization;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Reports;
using Manyi.Core.Surveys;
using Manyi.Core.Surveys.Templates;
using Manyi.Data;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>What <see cref="DemoAnalysis"/> wrote: per template key, the responses of its wave; and the customer measures and report definitions.</summary>
public sealed record DemoAnalysisSummary(IReadOnlyDictionary<string, int> ResponsesByTemplate, int CustomerMeasures, int ReportDefinitions);

/// <summary>
/// The demo's analysis studies (issue 7): one recent closed wave for each model the analysis pages show beyond the power-utility
/// quarters — SERVQUAL 22 (perception below expectation most in reliability and responsiveness), Kano (each feature with its
/// own dominant category), the linguistic triple study (attributes in each 2-tuple quadrant), ACSI (answers from the ACSI
/// structural model, so that PLS finds positive paths) and the supplier survey of the ISO 9001 / IATF 16949 summary report for
/// 60 key-account and industrial customers, with their on-time delivery and PPM for the last four quarters and suggestions in
/// the text questions — and two scheduled report definitions. Deterministic answers: the same seed gives the same data.
/// </summary>
public static class DemoAnalysis
{
    /// <summary>Complete responses of each study wave (SERVQUAL, Kano, linguistic, ACSI).</summary>
    public const int ResponsesPerStudy = 400;

    /// <summary>Invitations that went out per study wave.</summary>
    public const int InvitationsPerStudy = 600;

    /// <summary>Customers asked in the supplier survey (all key accounts, then the largest industrial customers).</summary>
    public const int SupplierCustomers = 60;

    /// <summary>Of them, those who answered.</summary>
    public const int SupplierResponses = 56;

    /// <summary>Quarters of delivery and quality measures per supplier-survey customer.</summary>
    public const int MeasureQuarters = 4;

    /// <summary>The study templates, in the order they are written.</summary>
    public static IReadOnlyList<string> StudyTemplates { get; } = ["servqual-22", "kano-study", "linguistic-study", "acsi", "supplier-iatf16949"];

    /// <summary>SERVQUAL: gap (perception − expectation, scale points) per dimension.</summary>
    private static readonly Dictionary<string, double> ServqualGaps = new(StringComparer.Ordinal)
    {
        ["tangibles"] = -0.2, ["reliability"] = -1.3, ["responsiveness"] = -1.0, ["assurance"] = -0.4, ["empathy"] = -0.6,
    };

    /// <summary>Kano: the dominant category of each feature and how often respondents follow it.</summary>
    private static readonly Dictionary<string, (char Category, double Share)> KanoProfiles = new(StringComparer.Ordinal)
    {
        ["online_payment"] = ('O', 0.55), ["outage_notice"] = ('M', 0.6), ["appointment"] = ('A', 0.55),
        ["progress_tracking"] = ('A', 0.45), ["usage_report"] = ('I', 0.6),
    };

    /// <summary>Linguistic study: mean term position (0…6) of importance, perception, expectation per attribute — one attribute per 2-tuple quadrant.</summary>
    private static readonly Dictionary<string, (double Importance, double Perception, double Expectation)> TermProfiles = new(StringComparer.Ordinal)
    {
        ["reliability"] = (5.4, 3.0, 5.2),     // important, performing poorly: concentrate here
        ["responsiveness"] = (5.0, 4.9, 5.0),  // important, performing well: keep up the good work
        ["price"] = (2.6, 2.5, 3.8),           // less important, performing poorly: low priority
        ["information"] = (2.4, 5.0, 3.6),     // less important, performing well: possible overkill
    };

    private static readonly (string Zh, string En)[] Suggestions =
    [
        ("希望缩短交货周期，紧急订单能更快响应", "shorter lead times and a faster answer to urgent orders"),
        ("8D 报告请在 10 个工作日内提交", "please send 8D reports within 10 working days"),
        ("包装标签与我方条码系统保持一致", "labels that match our barcode system"),
        ("提供更及时的技术支持和现场服务", "faster technical support and site visits"),
        ("来料批次的一致性还需提高", "more consistent incoming lots"),
        ("交付准时率还有提升空间", "better on-time delivery"),
    ];

    private static readonly (string Zh, string En)[] Issues =
    [
        ("尺寸超差，已退货并完成 8D", "dimensions out of tolerance; returned, 8D closed"),
        ("外观划伤，供应商派人现场挑选", "scratches; the supplier sorted the parts on site"),
        ("包装破损导致少量磕碰", "damaged packaging, a few dented parts"),
    ];

    /// <summary>Writes the studies, the customer measures and the report definitions (after <see cref="DemoSurveys"/>).</summary>
    public static async Task<DemoAnalysisSummary> WriteAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds, IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(userIds);
        var random = new Random(DemoPlan.Seed + 7);
        var customers = await db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .OrderBy(c => c.Code).Select(c => new Respondent(c.Id, c.UnitId, c.Segment, c.Value)).ToListAsync(ct);
        var responses = new Dictionary<string, int>(StringComparer.Ordinal);
        var measures = 0;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var key in StudyTemplates)
            {
                if (QuestionnaireTemplates.Find(key) is not { } template)
                {
                    continue;
                }
                if (key == "supplier-iatf16949")
                {
                    var chosen = customers.Where(c => c.Segment == DemoPlan.KeyAccount)
                        .Concat(customers.Where(c => c.Segment == DemoPlan.Industrial).OrderByDescending(c => c.Value))
                        .Take(SupplierCustomers).ToList();
                    var latent = chosen.ToDictionary(c => c.Id, _ => 0.9 + DemoSurveys.Gaussian(random));
                    responses[key] = await WriteStudyAsync(db, organisationId, template, chosen, SupplierResponses, now.AddDays(-45), now.AddDays(-15),
                        c => SupplierAnswers(latent[c.Id], random), random, ct);
                    measures = await WriteMeasuresAsync(db, organisationId, chosen, latent, now, random, ct);
                    continue;
                }
                var invited = customers.OrderBy(_ => random.Next()).Take(InvitationsPerStudy).ToList();
                Func<Respondent, Dictionary<string, string?>> answers = key switch
                {
                    "servqual-22" => _ => ServqualAnswers(template.Questionnaire, random),
                    "kano-study" => _ => KanoAnswers(template.Questionnaire, random),
                    "linguistic-study" => _ => TermAnswers(template.Questionnaire, random),
                    _ => _ => AcsiAnswers(random),
                };
                responses[key] = await WriteStudyAsync(db, organisationId, template, invited, ResponsesPerStudy, now.AddDays(-75), now.AddDays(-40), answers, random, ct);
            }
            var reports = await WriteReportsAsync(db, organisationId, unitIds, userIds, now, ct);
            return new DemoAnalysisSummary(responses, measures, reports);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private sealed record Respondent(Guid Id, Guid UnitId, string? Segment, decimal? Value);

    /// <summary>A questionnaire from the template (with its indicator system), a closed wave with a link, invitations to
    /// <paramref name="invited"/>, and Complete responses from the first <paramref name="responding"/> of them.</summary>
    private static async Task<int> WriteStudyAsync(
        ManyiDbContext db, Guid organisationId, QuestionnaireTemplate template, IReadOnlyList<Respondent> invited, int responding,
        DateTimeOffset opens, DateTimeOffset closes, Func<Respondent, Dictionary<string, string?>> answersOf, Random random, CancellationToken ct)
    {
        Guid? systemId = null;
        if (template.Indicators is { } indicators)
        {
            var system = new IndicatorSystem
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = template.Name.Zh, Definition = indicators,
                CreatedAt = opens.AddDays(-10), UpdatedAt = opens.AddDays(-10), Version = Guid.NewGuid(),
            };
            db.IndicatorSystems.Add(system);
            systemId = system.Id;
        }
        var questionnaire = new Questionnaire
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = template.Name.Zh, TemplateKey = template.Key,
            IndicatorSystemId = systemId, LatestVersion = 1, CreatedAt = opens.AddDays(-10), UpdatedAt = opens.AddDays(-10),
        };
        var version = new QuestionnaireVersion
        {
            Id = Guid.CreateVersion7(), QuestionnaireId = questionnaire.Id, Number = 1, Definition = template.Questionnaire,
            CreatedAt = questionnaire.CreatedAt, HasResponses = true,
        };
        var wave = new Wave
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisationId, QuestionnaireId = questionnaire.Id, QuestionnaireVersionId = version.Id,
            Name = template.Name.Zh + " (" + template.Name.En + ")", Status = WaveStatus.Closed, OpensAt = opens, ClosesAt = closes,
            ReminderAfterDays = 5, MaxReminders = 1, CreatedAt = opens.AddDays(-3), UpdatedAt = closes, Version = Guid.NewGuid(),
        };
        var link = new CollectionPoint
        {
            Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, Kind = CollectionPointKind.Link, Name = "公开链接 (public link)",
            Token = DemoSurveys.Token(16), CreatedAt = wave.CreatedAt,
        };
        db.AddRange(questionnaire, version, wave, link);
        var span = closes.ToUnixTimeSeconds() - opens.ToUnixTimeSeconds();
        for (var i = 0; i < invited.Count; i++)
        {
            var customer = invited[i];
            var answered = i < responding;
            var invitation = new Invitation
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, CustomerId = customer.Id, Token = DemoSurveys.Token(24),
                Channel = InvitationChannel.Email, Status = answered ? InvitationStatus.Responded : InvitationStatus.Sent, CreatedAt = opens, SentAt = opens,
                RemindersSent = answered ? 0 : 1, LastReminderAt = answered ? null : opens.AddDays(5),
            };
            db.Invitations.Add(invitation);
            if (!answered)
            {
                continue;
            }
            var at = opens.AddSeconds(random.NextInt64(Math.Max(1, span)));
            var answers = AnswerCheck.Validate(version.Definition, answersOf(customer), null, complete: false).Answers;
            db.Responses.Add(new Response
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, WaveId = wave.Id, QuestionnaireVersionId = version.Id,
                Channel = ResponseChannel.Invitation, Status = ResponseStatus.Complete, CustomerId = customer.Id, UnitId = customer.UnitId,
                InvitationId = invitation.Id, IdempotencyKey = "inv:" + invitation.Token,
                Answers = new Dictionary<string, string>(answers, StringComparer.Ordinal), StartedAt = at.AddMinutes(-6), UpdatedAt = at, SubmittedAt = at,
            });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return Math.Min(responding, invited.Count);
    }

    /// <summary>SERVQUAL: expectation high (≈ 6 of 7), perception = expectation + the dimension's gap + a personal effect + noise.</summary>
    private static Dictionary<string, string?> ServqualAnswers(QuestionnaireDefinition definition, Random random)
    {
        var person = 0.6 * DemoSurveys.Gaussian(random);
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var question in definition.Questions.Where(q => q.Type == QuestionType.Servqual))
        {
            var gap = ServqualGaps.GetValueOrDefault(question.Dimension ?? string.Empty);
            var expectation = 6.0 + (0.2 * person) + (0.7 * DemoSurveys.Gaussian(random));
            var perception = expectation + gap + person + (0.8 * DemoSurveys.Gaussian(random));
            answers[question.Code + ".expectation"] = Point(expectation, 1, 7);
            answers[question.Code + ".perception"] = Point(perception, 1, 7);
        }
        return answers;
    }

    /// <summary>Kano: per feature, the dominant category with its share, else another category; the (functional, dysfunctional) pair of the category.</summary>
    private static Dictionary<string, string?> KanoAnswers(QuestionnaireDefinition definition, Random random)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var question in definition.Questions)
        {
            if (question.Type == QuestionType.Kano && KanoProfiles.TryGetValue(question.Code, out var profile))
            {
                var category = random.NextDouble() < profile.Share ? profile.Category : "AOMIIR"[random.Next(6)];
                var (functional, dysfunctional) = KanoPair(category, random);
                answers[question.Code + ".functional"] = functional;
                answers[question.Code + ".dysfunctional"] = dysfunctional;
            }
            else if (question.Type == QuestionType.Ranking && question.Options is { Count: > 0 } options)
            {
                // Wanted most: the must-be and one-dimensional features, with noise.
                var order = options.OrderBy(o => KanoProfiles.TryGetValue(o.Code, out var p) ? "MOAIR".IndexOf(p.Category, StringComparison.Ordinal) + (1.5 * DemoSurveys.Gaussian(random)) : 9);
                answers[question.Code] = string.Join(';', order.Select(o => o.Code));
            }
        }
        return answers;
    }

    /// <summary>An answer pair that the Kano evaluation table puts in <paramref name="category"/>.</summary>
    private static (string Functional, string Dysfunctional) KanoPair(char category, Random random)
    {
        string[] middle = ["must-be", "neutral", "live-with"];
        return category switch
        {
            'A' => ("like", middle[random.Next(middle.Length)]),
            'O' => ("like", "dislike"),
            'M' => (middle[random.Next(middle.Length)], "dislike"),
            'R' => ("dislike", random.Next(2) == 0 ? "like" : "neutral"),
            _ => (middle[random.Next(middle.Length)], middle[random.Next(middle.Length)]),
        };
    }

    /// <summary>Linguistic study: each part's term position around the attribute's mean (<see cref="TermProfiles"/>).</summary>
    private static Dictionary<string, string?> TermAnswers(QuestionnaireDefinition definition, Random random)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        var person = 0.4 * DemoSurveys.Gaussian(random);
        foreach (var cell in AnswerCheck.CellsOf(definition))
        {
            if (cell.Terms is not { Count: > 0 } terms || !TermProfiles.TryGetValue(cell.Question.Code, out var profile))
            {
                continue;
            }
            var mean = cell.Part switch { "importance" => profile.Importance, "perception" => profile.Perception + person, _ => profile.Expectation };
            var position = (int)Math.Clamp(Math.Round(mean + (0.9 * DemoSurveys.Gaussian(random))), 0, terms.Count - 1);
            answers[cell.Key] = terms[position].Code;
        }
        return answers;
    }

    /// <summary>
    /// ACSI: latent variables from the ACSI structural model (Fornell et al. 1996) with noise — expectations → quality → value →
    /// satisfaction → complaints and loyalty — each item its latent with a loading and noise, on 1–10.
    /// </summary>
    private static Dictionary<string, string?> AcsiAnswers(Random random)
    {
        double N() => DemoSurveys.Gaussian(random);
        var expectation = N();
        var quality = (0.55 * expectation) + (0.83 * N());
        var value = (0.2 * expectation) + (0.6 * quality) + (0.65 * N());
        var satisfaction = (0.1 * expectation) + (0.5 * quality) + (0.35 * value) + (0.5 * N());
        var complained = random.NextDouble() < 1 / (1 + Math.Exp(1.6 + (0.9 * satisfaction)));
        var handling = (0.5 * satisfaction) + (0.85 * N());
        var loyalty = (0.6 * satisfaction) + (complained ? 0.25 * handling : 0) + (0.65 * N());
        string Item(double latent) => Point(7.0 + (1.5 * ((0.85 * latent) + (0.5 * N()))), 1, 10);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["expect_overall"] = Item(expectation), ["expect_reliability"] = Item(expectation),
            ["quality_overall"] = Item(quality), ["quality_customisation"] = Item(quality), ["quality_reliability"] = Item(quality),
            ["value_price"] = Item(value), ["value_quality"] = Item(value),
            ["sat_overall"] = Item(satisfaction), ["sat_expectation"] = Item(satisfaction), ["sat_ideal"] = Item(satisfaction),
            ["complained"] = complained ? "1" : "0", ["complaint_handling"] = complained ? Item(handling) : null,
            ["loyal_repurchase"] = Item(loyalty), ["loyal_price"] = Item(loyalty),
        };
    }

    /// <summary>Supplier survey: the five aspects on 1–5 from the customer's latent (delivery and quality lowest), a quality
    /// problem more often for less satisfied customers, and a suggestion from most.</summary>
    private static Dictionary<string, string?> SupplierAnswers(double latent, Random random)
    {
        var aspects = new (string Row, double Level)[] { ("product", 0.4), ("quality", -0.3), ("packaging", 0.3), ("delivery", -0.5), ("service", 0.1) };
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (row, level) in aspects)
        {
            answers["rating." + row] = Point(3.9 + (0.7 * (latent + level)) + (0.5 * DemoSurveys.Gaussian(random)), 1, 5);
        }
        var issue = random.NextDouble() < 1 / (1 + Math.Exp(1.0 + (1.2 * latent)));
        answers["quality_issue"] = issue ? "1" : "0";
        if (issue)
        {
            var (zh, en) = Issues[random.Next(Issues.Length)];
            answers["quality_issue_detail"] = $"{zh} ({en})";
        }
        if (random.Next(4) != 0)
        {
            var (zh, en) = Suggestions[random.Next(Suggestions.Length)];
            answers["improve"] = $"{zh} ({en})";
        }
        return answers;
    }

    /// <summary>On-time delivery (%) and PPM per customer for the last <see cref="MeasureQuarters"/> full quarters, better for
    /// more satisfied customers and improving slowly over the year.</summary>
    private static async Task<int> WriteMeasuresAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlyList<Respondent> customers, Dictionary<Guid, double> latent, DateTimeOffset now, Random random, CancellationToken ct)
    {
        var quarterStart = new DateOnly(now.Year, ((now.Month - 1) / 3 * 3) + 1, 1);
        var count = 0;
        for (var q = MeasureQuarters; q >= 1; q--)
        {
            var start = quarterStart.AddMonths(-3 * q);
            var end = start.AddMonths(3).AddDays(-1);
            var trend = (MeasureQuarters - q) * 0.15;
            foreach (var customer in customers)
            {
                var quality = latent[customer.Id] + trend;
                var onTime = Math.Clamp(96.0 + (1.6 * quality) + (1.2 * DemoSurveys.Gaussian(random)), 80, 100);
                var ppm = Math.Max(0, Math.Exp(3.8 - (0.6 * quality) + (0.5 * DemoSurveys.Gaussian(random))));
                db.CustomerMeasures.Add(new CustomerMeasure
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, CustomerId = customer.Id, Measure = CustomerMeasure.OnTimeDelivery,
                    PeriodStart = start, PeriodEnd = end, Value = Math.Round(onTime, 1), ImportedAt = now,
                });
                db.CustomerMeasures.Add(new CustomerMeasure
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, CustomerId = customer.Id, Measure = CustomerMeasure.Ppm,
                    PeriodStart = start, PeriodEnd = end, Value = Math.Round(ppm, 0), ImportedAt = now,
                });
                count += 2;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return count;
    }

    /// <summary>A weekly wave report of the open power-utility wave for the Jiangsu manager (his district), and a monthly
    /// survey summary of the supplier survey for the analyst; both enabled, next run at 08:00 Shanghai time.</summary>
    private static async Task<int> WriteReportsAsync(
        ManyiDbContext db, Guid organisationId, IReadOnlyDictionary<string, Guid> unitIds, IReadOnlyDictionary<string, Guid> userIds, DateTimeOffset now, CancellationToken ct)
    {
        var power = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == organisationId && w.Status == WaveStatus.Open)
            .Join(db.Questionnaires.Where(q => q.TemplateKey == "power-utility"), w => w.QuestionnaireId, q => q.Id, (w, _) => w.Id)
            .FirstOrDefaultAsync(ct);
        var supplier = await db.Waves.AsNoTracking()
            .Where(w => w.OrganisationId == organisationId)
            .Join(db.Questionnaires.Where(q => q.TemplateKey == "supplier-iatf16949"), w => w.QuestionnaireId, q => q.Id, (w, _) => w.Id)
            .FirstOrDefaultAsync(ct);
        var written = 0;
        var shanghai = TimeSpan.FromHours(8);
        var local = now.ToOffset(shanghai);
        if (power != Guid.Empty && userIds.TryGetValue("demo-manager-js", out var manager))
        {
            var days = ((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7;
            var next = new DateTimeOffset(local.Date.AddDays(days).AddHours(8), shanghai);
            if (next <= now)
            {
                next = next.AddDays(7);
            }
            db.ReportDefinitions.Add(new ReportDefinition
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "江苏供电区每周满意度报告 (Jiangsu weekly wave report)",
                Kind = ReportKind.Wave, WaveId = power, UnitId = unitIds.TryGetValue("JS", out var js) ? js : null, Culture = "zh-CN",
                Format = ReportFormat.Excel, Enabled = true, Frequency = ReportFrequency.Weekly, DayOfWeek = DayOfWeek.Monday, TimeOfDay = 8 * 60,
                TimeZone = "Asia/Shanghai", Recipients = ["demo-manager-js@example.com"], NextRunAt = next.ToUniversalTime(),
                CreatedById = manager, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            });
            written++;
        }
        if (userIds.TryGetValue("demo-analyst", out var analyst))
        {
            var firstOfMonth = new DateTimeOffset(local.Year, local.Month, 1, 8, 0, 0, shanghai);
            var next = firstOfMonth > now ? firstOfMonth : firstOfMonth.AddMonths(1);
            var quarterStart = new DateOnly(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1);
            db.ReportDefinitions.Add(new ReportDefinition
            {
                Id = Guid.CreateVersion7(), OrganisationId = organisationId, Name = "顾客满意度调查汇总报告（月度）(Monthly customer satisfaction survey summary)",
                Kind = ReportKind.SurveySummary, WaveId = supplier == Guid.Empty ? null : supplier, Segment = null,
                PeriodFrom = quarterStart.AddMonths(-3 * MeasureQuarters), PeriodTo = quarterStart.AddDays(-1), Culture = "en",
                Format = ReportFormat.Excel, Enabled = true, Frequency = ReportFrequency.Monthly, DayOfMonth = 1, TimeOfDay = 8 * 60,
                TimeZone = "Asia/Shanghai", Recipients = ["demo-analyst@example.com", "quality@example.com"], NextRunAt = next.ToUniversalTime(),
                CreatedById = analyst, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            });
            written++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>A continuous score rounded to the nearest point of min…max, as invariant text.</summary>
    private static string Point(double x, int min, int max) =>
        ((int)Math.Clamp(Math.Round(x), min, max)).ToString(CultureInfo.InvariantCulture);
}
