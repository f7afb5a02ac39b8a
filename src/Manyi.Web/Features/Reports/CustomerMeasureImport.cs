using Manyi.Core.Customers;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Value;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Reports;

/// <summary>Reason codes of a customer-measure import line (docs/formats/customer-measures.md).</summary>
public static class CustomerMeasureIssues
{
    public const string Required = "required";
    public const string UnknownCustomer = "unknownCustomer";
    public const string BadMeasure = "badMeasure";
    public const string BadDate = "badDate";
    public const string BadPeriod = "badPeriod";
    public const string BadNumber = "badNumber";
    public const string Duplicate = "duplicate";
    public const string RowTooWide = "rowTooWide";
}

/// <summary>A customer measure as listed.</summary>
public sealed record CustomerMeasureDto(Guid Id, Guid CustomerId, string Customer, string Measure, DateOnly PeriodStart, DateOnly PeriodEnd, double Value, DateTimeOffset ImportedAt);

/// <summary>One item of a JSON batch of customer measures: the columns of the file (dates yyyy-MM-dd).</summary>
public sealed record CustomerMeasureItem(string? Customer, string? Measure, string? PeriodStart, string? PeriodEnd, double? Value);

/// <summary>A JSON batch of customer or group measures.</summary>
public sealed record MeasureBatch<T>(IReadOnlyList<T?>? Items);

/// <summary>A page of customer measures.</summary>
public sealed record CustomerMeasurePage(IReadOnlyList<CustomerMeasureDto> Items, int Page, int PageSize, int Total);

/// <summary>The result of a customer- or group-measure import.</summary>
public sealed record CustomerMeasureImportOutcome(ImportStatus Status, ImportReport? Report, string? Problem);

