using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Manyi.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Demo;

/// <summary>What a demo fill created; printed once by <c>manyi demo</c> and <c>manyi serve --demo</c>.</summary>
public sealed record DemoSummary(
    string OrganisationName,
    IReadOnlyDictionary<UnitKind, int> UnitsByKind,
    IReadOnlyDictionary<string, int> CustomersBySegment,
    IReadOnlyDictionary<string, int> CustomersByTier,
    IReadOnlyList<DemoUser> Users,
    string Password,
    TimeSpan Elapsed,
    int Cases = 0,
    DemoAnalysisSummary? Analysis = null)
{
    /// <summary>The summary as the lines the console shows (the password appears here and nowhere else).</summary>
    public IEnumerable<string> Lines()
    {
        var inv = CultureInfo.InvariantCulture;
        yield return $"Demo organisation {OrganisationName} created in {Elapsed.TotalSeconds.ToString("0.0", inv)} s:";
        yield return string.Create(inv, $"  units:     {UnitsByKind.GetValueOrDefault(UnitKind.Company)} head office, {UnitsByKind.GetValueOrDefault(UnitKind.District)} districts, {UnitsByKind.GetValueOrDefault(UnitKind.Branch)} branches");
        yield return string.Create(inv, $"  customers: {CustomersBySegment.Values.Sum():N0} ({string.Join(", ", CustomersBySegment.Select(s => string.Create(inv, $"{s.Key} {s.Value:N0}")))})");
        yield return string.Create(inv, $"  tiers:     {string.Join(", ", CustomersByTier.Select(t => string.Create(inv, $"{t.Key} {t.Value:N0}")))}");
        yield return string.Create(inv, $"  cases:     {Cases:N0} over the last year, with their histories (see /cases and /cases/analytics)");
        if (Analysis is { } analysis)
        {
            yield return string.Create(inv, $"  waves:     {DemoSurveys.PowerWaves} quarterly power-utility waves of {DemoSurveys.ResponsesPerWave:N0} responses; studies: {string.Join(", ", analysis.ResponsesByTemplate.Select(s => string.Create(inv, $"{s.Key} {s.Value:N0}")))} (see /analysis)");
            yield return string.Create(inv, $"  reports:   {analysis.ReportDefinitions} scheduled report definitions, {analysis.CustomerMeasures:N0} delivery and quality measures (see /reports)");
        }
        yield return $"  users (all with the password {Password}):";
        foreach (var user in Users)
        {
            yield return $"    {user.UserName,-18} {user.Role,-13} {(user.UnitCode is null ? string.Empty : "unit " + user.UnitCode)}".TrimEnd();
        }
    }
}

/// <summary>The outcome of a demo fill: a summary, or the reason it refused (nothing was changed then).</summary>
public sealed record DemoFillResult(DemoSummary? Summary, string? Refusal)
{
    public bool Created => Summary is not null;
}

/// <summary>
/// Writes the demo organisation of <see cref="DemoPlan"/> into the database: into the organisation of the first start
/// (renamed, its head office reused, so the first administrator sees the demo) or a new one. Refuses, changing nothing,
/// when the demo organisation exists or the organisation already holds customers or units; all or nothing in one transaction.
/// </summary>
public static partial class DemoData
{
    private const int BatchSize = 1_000;

