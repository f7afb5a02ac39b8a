using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Value;

/// <summary>Reason codes of a group-measure import line beyond those of the customer-measure import (docs/indirect-measures.md).</summary>
public static class GroupMeasureIssues
{
    public const string UnknownUnit = "unknownUnit";
    public const string BadSegment = "badSegment";
}

/// <summary>A group measure as listed: unit (null = not limited to a unit), segment (null = all segments).</summary>
public sealed record GroupMeasureDto(Guid Id, Guid? UnitId, string? Unit, string? UnitName, string? Segment, string Measure, DateOnly PeriodStart, DateOnly PeriodEnd, double Value, DateTimeOffset ImportedAt);

/// <summary>A page of group measures.</summary>
public sealed record GroupMeasurePage(IReadOnlyList<GroupMeasureDto> Items, int Page, int PageSize, int Total);

/// <summary>One item of a JSON batch of group measures: the columns of the file (unit code and segment may be empty).</summary>
public sealed record GroupMeasureItem(string? Unit, string? Segment, string? Measure, string? PeriodStart, string? PeriodEnd, double? Value);

/// <summary>
/// Import of indirect measures of groups of customers (product.md M6) from CSV (UTF-8), .xlsx or a JSON batch: columns <c>unit</c>
/// (unit code, empty = not limited to a unit), <c>segment</c> (empty = all segments), <c>measure</c>, <c>periodStart</c>,
/// <c>periodEnd</c> (yyyy-MM-dd), <c>value</c>. Dry run by default; a commit writes a clean file, or the good rows when the caller
/// accepts, in one SaveChanges with its audit entry (<see cref="MeasureFile"/>). The key (unit, segment, measure, periodStart) is
/// replaced on re-import. A unit-scoped user may only import rows of its units (an empty unit is the whole organisation: refused for them).
/// </summary>
public static class IndirectMeasuresImport
{
    public const int MaxSegmentLength = 100;
    public const int MaxBatchItems = 10_000;

    /// <summary>How long an echoed cell of a group file may be before it is clipped.</summary>
    private const int EchoLimit = 60;

    public static IReadOnlyList<string> Columns { get; } = ["unit", "segment", "measure", "periodstart", "periodend", "value"];

    private static readonly MeasureFileShape FileShape = new(Columns, "unit, segment, measure, periodStart, periodEnd, value",
        "market-share, returning-customers", "market-share", "12.5", "unit, segment, measure", EchoLimit);

    /// <summary>A file upload.</summary>
    public static Task<CustomerMeasureImportOutcome> RunAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return MeasureFile.ReadAsync(file, format,
            (header, rows) => MeasureFile.ImportAsync(new GroupKind(db, user), clock, header, rows, commit, acceptGoodRows, "group-measures.import", ct), ct);
    }

    /// <summary>A JSON batch: item n is line n, its fields the columns.</summary>
    public static Task<CustomerMeasureImportOutcome> RunBatchAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, IReadOnlyList<GroupMeasureItem?> items, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(items);
        var rows = MeasureFile.BatchRows(items, i => [i?.Unit, i?.Segment, i?.Measure, i?.PeriodStart, i?.PeriodEnd], i => i?.Value);
        return MeasureFile.ImportAsync(new GroupKind(db, user), clock, ["unit", "segment", "measure", "periodStart", "periodEnd", "value"], rows, commit, acceptGoodRows,
            "group-measures.batch", ct);
    }

    /// <summary>A unit (empty = the whole organisation, for organisation-wide users only) and a segment (empty = all) per row.</summary>
    private sealed class GroupKind(ManyiDbContext db, CurrentUser user) : MeasureKind<(Guid? Unit, string? Segment), GroupMeasure>(db, user, FileShape)
    {
        private Dictionary<string, Guid> units = new(StringComparer.Ordinal);
        private IReadOnlySet<Guid>? visible;

        public override async Task LoadAsync(MeasureFile file, IReadOnlyList<ImportRow> rows, CancellationToken ct)
        {
            var organisationId = User.OrganisationId;
            visible = await User.VisibleUnitsAsync(ct);
            units = (await Db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId).Select(u => new { u.Code, u.Id }).ToListAsync(ct))
                .GroupBy(u => u.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        }

        public override (Guid? Unit, string? Segment) CheckOwner(MeasureFile file, ImportRow row, RowIssue issue)
        {
            var unitCode = file.Cell(row, "unit");
            Guid? unit = null;
            if (unitCode.Length == 0)
            {
                if (visible is not null)
                {
                    issue(file.Header("unit"), unitCode, GroupMeasureIssues.UnknownUnit, "a figure for the whole organisation needs access to all units; name one of your units");
                }
            }
            else if (!units.TryGetValue(unitCode, out var id) || (visible is not null && !visible.Contains(id)))
            {
                issue(file.Header("unit"), file.Echo(unitCode), GroupMeasureIssues.UnknownUnit, "no unit with this code in your units");
            }
            else
            {
                unit = id;
            }
            var segment = file.Cell(row, "segment");
            if (segment.Length > MaxSegmentLength)
            {
                issue(file.Header("segment"), file.Echo(segment), GroupMeasureIssues.BadSegment, $"the segment is at most {MaxSegmentLength} characters");
            }
            return (unit, segment.Length == 0 ? null : segment);
        }

        public override async Task<Dictionary<((Guid? Unit, string? Segment) Owner, string Measure, DateOnly Start), GroupMeasure>> StoredAsync(
            IReadOnlyList<((Guid? Unit, string? Segment) Owner, MeasureCells Cells)> good, CancellationToken ct)
        {
            var stored = new Dictionary<((Guid?, string?), string, DateOnly), GroupMeasure>();
            if (good.Count == 0)
            {
                return stored;
            }
            var organisationId = User.OrganisationId;
            var measures = good.Select(g => g.Cells.Measure).Distinct(StringComparer.Ordinal).ToList();
            var first = good.Min(g => g.Cells.Start);
            var last = good.Max(g => g.Cells.Start);
            foreach (var m in await Db.GroupMeasures
                .Where(m => m.OrganisationId == organisationId && measures.Contains(m.Measure) && m.PeriodStart >= first && m.PeriodStart <= last).ToListAsync(ct))
            {
                stored.TryAdd(((m.UnitId, m.Segment), m.Measure, m.PeriodStart), m);
            }
            return stored;
        }

        public override bool Same(GroupMeasure stored, MeasureCells cells) => stored.PeriodEnd == cells.End && stored.Value.Equals(cells.Value);

        public override void Update(GroupMeasure stored, MeasureCells cells, DateTimeOffset now)
        {
            stored.PeriodEnd = cells.End;
            stored.Value = cells.Value;
            stored.ImportedAt = now;
        }

        public override void Add((Guid? Unit, string? Segment) owner, MeasureCells cells, DateTimeOffset now) =>
            Db.GroupMeasures.Add(new GroupMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = User.OrganisationId, UnitId = owner.Unit, Segment = owner.Segment, Measure = cells.Measure,
                PeriodStart = cells.Start, PeriodEnd = cells.End, Value = cells.Value, ImportedAt = now,
            });
    }
}
