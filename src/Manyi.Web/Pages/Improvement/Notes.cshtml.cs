using System.Globalization;
using Manyi.Core.Improvement;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Improvement;
using Manyi.Web.Features.Users;
using Manyi.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Manyi.Web.Pages.Improvement;

/// <summary>
/// <c>/improvement/notes</c>: the "you said, we did" notes (docs/goals.md) — list, editor with Chinese and English fields and a
/// preview as respondents see it, publish, withdraw, delete a draft. <c>?actionId=</c> prefills a new note from an action's outcome.
/// </summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class NotesModel(ManyiDbContext db, CurrentUser user, TimeProvider clock, IAuthorizationService authorization, IStringLocalizer<GoalsResource> g) : PageModel
{
    private static readonly string[] PreviewLanguages = ["zh-CN", "en"];

    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? ActionId { get; set; }

    [BindProperty]
    public NoteForm Form { get; set; } = new();

    public IReadOnlyList<ChangeNoteDto> Notes { get; private set; } = [];

    public IReadOnlyList<QuestionnaireOption> Questionnaires { get; private set; } = [];

    public bool CanWrite { get; private set; }

    /// <summary>The editor's note as respondents would see it, in each language (empty without text).</summary>
    public IReadOnlyList<(string Language, RespondentNote Note)> Preview { get; private set; } = [];

    /// <summary>The editor's fields.</summary>
    public sealed class NoteForm
    {
        public Guid? Id { get; set; }

        public Guid? Version { get; set; }

        public Guid? QuestionnaireId { get; set; }

        public Guid? ActionId { get; set; }

        public string? YouSaidZh { get; set; }

        public string? YouSaidEn { get; set; }

        public string? WeDidZh { get; set; }

        public string? WeDidEn { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var organisationId = user.OrganisationId;
        if (Edit is { } id)
        {
            var note = await db.ChangeNotes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id && n.OrganisationId == organisationId, ct);
            if (note is not null)
            {
                Form = new NoteForm
                {
                    Id = note.Id, Version = note.Version, QuestionnaireId = note.QuestionnaireId, ActionId = note.ActionId,
                    YouSaidZh = note.YouSaid.Zh, YouSaidEn = note.YouSaid.En, WeDidZh = note.WeDid.Zh, WeDidEn = note.WeDid.En,
                };
            }
        }
        else if (ActionId is { } actionId)
        {
            var action = await db.ImprovementActions.AsNoTracking().Where(a => a.Id == actionId && a.OrganisationId == organisationId)
                .Select(a => new { a.Id, a.QuestionnaireId, a.Outcome, a.Title, a.FindingSummary }).FirstOrDefaultAsync(ct);
            if (action is not null)
            {
                Form = new NoteForm { ActionId = action.Id, QuestionnaireId = action.QuestionnaireId, YouSaidZh = action.FindingSummary, WeDidZh = action.Outcome ?? action.Title };
            }
        }
        BuildPreview();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!await MayWriteAsync())
        {
            return Forbid();
        }
        var input = new ChangeNoteInput
        {
            QuestionnaireId = Form.QuestionnaireId, ActionId = Form.ActionId,
            YouSaid = new LocalTextInput(Form.YouSaidZh, Form.YouSaidEn), WeDid = new LocalTextInput(Form.WeDidZh, Form.WeDidEn),
        };
        var now = clock.GetUtcNow();
        ChangeNote? note;
        if (Form.Id is { } id)
        {
            note = await ChangeNoteLifecycle.FindAsync(db, user, id, ct);
            if (note is null)
            {
                return NotFound();
            }
            if (Form.Version != note.Version || note.WithdrawnAt is not null)
            {
                ModelState.AddModelError(string.Empty, g["Notes.Stale"]);
            }
        }
        else
        {
            note = new ChangeNote
            {
                Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, YouSaid = new LocalText(string.Empty), WeDid = new LocalText(string.Empty),
                CreatedById = user.ActorId, CreatedAt = now,
            };
            db.ChangeNotes.Add(note);
        }
        var questionnaireBefore = Form.Id is null ? (Guid?)null : note.QuestionnaireId;
        var errors = await ChangeNotesApi.ApplyAsync(note, input, db, user, ct);
        if (errors.Count == 0 && note.PublishedAt is not null && questionnaireBefore is { } before && before != note.QuestionnaireId)
        {
            errors["questionnaireId"] = ["kept"];
        }
        foreach (var field in errors.Keys)
        {
            ModelState.AddModelError("Form." + FormField(field), g["Notes.Error." + field]);
        }
        if (!ModelState.IsValid)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            BuildPreview();
            return Page();
        }
        if (!await ChangeNoteLifecycle.SaveAsync(db, user, clock, note, Form.Id is null ? ChangeNotesApi.AuditCreate : ChangeNotesApi.AuditUpdate, ct))
        {
            ModelState.AddModelError(string.Empty, g["Notes.Stale"]);
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            BuildPreview();
            return Page();
        }
        return RedirectToPage(new { edit = note.Id });
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => StepAsync(() => ChangeNoteLifecycle.PublishAsync(db, user, clock, id, null, ct), true);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) => StepAsync(() => ChangeNoteLifecycle.WithdrawAsync(db, user, clock, id, null, ct), true);

    public Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct) => StepAsync(() => ChangeNoteLifecycle.DeleteAsync(db, user, clock, id, null, ct), false);

    /// <summary>Runs a state change for a writer; a note in another state is left as it is and shown again.</summary>
    private async Task<IActionResult> StepAsync(Func<Task<ChangeNoteStep>> step, bool showNote)
    {
        if (!await MayWriteAsync())
        {
            return Forbid();
        }
        var done = await step();
        if (done.Outcome == ChangeNoteOutcome.NotFound)
        {
            return NotFound();
        }
        return showNote ? RedirectToPage(new { edit = done.Note!.Id }) : RedirectToPage();
    }

    private async Task<bool> MayWriteAsync() => (await authorization.AuthorizeAsync(User, Policies.DesignSurveys)).Succeeded;

    private static string FormField(string field) => field switch
    {
        "youSaid.zh" => nameof(NoteForm.YouSaidZh),
        "youSaid.en" => nameof(NoteForm.YouSaidEn),
        "weDid.zh" => nameof(NoteForm.WeDidZh),
        "weDid.en" => nameof(NoteForm.WeDidEn),
        "actionId" => nameof(NoteForm.ActionId),
        _ => nameof(NoteForm.QuestionnaireId),
    };

    private void BuildPreview()
    {
        if (string.IsNullOrWhiteSpace(Form.YouSaidZh) && string.IsNullOrWhiteSpace(Form.WeDidZh))
        {
            Preview = [];
            return;
        }
        var youSaid = new LocalText(Form.YouSaidZh ?? string.Empty, Form.YouSaidEn);
        var weDid = new LocalText(Form.WeDidZh ?? string.Empty, Form.WeDidEn);
        Preview = [.. PreviewLanguages.Select(language => (language, new RespondentNote(Form.Id ?? Guid.Empty, youSaid.For(language), weDid.For(language), clock.GetUtcNow())))];
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = await MayWriteAsync();
        var organisationId = user.OrganisationId;
        Questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.OrganisationId == organisationId).OrderBy(q => q.Name)
            .Select(q => new QuestionnaireOption(q.Id, q.Name)).ToListAsync(ct);
        Notes = await ChangeNoteQueries.ListAsync(db, organisationId, null, null, ct);
    }

    /// <summary>A date in the reader's culture.</summary>
    public static string Date(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–";
}