    /// <summary>Fills the demo organisation; see <see cref="DemoData"/> for when it refuses.</summary>
    public static async Task<DemoFillResult> FillAsync(
        ManyiDbContext db, UserManager<ManyiUser> users, TimeProvider clock, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        var stopwatch = Stopwatch.StartNew();

        if (await db.Organisations.AnyAsync(o => o.Name == DemoPlan.OrganisationName, ct))
        {
            return Refuse(logger, $"the demo organisation {DemoPlan.OrganisationName} exists already; nothing was changed");
        }
        var organisation = await db.Organisations.OrderBy(o => o.CreatedAt).FirstOrDefaultAsync(ct);
        if (organisation is not null)
        {
            var customers = await db.Customers.CountAsync(c => c.OrganisationId == organisation.Id, ct);
            var units = await db.Units.CountAsync(u => u.OrganisationId == organisation.Id, ct);
            if (customers > 0 || units > 1)
            {
                return Refuse(logger, string.Create(CultureInfo.InvariantCulture,
                    $"the organisation holds data already ({customers} customers, {units} units); demo data goes only into a fresh database; nothing was changed"));
            }
            var demoNames = DemoPlan.Users.Select(u => u.UserName.ToUpperInvariant()).ToList();
            if (await db.Users.AnyAsync(u => demoNames.Contains(u.NormalizedUserName!), ct))
            {
                return Refuse(logger, "a user with a demo user name exists already; nothing was changed");
            }
        }

        var now = clock.GetUtcNow();
        var password = DemoPassword();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        if (organisation is null)
        {
            organisation = new Organisation { Id = Guid.CreateVersion7(), Name = DemoPlan.OrganisationName, CreatedAt = now };
            db.Organisations.Add(organisation);
        }
        organisation.Name = DemoPlan.OrganisationName;

        var unitIds = await WriteUnitsAsync(db, organisation.Id, ct);
        var userIds = await WriteUsersAsync(db, users, organisation.Id, unitIds, password, now, ct);
        db.ChangeTracker.Clear();

        var plan = DemoPlan.Customers();
        foreach (var batch in plan.Chunk(BatchSize))
        {
            db.Customers.AddRange(batch.Select(c => new Customer
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = organisation.Id,
                UnitId = unitIds[c.BranchCode],
                Code = c.Code,
                Name = c.Name,
                Type = c.Type,
                Status = c.Status,
                Segment = c.Segment,
                Tier = c.Tier,
                OwnerId = c.OwnerUserName is null ? null : userIds[c.OwnerUserName],
                Email = c.Email,
                Phone = c.Phone,
                Value = c.Value,
                Attributes = new Dictionary<string, string>(c.Attributes, StringComparer.Ordinal),
                CreatedAt = now.AddDays(-c.CustomerSinceDays),
                UpdatedAt = now,
                Version = Guid.NewGuid(),
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await DemoSurveys.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        var analysis = await DemoAnalysis.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        var cases = await DemoCases.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        await DemoMonitoring.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        await DemoValue.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        await DemoGoals.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        await DemoImprovement.WriteAsync(db, organisation.Id, unitIds, userIds, now, ct);
        await transaction.CommitAsync(ct);

        var summary = new DemoSummary(
            DemoPlan.OrganisationName,
            DemoPlan.Units.GroupBy(u => u.Kind).ToDictionary(g => g.Key, g => g.Count()),
            DemoPlan.Segments.ToDictionary(s => s.Segment, s => plan.Count(c => c.Segment == s.Segment), StringComparer.Ordinal),
            DemoPlan.Tiers.ToDictionary(t => t.Tier, t => plan.Count(c => c.Tier == t.Tier), StringComparer.Ordinal),
            DemoPlan.Users,
            password,
            stopwatch.Elapsed,
            cases,
            analysis);
        LogFilled(logger, DemoPlan.Units.Count, plan.Count, DemoPlan.Users.Count, (long)stopwatch.Elapsed.TotalMilliseconds);
        return new DemoFillResult(summary, null);
    }

    /// <summary>Fills with the services of <paramref name="services"/> (a scope of the web host).</summary>
    public static Task<DemoFillResult> FillAsync(IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        return FillAsync(
            services.GetRequiredService<ManyiDbContext>(),
            services.GetRequiredService<UserManager<ManyiUser>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData).FullName!),
            ct);
    }

    /// <summary>
    /// <c>manyi serve --demo</c> (<c>Manyi:Demo</c> = true): fills at start when the database holds no customers at all and
    /// prints the summary; otherwise leaves everything as it is.
    /// </summary>
    public static async Task FillOnStartAsync(IServiceProvider services, TextWriter console, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(console);
        var db = services.GetRequiredService<ManyiDbContext>();
        if (await db.Customers.AnyAsync(ct))
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData).FullName!);
            LogSkipped(logger);
            return;
        }
        var result = await FillAsync(services, ct);
        if (result.Summary is not null)
        {
            foreach (var line in result.Summary.Lines())
            {
                await console.WriteLineAsync(line);
            }
        }
    }

    private static async Task<Dictionary<string, Guid>> WriteUnitsAsync(ManyiDbContext db, Guid organisationId, CancellationToken ct)
    {
        // The first start made a head office; the demo keeps it (and its id) so that existing references stay valid.
        var root = await db.Units.FirstOrDefaultAsync(u => u.OrganisationId == organisationId && u.ParentId == null, ct);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var unit in DemoPlan.Units)
        {
            if (unit.ParentCode is null && root is not null)
            {
                root.Code = unit.Code;
                root.Name = unit.Name;
                root.Kind = unit.Kind;
                ids[unit.Code] = root.Id;
                continue;
            }
            var id = Guid.CreateVersion7();
            db.Units.Add(new Unit
            {
                Id = id,
                OrganisationId = organisationId,
                ParentId = unit.ParentCode is null ? null : ids[unit.ParentCode],
                Code = unit.Code,
                Name = unit.Name,
                Kind = unit.Kind,
            });
            ids[unit.Code] = id;
        }
        await db.SaveChangesAsync(ct);
        return ids;
    }

    private static async Task<Dictionary<string, Guid>> WriteUsersAsync(
        ManyiDbContext db, UserManager<ManyiUser> users, Guid organisationId, Dictionary<string, Guid> unitIds, string password,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        string? hash = null;
        foreach (var demo in DemoPlan.Users)
        {
            var user = new ManyiUser
            {
                Id = Guid.CreateVersion7(),
                UserName = demo.UserName,
                DisplayName = demo.DisplayName,
                Role = demo.Role,
                OrganisationId = organisationId,
                MustChangePassword = false,
                CreatedAt = now,
            };
            // The users share one password, so one (deliberately slow) PBKDF2 hash serves them all and keeps the fill fast.
            hash ??= users.PasswordHasher.HashPassword(user, password);
            user.PasswordHash = hash;
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("could not create a demo user: " + string.Join("; ", created.Errors.Select(e => e.Code)));
            }
            if (demo.Role == Roles.UnitManager && demo.UnitCode is not null)
            {
                db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = unitIds[demo.UnitCode] });
            }
            ids[demo.UserName] = user.Id;
        }
        await db.SaveChangesAsync(ct);
        return ids;
    }

    private static DemoFillResult Refuse(ILogger logger, string reason)
    {
        LogRefused(logger);
        return new DemoFillResult(null, reason);
    }

    /// <summary>One password for every demo user, random per fill (a demo left on a network has no published password): "demo-" and 10 characters without look-alikes, with a digit and an upper-case letter as the policy asks.</summary>
    private static string DemoPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        while (true)
        {
            var secret = RandomNumberGenerator.GetString(alphabet, 10);
            if (secret.Any(char.IsDigit) && secret.Any(char.IsUpper))
            {
                return "demo-" + secret;
            }
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Demo organisation filled: {Units} units, {Customers} customers, {Users} users in {ElapsedMs} ms")]
    private static partial void LogFilled(ILogger logger, int units, int customers, int users, long elapsedMs);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Demo fill refused: the demo organisation or other data exists already; nothing was changed")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Demo fill skipped at start: the database holds customers already")]
    private static partial void LogSkipped(ILogger logger);
}