/// <summary>
/// Import of customers' business figures per period from CSV (UTF-8) or .xlsx: columns <c>customer</c> (code), <c>measure</c>
/// (lower-case key such as <c>on-time-delivery</c>, <c>ppm</c>), <c>periodStart</c>, <c>periodEnd</c> (yyyy-MM-dd), <c>value</c>.
/// The dry run names every bad cell with a reason code and writes nothing; the commit writes a clean file (or, when the user
/// accepts, only the good rows) in one SaveChanges with the audit entry (<see cref="MeasureFile"/>). A row for a customer, measure
/// and period start already stored updates it (re-import); churn figures set the customers' status (<see cref="ChurnEvents"/>).
/// </summary>
public static class CustomerMeasureImport
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const int MaxMeasureLength = 50;

    public static IReadOnlyList<string> Columns { get; } = ["customer", "measure", "periodstart", "periodend", "value"];

    private static readonly MeasureFileShape FileShape = new(Columns, "customer, measure, periodStart, periodEnd, value",
        "on-time-delivery, ppm", "on-time-delivery, ppm", "98.5", "customer, measure", EchoLimit: null);

    public static Task<CustomerMeasureImportOutcome> RunAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Stream file, ImportFormat format, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return MeasureFile.ReadAsync(file, format,
            (header, rows) => MeasureFile.ImportAsync(new CustomerKind(db, user), clock, header, rows, commit, acceptGoodRows, "customer-measures.import", ct), ct);
    }

    /// <summary>A JSON batch from another system (<c>POST /api/v1/customer-measures</c>): item n is line n, its fields the columns.</summary>
    public static Task<CustomerMeasureImportOutcome> RunBatchAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, IReadOnlyList<CustomerMeasureItem?> items, bool commit, bool acceptGoodRows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(items);
        var rows = MeasureFile.BatchRows(items, i => [i?.Customer, i?.Measure, i?.PeriodStart, i?.PeriodEnd], i => i?.Value);
        return MeasureFile.ImportAsync(new CustomerKind(db, user), clock, ["customer", "measure", "periodStart", "periodEnd", "value"], rows, commit, acceptGoodRows,
            "customer-measures.batch", ct);
    }

    /// <summary>One customer per row, by code within the caller's units; a stored figure is one customer's, measure's and period start's.</summary>
    private sealed class CustomerKind(ManyiDbContext db, CurrentUser user) : MeasureKind<Guid, CustomerMeasure>(db, user, FileShape)
    {
        private readonly Dictionary<string, (Guid Id, Guid UnitId)> customers = new(StringComparer.Ordinal);
        private IReadOnlySet<Guid>? visible;

        public override async Task LoadAsync(MeasureFile file, IReadOnlyList<ImportRow> rows, CancellationToken ct)
        {
            visible = await User.VisibleUnitsAsync(ct);
            var organisationId = User.OrganisationId;
            var codes = rows.Select(r => file.Cell(r, "customer")).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            foreach (var chunk in codes.Chunk(1000))
            {
                foreach (var c in await Db.Customers.AsNoTracking().Where(c => c.OrganisationId == organisationId && chunk.Contains(c.Code)).Select(c => new { c.Code, c.Id, c.UnitId }).ToListAsync(ct))
                {
                    customers[c.Code] = (c.Id, c.UnitId);
                }
            }
        }

        public override Guid CheckOwner(MeasureFile file, ImportRow row, RowIssue issue)
        {
            var code = file.Cell(row, "customer");
            if (code.Length == 0)
            {
                issue(file.Header("customer"), code, CustomerMeasureIssues.Required, "the customer code is required");
            }
            else if (!customers.TryGetValue(code, out var customer) || (visible is not null && !visible.Contains(customer.UnitId)))
            {
                issue(file.Header("customer"), code, CustomerMeasureIssues.UnknownCustomer, "no customer with this code in your units");
            }
            else
            {
                return customer.Id;
            }
            return Guid.Empty;
        }

        public override async Task<Dictionary<(Guid Owner, string Measure, DateOnly Start), CustomerMeasure>> StoredAsync(
            IReadOnlyList<(Guid Owner, MeasureCells Cells)> good, CancellationToken ct)
        {
            var organisationId = User.OrganisationId;
            var stored = new Dictionary<(Guid, string, DateOnly), CustomerMeasure>();
            foreach (var chunk in good.Select(g => g.Owner).Distinct().Chunk(1000))
            {
                foreach (var m in await Db.CustomerMeasures.Where(m => m.OrganisationId == organisationId && chunk.Contains(m.CustomerId)).ToListAsync(ct))
                {
                    stored[(m.CustomerId, m.Measure, m.PeriodStart)] = m;
                }
            }
            return stored;
        }

        public override bool Same(CustomerMeasure stored, MeasureCells cells) => stored.PeriodEnd == cells.End && stored.Value.Equals(cells.Value);

        public override void Update(CustomerMeasure stored, MeasureCells cells, DateTimeOffset now)
        {
            stored.PeriodEnd = cells.End;
            stored.Value = cells.Value;
            stored.ImportedAt = now;
        }

        public override void Add(Guid owner, MeasureCells cells, DateTimeOffset now) =>
            Db.CustomerMeasures.Add(new CustomerMeasure
            {
                Id = Guid.NewGuid(), OrganisationId = User.OrganisationId, CustomerId = owner, Measure = cells.Measure, PeriodStart = cells.Start, PeriodEnd = cells.End,
                Value = cells.Value, ImportedAt = now,
            });

        public override Task BeforeSaveAsync(IReadOnlyList<(Guid Owner, MeasureCells Cells)> good, TimeProvider clock, CancellationToken ct) =>
            ChurnEvents.ApplyAsync(Db, User, clock, User.OrganisationId,
                good.Where(g => string.Equals(g.Cells.Measure, CustomerMeasure.Churn, StringComparison.Ordinal) && g.Cells.Value.Equals(1.0)).Select(g => (g.Owner, g.Cells.End)).ToList(),
                good.Where(g => !string.Equals(g.Cells.Measure, CustomerMeasure.Churn, StringComparison.Ordinal)).Select(g => (g.Owner, g.Cells.End)).ToList(), ct);
    }
}
