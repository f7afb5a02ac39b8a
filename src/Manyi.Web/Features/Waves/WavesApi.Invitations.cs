using System.Globalization;
using System.Text;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Exports;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Manyi.Web.Features.Waves;

public static partial class WavesApi
{
    public const int DefaultInvitationPageSize = 50;
    public const int MaxInvitationPageSize = 500;

    private static async Task<Results<Ok<InvitationResult>, NotFound, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid id, InvitationRequest input, ManyiDbContext db, CurrentUser user, TimeProvider clock, IOptions<SmtpOptions> smtp, ILoggerFactory logs, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        if (wave.Status == WaveStatus.Closed)
        {
            return TypedResults.Problem("the wave is closed; reopen it to invite more customers", statusCode: StatusCodes.Status409Conflict, title: "Wave closed");
        }
        var result = await Invitations.CreateAsync(db, user, clock, wave, input ?? new InvitationRequest(), smtp.Value.Enabled, ct);
        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }
        if (result.Conflict)
        {
            return TypedResults.Problem("another request invited customers of this wave at the same time; nothing was saved — repeat the request",
                statusCode: StatusCodes.Status409Conflict, title: "Concurrent invitation");
        }
        var r = result.Value!;
        Log.Invited(logs.CreateLogger(LogCategory), wave.Id, r.Created, r.SkippedQuietPeriod, r.SkippedNoEmail, r.AlreadyInvited);
        return TypedResults.Ok(r);
    }

    private static async Task<Results<Ok<InvitationPage>, NotFound, ValidationProblem>> ListInvitationsAsync(
        Guid id, string? status, string? page, string? pageSize, ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InvitationStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<InvitationStatus>(status.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(status.Trim()[0]))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = ["status must be pending, sent, failed, started or responded"];
            }
        }
        var pageNumber = ParsePositive(page, "page", 1, int.MaxValue, 1, errors);
        var size = ParsePositive(pageSize, "pageSize", 1, MaxInvitationPageSize, DefaultInvitationPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        var all = db.Invitations.AsNoTracking().Where(i => i.WaveId == wave.Id && i.OrganisationId == wave.OrganisationId);
        var byStatus = (await all.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count, StringComparer.Ordinal);
        var filtered = wanted is { } w ? all.Where(i => i.Status == w) : all;
        var total = await filtered.CountAsync(ct);
        var items = await (from i in filtered
                           join c in db.Customers on i.CustomerId equals c.Id
                           orderby c.Code
                           select new InvitationDto(i.Id, i.CustomerId, c.Code, i.Channel, i.Status, i.CreatedAt, i.SentAt, i.RemindersSent, i.LastReminderAt, i.FailureReason))
            .Skip((pageNumber - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new InvitationPage(items, pageNumber, size, total, byStatus));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> ExportInvitationsAsync(
        Guid id, ManyiDbContext db, CurrentUser user, TimeProvider clock, PublicUrls urls, ILoggerFactory logs, CancellationToken ct)
    {
        var wave = await WaveAccess.FindAsync(db, user, id, tracked: false, ct);
        if (wave is null)
        {
            return TypedResults.NotFound();
        }
        var rows = await (from i in db.Invitations.AsNoTracking()
                          join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                          where i.WaveId == wave.Id && i.OrganisationId == wave.OrganisationId && i.Channel == InvitationChannel.Link
                          orderby c.Code
                          select new { c.Code, c.Name, i.Token, i.Status }).ToListAsync(ct);
        var csv = new StringBuilder();
        csv.Append("code,name,status,url\r\n");
        foreach (var row in rows)
        {
            csv.Append(Csv(row.Code)).Append(',').Append(Csv(row.Name)).Append(',').Append(row.Status.ToString().ToLowerInvariant()).Append(',')
                .Append(Csv(urls.Invitation(row.Token))).Append("\r\n");
        }
        AuditLog.Write(db, user, clock, "wave.invitations.export", wave.Id.ToString(), string.Create(CultureInfo.InvariantCulture, $"rows={rows.Count}"));
        await db.SaveChangesAsync(ct);
        Log.Exported(logs.CreateLogger(LogCategory), wave.Id, rows.Count);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", string.Create(CultureInfo.InvariantCulture, $"invitations-{wave.Id:N}.csv"));
    }

    /// <summary>A CSV field: formula-guarded (a cell starting with = + - @ is neutralised) and quoted when needed.</summary>
    private static string Csv(string text)
    {
        var safe = SpreadsheetText.Defuse(text);
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private static int ParsePositive(string? text, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a whole number between {min} and {max}")];
        return fallback;
    }
}

/// <summary>The outcome of an invitation request: counts, or errors by field, or a conflict with a concurrent request.</summary>
public sealed record InvitationOutcome(InvitationResult? Value, Dictionary<string, string[]> Errors, bool Conflict);

/// <summary>
/// Creates personal invitations (product.md M4): by filter or by the sample plan (a seeded random draw per segment up to the
/// plan's invitations), never twice for one customer and wave (unique index), skipping customers invited by any wave of the
/// organisation within the wave's quiet period and — for e-mail — customers without an address.
/// </summary>
public static class Invitations
{
    public static async Task<InvitationOutcome> CreateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Wave wave, InvitationRequest input, bool emailEnabled, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(wave);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InvitationChannel? channel = (input.Channel?.Trim().ToLowerInvariant()) switch
        {
            "email" => InvitationChannel.Email,
            "link" => InvitationChannel.Link,
            _ => null,
        };
        if (channel is null)
        {
            errors["channel"] = ["channel must be email or link"];
        }
        var usePlan = input.UseSamplePlan == true;
        if (usePlan && wave.SamplePlan is null)
        {
            errors["useSamplePlan"] = ["the wave has no sample plan"];
        }
        if (input.CustomerIds is { Count: > 100_000 })
        {
            errors["customerIds"] = ["at most 100000 customer ids at once"];
        }
        var organisationId = wave.OrganisationId;
        List<Guid>? filterUnits = null;
        if (input.UnitId is { } unitId)
        {
            filterUnits = await UnitTree.SubtreeAsync(db, organisationId, unitId, ct);
            if (filterUnits.Count == 0)
            {
                errors["unitId"] = ["no such unit in your organisation"];
            }
        }
        if (errors.Count > 0)
        {
            return new InvitationOutcome(null, errors, false);
        }

        // Candidates: active customers of the wave's unit (and below) matching the filter.
        var customers = db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Status == CustomerStatus.Active);
        if (wave.UnitId is { } waveUnit)
        {
            var scope = await UnitTree.SubtreeAsync(db, organisationId, waveUnit, ct);
            customers = customers.Where(c => scope.Contains(c.UnitId));
        }
        if (filterUnits is not null)
        {
            customers = customers.Where(c => filterUnits.Contains(c.UnitId));
        }
        if (!string.IsNullOrWhiteSpace(input.Segment))
        {
            var segment = input.Segment.Trim();
            customers = customers.Where(c => c.Segment == segment);
        }
        if (!string.IsNullOrWhiteSpace(input.Tier))
        {
            var tier = input.Tier.Trim();
            customers = customers.Where(c => c.Tier == tier);
        }
        var candidates = await customers.OrderBy(c => c.Code).Select(c => new Candidate(c.Id, c.Segment, c.Email != null && c.Email != "")).ToListAsync(ct);
        if (input.CustomerIds is { Count: > 0 } ids)
        {
            var wanted = ids.ToHashSet();
            var found = candidates.Where(c => wanted.Contains(c.Id)).ToList();
            if (found.Count != wanted.Count)
            {
                var missing = wanted.Except(found.Select(f => f.Id)).Take(10).Select(g => g.ToString());
                errors["customerIds"] = ["not active customers of the wave's scope: " + string.Join(", ", missing)];
                return new InvitationOutcome(null, errors, false);
            }
            candidates = found;
        }

        var now = clock.GetUtcNow();
        var invited = (await db.Invitations.AsNoTracking().Where(i => i.WaveId == wave.Id).Select(i => i.CustomerId).ToListAsync(ct)).ToHashSet();
        var quiet = new HashSet<Guid>();
        if (wave.QuietPeriodDays > 0)
        {
            var since = now.AddDays(-wave.QuietPeriodDays);
            quiet = (await db.Invitations.AsNoTracking().Where(i => i.OrganisationId == organisationId && i.WaveId != wave.Id && i.CreatedAt >= since)
                .Select(i => i.CustomerId).Distinct().ToListAsync(ct)).ToHashSet();
        }

        int created = 0, skippedQuiet = 0, skippedNoEmail = 0, already = 0;
        var toCreate = new List<Guid>();
        void Walk(IEnumerable<Candidate> ordered, int? target)
        {
            var taken = 0;
            foreach (var c in ordered)
            {
                if (target is { } t && taken >= t)
                {
                    break;
                }
                if (invited.Contains(c.Id))
                {
                    already++;
                    taken++;
                }
                else if (quiet.Contains(c.Id))
                {
                    skippedQuiet++;
                }
                else if (channel == InvitationChannel.Email && !c.HasEmail)
                {
                    skippedNoEmail++;
                }
                else
                {
                    toCreate.Add(c.Id);
                    invited.Add(c.Id);
                    taken++;
                }
            }
        }
        if (usePlan)
        {
            var random = new Random(input.Seed ?? RandomSeed());
            var plan = wave.SamplePlan!;
            // Top up each stratum to the plan's invitations: customers already invited to this wave count towards it.
            void Draw(List<Candidate> members, int target)
            {
                var invitedBefore = members.Count(c => invited.Contains(c.Id));
                already += invitedBefore;
                Walk(Shuffle(members.Where(c => !invited.Contains(c.Id)), random), Math.Max(0, target - invitedBefore));
            }
            if (plan.Strata.Count == 0)
            {
                Draw(candidates, plan.Invitations);
            }
            else
            {
                foreach (var stratum in plan.Strata)
                {
                    Draw(candidates.Where(c => (c.Segment ?? SamplePlanner.NoSegment) == stratum.Segment).ToList(), stratum.Invitations);
                }
            }
        }
        else
        {
            Walk(candidates, null);
        }

        foreach (var customerId in toCreate)
        {
            db.Invitations.Add(new Invitation
            {
                Id = Guid.NewGuid(),
                OrganisationId = organisationId,
                WaveId = wave.Id,
                CustomerId = customerId,
                Token = Tokens.New(Tokens.InvitationBytes),
                Channel = channel!.Value,
                Status = InvitationStatus.Pending,
                CreatedAt = now,
            });
            created++;
        }
        AuditLog.Write(db, user, clock, "wave.invite", wave.Id.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"channel={channel!.Value.ToString().ToLowerInvariant()} created={created} quiet={skippedQuiet} noEmail={skippedNoEmail} already={already}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index (wave, customer) refused a row another request inserted meanwhile: nothing of this request is saved.
            db.ChangeTracker.Clear();
            return new InvitationOutcome(null, errors, true);
        }
        return new InvitationOutcome(new InvitationResult(created, skippedQuiet, skippedNoEmail, already, emailEnabled), errors, false);
    }

    private static int RandomSeed() => System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Fisher–Yates shuffle of a copy (the candidates come ordered by code, so a seed gives a reproducible sample).</summary>
    private static List<Candidate> Shuffle(IEnumerable<Candidate> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private sealed record Candidate(Guid Id, string? Segment, bool HasEmail);
}
