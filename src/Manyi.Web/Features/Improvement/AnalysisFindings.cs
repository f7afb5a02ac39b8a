using System.Globalization;
using System.Resources;
using Manyi.Core.Improvement;
using Manyi.Data;
using Manyi.Web.Features.Analysis;
using Manyi.Web.Features.Results;
using Manyi.Web.Features.Units;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Improvement;

/// <summary>
/// The findings of a wave that improvement actions are created from (product.md M7, docs/findings.md): the satisfaction trap against
/// the previous wave (M1.5), the "key improvement, focus object" items of the 2-tuple evaluation (M1.4), the IPA "concentrate here"
/// items (M1.8) and the top root causes of the cases received in the wave's period (M5). This code only selects: every number comes
/// from the analyses of <see cref="DriverAnalysis"/>, <see cref="MeasureAnalysis"/> (Manyi.Analytics) or from counting cases.
/// Texts are in the current UI culture (FindingsResource).
/// </summary>
public static class AnalysisFindings
{
    /// <summary>How many root causes become findings (the most frequent ones).</summary>
    public const int TopRootCauses = 3;

    /// <summary>How many segments and customers a trap finding names.</summary>
    public const int TrapNamed = 3;

    public const string TwoTuplePrefix = "two-tuple";
    public const string IpaPrefix = "ipa";
    public const string RootCausePrefix = "root-cause";
    public const string TrapPrefix = "trap";

    private static readonly ResourceManager Texts = new("Manyi.Web.Resources.FindingsResource", typeof(FindingsResource).Assembly);

