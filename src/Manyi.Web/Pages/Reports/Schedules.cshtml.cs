using System.Globalization;
using Manyi.Core.Reports;
using Manyi.Data;
using Manyi.Web.Features.Reports;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Manyi.Web.Features.Waves;
using Manyi.Web.Pages.Units;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Pages.Reports;

/// <summary>/reports/schedules: saved reports and their e-mail schedules — list, new, edit, delete, send now (docs/report-schedules.md).
/// The same validation and audit as <c>/api/v1/report-definitions</c>.</summary>
[Authorize(Policy = Policies.ExportData)]
public sealed class SchedulesModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, ReportScheduler scheduler) : PageModel
{
    /// <summary>The form's fields (strings, parsed by the page so that a bad value is reported on its field).</summary>
    public sealed class Form
    {
        public Guid? Id { get; set; }

        public Guid? Version { get; set; }

        public string? Name { get; set; }

        public string Kind { get; set; } = nameof(ReportKind.Wave);

        public Guid? WaveId { get; set; }

        public Guid? UnitId { get; set; }

        public string? Segment { get; set; }

        public DateOnly? PeriodFrom { get; set; }

        public DateOnly? PeriodTo { get; set; }

        public string Culture { get; set; } = "zh-CN";

        public string Format { get; set; } = nameof(ReportFormat.Excel);

        public bool Enabled { get; set; }

        public string Frequency { get; set; } = nameof(ReportFrequency.Weekly);

        public string? DayOfWeek { get; set; } = nameof(System.DayOfWeek.Monday);

        public int? DayOfMonth { get; set; }

        public string Time { get; set; } = "08:00";

        public string TimeZone { get; set; } = "Asia/Shanghai";

        public string? Recipients { get; set; }
    }

    [BindProperty]
    public Form Input { get; set; } = new();

    public IReadOnlyList<ReportDefinitionDto> Definitions { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Waves { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    /// <summary>Whether the form is shown (new or edit).</summary>
    public bool Editing { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>A message after an action (saved, deleted, sent: outcome).</summary>
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, bool? @new, string? message, CancellationToken ct)
    {
        Message = message is "saved" or "deleted" ? message : null;
        if (id is { } definitionId)
        {
            var definition = await ReportSchedulesApi.Visible(db, user).AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionId, ct);
            if (definition is null)
            {
                return NotFound();
            }
            Input = FormOf(definition);
            Editing = true;
        }
        Editing |= @new == true;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ReportDefinition? definition;
        if (Input.Id is { } id)
        {
            definition = await ReportSchedulesApi.Visible(db, user).FirstOrDefaultAsync(d => d.Id == id, ct);
            if (definition is null)
            {
                return NotFound();
            }
            if (Input.Version != definition.Version)
            {
                Message = "stale";
                Input = FormOf(definition);
                Editing = true;
                await LoadAsync(ct);
                return Page();
            }
        }
        else
        {
            definition = new ReportDefinition
            {
                Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = string.Empty, CreatedById = user.ActorId, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
            };
        }
        var (input, parseErrors) = Parse(Input);
        Errors = await ReportSchedulesApi.ApplyAsync(definition, input, db, user, now, ct);
        foreach (var (field, messages) in parseErrors)
        {
            Errors[field] = messages;
        }
        if (Errors.Count > 0)
        {
            Editing = true;
            await LoadAsync(ct);
            return Page();
        }
        definition.UpdatedAt = now;
        if (Input.Id is null)
        {
            db.ReportDefinitions.Add(definition);
            AuditLog.Write(db, user, clock, ReportSchedulesApi.AuditCreate, definition.Id.ToString(), "page");
        }
        else
        {
            definition.Version = Guid.NewGuid();
            AuditLog.Write(db, user, clock, ReportSchedulesApi.AuditUpdate, definition.Id.ToString(), "page");
        }
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { message = "saved" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var definition = await ReportSchedulesApi.Visible(db, user).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (definition is null)
        {
            return NotFound();
        }
        db.ReportDefinitions.Remove(definition);
        AuditLog.Write(db, user, clock, ReportSchedulesApi.AuditDelete, id.ToString(), "page");
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { message = "deleted" });
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct)
    {
        if (!await ReportSchedulesApi.Visible(db, user).AnyAsync(d => d.Id == id, ct))
        {
            return NotFound();
        }
        var outcome = await scheduler.SendNowAsync(user.OrganisationId, id, ct) ?? "failed";
        AuditLog.Write(db, user, clock, ReportSchedulesApi.AuditSend, id.ToString(), outcome == ReportScheduler.Sent ? "sent" : "failed");
        await db.SaveChangesAsync(ct);
        Message = "sent:" + outcome;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = await ReportSchedulesApi.Visible(db, user).AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(ct);
        Definitions = [.. list.Select(ReportSchedulesApi.ToDto)];
        Waves = [.. (await (await WaveAccess.VisibleAsync(db, user, ct)).AsNoTracking().OrderByDescending(w => w.CreatedAt).Select(w => new { w.Id, w.Name }).Take(500).ToListAsync(ct))
            .Select(w => (w.Id, w.Name))];
        Units = await UnitScope.VisibleUnitsAsync(db, user, ct);
    }

    private static Form FormOf(ReportDefinition d) => new()
    {
        Id = d.Id, Version = d.Version, Name = d.Name, Kind = d.Kind.ToString(), WaveId = d.WaveId, UnitId = d.UnitId, Segment = d.Segment,
        PeriodFrom = d.PeriodFrom, PeriodTo = d.PeriodTo, Culture = d.Culture, Format = d.Format.ToString(), Enabled = d.Enabled,
        Frequency = d.Frequency.ToString(), DayOfWeek = d.DayOfWeek?.ToString(), DayOfMonth = d.DayOfMonth,
        Time = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(d.TimeOfDay)).ToString("HH:mm", CultureInfo.InvariantCulture), TimeZone = d.TimeZone,
        Recipients = string.Join('\n', d.Recipients),
    };

    private static (ReportDefinitionInput Input, Dictionary<string, string[]> Errors) Parse(Form form)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        T? EnumOf<T>(string? text, string field) where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
            {
                return value;
            }
            errors[field] = [field + " is not one of the choices"];
            return null;
        }
        int? minutes = null;
        if (TimeOnly.TryParseExact(form.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            minutes = (time.Hour * 60) + time.Minute;
        }
        else
        {
            errors["timeOfDay"] = ["time must be hh:mm"];
        }
        var input = new ReportDefinitionInput
        {
            Name = form.Name, Kind = EnumOf<ReportKind>(form.Kind, "kind"), WaveId = form.WaveId, UnitId = form.UnitId, Segment = form.Segment,
            PeriodFrom = form.PeriodFrom, PeriodTo = form.PeriodTo, Culture = form.Culture, Format = EnumOf<ReportFormat>(form.Format, "format"),
            Enabled = form.Enabled, Frequency = EnumOf<ReportFrequency>(form.Frequency, "frequency"), DayOfWeek = EnumOf<DayOfWeek>(form.DayOfWeek, "dayOfWeek"),
            DayOfMonth = form.DayOfMonth, TimeOfDay = minutes, TimeZone = form.TimeZone,
            Recipients = (form.Recipients ?? string.Empty).Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        return (input, errors);
    }
}