    /// <summary>The findings of the wave under the filter, trap first, then 2-tuple, IPA and root causes; null = the wave (or the
    /// filter's unit) is not visible to the viewer. The trap is looked for against the previous wave of the questionnaire.</summary>
    public static Task<IReadOnlyList<Finding>?> ListAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, ResultsFilter filter, CancellationToken ct) =>
        ListAsync(db, cache, viewer, waveId, filter, null, ct);

    /// <summary>As <see cref="ListAsync(ManyiDbContext, WaveDataCache, Viewer, Guid, ResultsFilter, CancellationToken)"/>, the trap
    /// against <paramref name="against"/> (null = the previous wave); null also when the given against wave is not visible.</summary>
    public static async Task<IReadOnlyList<Finding>?> ListAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, ResultsFilter filter, Guid? against, CancellationToken ct)
    {
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, waveId, filter, ct);
        if (input is null)
        {
            return null;
        }
        var (other, notFound) = await DriverAnalysis.AgainstAsync(db, cache, viewer, input, against, ct);
        if (notFound)
        {
            return null;
        }
        var list = new List<Finding>();
        if (other is not null && await TrapAsync(db, input, other, ct) is { } trap)
        {
            list.Add(trap);
        }
        list.AddRange(TwoTuple(input));
        list.AddRange(Ipa(input));
        list.AddRange(await RootCausesAsync(db, input, ct));
        return list;
    }

    /// <summary>One finding by its key; null when the wave is not visible, the key is malformed, names another wave or the finding
    /// is not raised (any more).</summary>
    public static async Task<Finding?> FindAsync(
        ManyiDbContext db, WaveDataCache cache, Viewer viewer, Guid waveId, ResultsFilter filter, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Parse(key) is not { } parsed || parsed.WaveId != waveId)
        {
            return null;
        }
        var input = await AnalysisInput.LoadAsync(db, cache, viewer, waveId, filter, ct);
        if (input is null)
        {
            return null;
        }
        IEnumerable<Finding> candidates;
        switch (parsed.Prefix)
        {
            case TrapPrefix:
                if (!Guid.TryParse(parsed.Tail, out var againstId))
                {
                    return null;
                }
                var (other, notFound) = await DriverAnalysis.AgainstAsync(db, cache, viewer, input, againstId, ct);
                candidates = notFound || other is null || await TrapAsync(db, input, other, ct) is not { } trap ? [] : [trap];
                break;
            case TwoTuplePrefix:
                candidates = TwoTuple(input);
                break;
            case IpaPrefix:
                candidates = Ipa(input);
                break;
            default:
                candidates = await RootCausesAsync(db, input, ct);
                break;
        }
        return candidates.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));
    }

    /// <summary>The parts of a finding key: prefix, wave, the rest (indicator, cell, root cause or against wave); null when malformed.</summary>
    public static (string Prefix, Guid WaveId, string Tail)? Parse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 300)
        {
            return null;
        }
        var first = key.IndexOf(':', StringComparison.Ordinal);
        if (first <= 0)
        {
            return null;
        }
        var second = key.IndexOf(':', first + 1);
        if (second < 0 || second == key.Length - 1)
        {
            return null;
        }
        var prefix = key[..first];
        if (prefix is not (TwoTuplePrefix or IpaPrefix or RootCausePrefix or TrapPrefix) || !Guid.TryParse(key[(first + 1)..second], out var wave))
        {
            return null;
        }
        return (prefix, wave, key[(second + 1)..]);
    }

    /// <summary>A text of FindingsResource in the current UI culture (the key itself when missing).</summary>
    public static string Text(string name) => Texts.GetString(name, CultureInfo.CurrentUICulture) ?? name;

    private static string Format(string name, params object?[] args) => string.Format(CultureInfo.InvariantCulture, Text(name), args);

    /// <summary>A number with two decimals, invariant.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>A change with its sign and two decimals, invariant.</summary>
    public static string WithSign(double? value) => value is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "–";

    private static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static ActionIndicator Overall() => new(IndicatorKey.Overall, Text("Indicator.Overall"));

    private static List<Finding> Ranked(IEnumerable<Finding> findings) =>
        [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Key, StringComparer.Ordinal).Select((f, i) => f with { Rank = i + 1 })];

    // ---------------------------------------------------------------- trap

    private static async Task<Finding?> TrapAsync(ManyiDbContext db, AnalysisInput input, AnalysisInput against, CancellationToken ct)
    {
        var standard = await DriverAnalysis.StandardValueAsync(db, input.Scope.Wave.OrganisationId, ct);
        var trap = await DriverAnalysis.TrapAsync(db, input, against, standard, [], ct);
        return trap is { Trap: true } ? TrapFinding(input.Scope.Wave.Id, input.Scope.Filter.UnitId, trap) : null;
    }

    /// <summary>The finding of a trap computed by <see cref="DriverAnalysis.TrapAsync(ManyiDbContext, AnalysisInput, AnalysisInput, Manyi.Analytics.Value.StandardValueBase, List{string}, CancellationToken)"/>
    /// (shown on the compare page too); the top <see cref="TrapNamed"/> segments and customers by contribution are named.</summary>
    public static Finding TrapFinding(Guid waveId, Guid? unitId, TrapDto trap)
    {
        ArgumentNullException.ThrowIfNull(trap);
        var segments = trap.Segments.Take(TrapNamed).Select(s => $"{s.Segment} ({WithSign(s.Contribution)})").ToList();
        var customers = trap.Customers.Take(TrapNamed).Select(c => c.Code ?? c.CustomerId.ToString()).ToList();
        var none = Text("Summary.None");
        var summary = Format(
            "Summary.Trap", WithSign(trap.PlainChange), WithSign(trap.WeightedChange),
            segments.Count == 0 ? none : string.Join(", ", segments), customers.Count == 0 ? none : string.Join(", ", customers));
        return new Finding(
            $"{TrapPrefix}:{waveId}:{trap.AgainstWaveId}", ActionSource.Trap, waveId, trap.AgainstWaveId, unitId,
            Format("Title.Trap", trap.AgainstWaveName), summary, Math.Abs(trap.Difference), 1,
            [Overall(), new ActionIndicator(IndicatorKey.OverallWeighted, Text("Indicator.OverallWeighted"))],
            [
                new(Text("Detail.Against"), trap.AgainstWaveName),
                new(Text("Detail.PlainBefore"), Number(trap.PlainBefore)),
                new(Text("Detail.PlainAfter"), Number(trap.PlainAfter)),
                new(Text("Detail.PlainChange"), WithSign(trap.PlainChange)),
                new(Text("Detail.WeightedBefore"), Number(trap.WeightedBefore)),
                new(Text("Detail.WeightedAfter"), Number(trap.WeightedAfter)),
                new(Text("Detail.WeightedChange"), WithSign(trap.WeightedChange)),
                new(Text("Detail.Difference"), WithSign(trap.Difference)),
                new(Text("Detail.Customers"), $"{trap.CustomersBefore} → {trap.CustomersAfter}"),
            ]);
    }

    // ---------------------------------------------------------------- 2-tuple

    private static List<Finding> TwoTuple(AnalysisInput input)
    {
        var result = MeasureAnalysis.Linguistic(input);
        if (result.Suppressed || result.Overall is not { } phi || result.WeightCrossHair is not { } oneOverN)
        {
            return [];
        }
        var culture = CultureInfo.CurrentUICulture;
        var waveId = input.Scope.Wave.Id;
        return Ranked(result.Indicators
            .Where(i => i.Improvement == "key" && i.ObjectClass == "focus")
            .Select(i =>
            {
                var name = i.Text.For(culture);
                var cell = i.Key + ".perception";
                return new Finding(
                    $"{TwoTuplePrefix}:{waveId}:{i.Key}", ActionSource.TwoTuple, waveId, null, input.Scope.Filter.UnitId,
                    Format("Title.TwoTuple", name),
                    Format("Summary.TwoTuple", Number(i.Satisfaction), Number(phi), Number(i.Weight), Number(oneOverN), i.Rank),
                    phi - i.Satisfaction, 1,
                    [new ActionIndicator(IndicatorKey.Cell(cell), name)],
                    [
                        new(Text("Detail.Satisfaction"), Number(i.Satisfaction)),
                        new(Text("Detail.Phi"), Number(phi)),
                        new(Text("Detail.Weight"), Number(i.Weight)),
                        new(Text("Detail.WeightCrossHair"), Number(oneOverN)),
                        new(Text("Detail.Rank"), i.Rank.ToString(CultureInfo.InvariantCulture)),
                    ]);
            }));
    }

    // ---------------------------------------------------------------- IPA

    private static List<Finding> Ipa(AnalysisInput input)
    {
        var result = DriverAnalysis.Ipa(input);
        if (result.ImportanceCrossHair is not { } importanceCross || result.PerformanceCrossHair is not { } performanceCross)
        {
            return [];
        }
        var culture = CultureInfo.CurrentUICulture;
        var waveId = input.Scope.Wave.Id;
        return Ranked(result.Points
            .Where(p => p.Quadrant == DriverAnalysis.QuadrantName(Manyi.Analytics.Drivers.IpaQuadrant.ConcentrateHere))
            .Select(p =>
            {
                var name = p.Attribute.Text.For(culture);
                return new Finding(
                    $"{IpaPrefix}:{waveId}:{p.Attribute.Key}", ActionSource.Ipa, waveId, null, input.Scope.Filter.UnitId,
                    Format("Title.Ipa", name),
                    Format("Summary.Ipa", Number(p.Importance), Number(importanceCross), Number(p.Performance), Number(performanceCross), result.ImportanceSource),
                    (p.Importance - importanceCross) + (performanceCross - p.Performance), 1,
                    [new ActionIndicator(IndicatorKey.Cell(p.Attribute.Key), name), Overall()],
                    [
                        new(Text("Detail.Importance"), Number(p.Importance)),
                        new(Text("Detail.ImportanceCrossHair"), Number(importanceCross)),
                        new(Text("Detail.Performance"), Number(p.Performance)),
                        new(Text("Detail.PerformanceCrossHair"), Number(performanceCross)),
                        new(Text("Detail.ImportanceSource"), result.ImportanceSource ?? "–"),
                    ]);
            }));
    }

    // ---------------------------------------------------------------- root causes

    private static async Task<List<Finding>> RootCausesAsync(ManyiDbContext db, AnalysisInput input, CancellationToken ct)
    {
        var scope = input.Scope;
        var wave = scope.Wave;
        var organisationId = wave.OrganisationId;
        var from = scope.Filter.From ?? wave.OpensAt ?? wave.CreatedAt;
        var to = scope.Filter.To ?? wave.ClosesAt;
        IReadOnlyCollection<Guid>? units = scope.Units;
        if (units is null && wave.UnitId is { } waveUnit)
        {
            units = await UnitTree.BelowAsync(db, organisationId, [waveUnit], ct);
        }
        var cases = db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.ReceivedAt >= from && c.RootCauseId != null);
        if (to is { } end)
        {
            cases = cases.Where(c => c.ReceivedAt < end);
        }
        if (units is not null)
        {
            var list = units.ToList();
            cases = cases.Where(c => list.Contains(c.UnitId));
        }
        if (scope.Filter.Segment is { } segment)
        {
            cases = cases.Where(c => c.CustomerId != null && db.Customers.Any(k => k.Id == c.CustomerId && k.OrganisationId == organisationId && k.Segment == segment));
        }
        var counts = await cases.GroupBy(c => c.RootCauseId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(ct);
        if (counts.Count == 0)
        {
            return [];
        }
        var total = counts.Sum(c => c.Count);
        var ids = counts.Select(c => c.Id).ToList();
        var causes = await db.RootCauses.AsNoTracking().Where(r => r.OrganisationId == organisationId && ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Code, r.NameZh, r.NameEn, r.Kind }).ToDictionaryAsync(r => r.Id, ct);
        var culture = CultureInfo.CurrentUICulture;
        var period = $"{from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {(to is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Text("Detail.Open"))}";
        return [.. counts.Where(c => causes.ContainsKey(c.Id))
            .OrderByDescending(c => c.Count).ThenBy(c => causes[c.Id].Code, StringComparer.Ordinal)
            .Take(TopRootCauses)
            .Select((c, i) =>
            {
                var cause = causes[c.Id];
                var name = culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrWhiteSpace(cause.NameEn) ? cause.NameEn : cause.NameZh;
                var share = (double)c.Count / total;
                return new Finding(
                    $"{RootCausePrefix}:{wave.Id}:{c.Id}", ActionSource.RootCause, wave.Id, null, scope.Filter.UnitId,
                    Format("Title.RootCause", name),
                    Format("Summary.RootCause", c.Count, Percent(share), total, period),
                    share, i + 1,
                    [Overall()],
                    [
                        new(Text("Detail.RootCause"), $"{cause.Code} · {name}"),
                        new(Text("Detail.Kind"), cause.Kind.ToString()),
                        new(Text("Detail.Cases"), c.Count.ToString(CultureInfo.InvariantCulture)),
                        new(Text("Detail.Share"), Percent(share)),
                        new(Text("Detail.Period"), period),
                    ]);
            })];
    }
}
