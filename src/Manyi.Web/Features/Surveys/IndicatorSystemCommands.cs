using System.Globalization;
using Manyi.Analytics.Indicators;
using Manyi.Core.Collection;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Surveys;

/// <summary>
/// Indicator systems: read, create, replace (optimistic version), delete when unused, and set the weights of one group of
/// siblings by any method of product.md M1.3 through Manyi.Analytics. Every query is limited to the caller's organisation;
/// a refused request writes nothing.
/// </summary>
public static class IndicatorSystemCommands
{
    public static async Task<IReadOnlyList<IndicatorSystemSummary>> ListAsync(ManyiDbContext db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var rows = await db.IndicatorSystems.AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .Select(s => new { s.Id, s.Name, s.Description, s.Definition, s.UpdatedAt, s.Version }).ToListAsync(ct);
        return [.. rows.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new IndicatorSystemSummary(s.Id, s.Name, s.Description, s.Definition.Nodes.Count, s.UpdatedAt, s.Version))];
    }

    public static async Task<IndicatorSystemDto?> GetAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        var system = await db.IndicatorSystems.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == organisationId, ct);
        return system?.ToDto();
    }

    public static async Task<UseCaseResult<IndicatorSystemDto>> CreateAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, IndicatorSystemInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var (definition, errors) = await ValidateAsync(db, user, input, null, ct);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<IndicatorSystemDto>(errors);
        }
        var now = clock.GetUtcNow();
        var system = new IndicatorSystem
        {
            Id = Guid.NewGuid(), OrganisationId = user.OrganisationId, Name = input.Name!.Trim(), Description = Blank(input.Description),
            Definition = definition!, CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
        };
        db.IndicatorSystems.Add(system);
        AuditLog.Write(db, user, clock, SurveyAudit.IndicatorSystemCreate, SurveyAudit.System(system.Id), $"{definition!.Nodes.Count} indicators");
        return await SaveAsync(db, user, system, ct);
    }

    public static async Task<UseCaseResult<IndicatorSystemDto>> UpdateAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid expectedVersion, IndicatorSystemInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(input);
        var system = await FindTrackedAsync(db, user, id, ct);
        if (system is null)
        {
            return UseCaseResult.NotFound<IndicatorSystemDto>();
        }
        if (system.Version != expectedVersion)
        {
            return UseCaseResult.Stale<IndicatorSystemDto>();
        }
        var (definition, errors) = await ValidateAsync(db, user, input, id, ct);
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<IndicatorSystemDto>(errors);
        }
        system.Name = input.Name!.Trim();
        system.Description = Blank(input.Description);
        system.Definition = definition!;
        return await SaveChangedAsync(db, user, clock, system, expectedVersion, SurveyAudit.IndicatorSystemUpdate, $"{definition!.Nodes.Count} indicators", ct);
    }

    /// <summary>Deletes an indicator system no questionnaire binds to; Invalid (field <c>id</c>) when one does.</summary>
    public static async Task<UseCaseResult<Guid>> DeleteAsync(ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var system = await FindTrackedAsync(db, user, id, ct);
        if (system is null)
        {
            return UseCaseResult.NotFound<Guid>();
        }
        if (expectedVersion is { } expected && expected != system.Version)
        {
            return UseCaseResult.Stale<Guid>();
        }
        if (await db.Questionnaires.AsNoTracking().AnyAsync(q => q.IndicatorSystemId == id, ct))
        {
            return UseCaseResult.Invalid<Guid>(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["id"] = ["the indicator system is used by a questionnaire and cannot be deleted"] });
        }
        db.IndicatorSystems.Remove(system);
        AuditLog.Write(db, user, clock, SurveyAudit.IndicatorSystemDelete, SurveyAudit.System(id), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A questionnaire bound to it meanwhile (the foreign key refuses the delete).
            db.ChangeTracker.Clear();
            return UseCaseResult.Invalid<Guid>(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["id"] = ["the indicator system is used by a questionnaire and cannot be deleted"] });
        }
        return UseCaseResult.Ok(id);
    }

    /// <summary>Sets the weights of the children of <see cref="WeightsInput.Parent"/> and records how (product.md M1.3 a–e).</summary>
    public static async Task<UseCaseResult<WeightsResult>> SetWeightsAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, Guid id, Guid? expectedVersion, WeightsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(input);
        var system = await FindTrackedAsync(db, user, id, ct);
        if (system is null)
        {
            return UseCaseResult.NotFound<WeightsResult>();
        }
        if (expectedVersion is { } expected && expected != system.Version)
        {
            return UseCaseResult.Stale<WeightsResult>();
        }
        var definition = system.Definition;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var method = ParseMethod(input.Method);
        if (method is null)
        {
            errors["method"] = ["method must be entered, importance, ahp or entropy"];
        }
        var children = string.IsNullOrWhiteSpace(input.Parent) ? [] : QuestionnaireRules.Children(definition, input.Parent);
        if (string.IsNullOrWhiteSpace(input.Parent))
        {
            errors["parent"] = ["parent is required: the code of the indicator whose children get weights"];
        }
        else if (children.Count == 0)
        {
            errors["parent"] = [$"'{input.Parent}' is not an indicator with children in this system"];
        }
        if (errors.Count > 0)
        {
            return UseCaseResult.Invalid<WeightsResult>(errors);
        }
        var codes = children.Select(c => c.Code).ToList();
        var computed = method switch
        {
            WeightMethod.Entered => Entered(codes, input.Weights),
            WeightMethod.Ahp => FromAhp(codes, input.Matrix),
            _ => await FromWaveAsync(db, user, system, codes, method!.Value, input.WaveId, ct),
        };
        if (computed.Errors.Count > 0)
        {
            return UseCaseResult.Invalid<WeightsResult>(computed.Errors);
        }
        var weights = computed.Weights.ToDictionary(w => w.Code, w => w.Weight, StringComparer.Ordinal);
        var derivation = new WeightDerivation
        {
            Parent = input.Parent!, Method = method!.Value, Matrix = method == WeightMethod.Ahp ? input.Matrix : null,
            ConsistencyRatio = computed.ConsistencyRatio, WaveId = method is WeightMethod.Importance or WeightMethod.Entropy ? input.WaveId : null,
            DerivedAt = clock.GetUtcNow(),
        };
        system.Definition = definition with
        {
            Nodes = [.. definition.Nodes.Select(n => weights.TryGetValue(n.Code, out var w) && string.Equals(n.Parent, input.Parent, StringComparison.Ordinal) ? n with { Weight = w } : n)],
            Derivations = [.. definition.Derivations.Where(d => !string.Equals(d.Parent, input.Parent, StringComparison.Ordinal)), derivation],
        };
        var details = $"weights of {input.Parent} by {method.Value.ToString().ToLowerInvariant()}";
        var saved = await SaveChangedAsync(db, user, clock, system, system.Version, SurveyAudit.IndicatorSystemWeights, details, ct);
        return saved.Outcome != Outcome.Ok
            ? new UseCaseResult<WeightsResult>(saved.Outcome, null, saved.Errors)
            : UseCaseResult.Ok(new WeightsResult(input.Parent!, method.Value, computed.Weights, computed.ConsistencyRatio, computed.LambdaMax, saved.Value!));
    }

    private sealed record Computed(IReadOnlyList<ChildWeight> Weights, double? ConsistencyRatio, double? LambdaMax, Dictionary<string, string[]> Errors)
    {
        public static Computed Error(string field, string message) => new([], null, null, new(StringComparer.Ordinal) { [field] = [message] });
    }

    private static Computed Entered(List<string> codes, Dictionary<string, double>? weights)
    {
        if (weights is null || weights.Count == 0)
        {
            return Computed.Error("weights", "weights is required for method entered: {childCode: weight, …}");
        }
        var unknown = weights.Keys.Where(k => !codes.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return Computed.Error("weights", $"'{unknown[0]}' is not a child of the parent; the children are {string.Join(", ", codes)}");
        }
        var missing = codes.Where(c => !weights.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return Computed.Error("weights", $"a weight for '{missing[0]}' is missing: give every child a weight");
        }
        if (weights.Values.Any(w => !double.IsFinite(w) || w < 0 || w > 1))
        {
            return Computed.Error("weights", "each weight is a number from 0 to 1");
        }
        var sum = weights.Values.Sum();
        if (Math.Abs(sum - 1) > QuestionnaireRules.WeightTolerance)
        {
            return Computed.Error("weights", $"the weights sum to {sum.ToString("0.######", CultureInfo.InvariantCulture)}; they must sum to 1");
        }
        return new([.. codes.Select(c => new ChildWeight(c, weights[c]))], null, null, []);
    }

    private static Computed FromAhp(List<string> codes, double[][]? matrix)
    {
        var n = codes.Count;
        if (matrix is null || matrix.Length != n || matrix.Any(r => r is null || r.Length != n))
        {
            return Computed.Error("matrix", $"matrix must be {n} × {n}: one row and one column per child, in the order {string.Join(", ", codes)}");
        }
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[i, j] = matrix[i][j];
            }
        }
        AhpResult result;
        try
        {
            result = Ahp.Analyse(codes, a);
        }
        catch (ArgumentException e)
        {
            return Computed.Error("matrix", StripParameter(e.Message));
        }
        if (!result.IsConsistent)
        {
            var pair = result.MostInconsistentPair!;
            return Computed.Error("matrix", string.Create(CultureInfo.InvariantCulture,
                $"the consistency ratio is {result.ConsistencyRatio:0.###} (at least {Ahp.ConsistencyThreshold:0.00}): revise the judgements; the most inconsistent pair is {pair.Row} versus {pair.Column}: judged {pair.Judgement:0.###}, the other judgements imply {pair.Implied:0.###}"));
        }
        return new([.. codes.Select((c, i) => new ChildWeight(c, result.Weights[i]))], result.ConsistencyRatio, result.LambdaMax, []);
    }

    /// <summary>Importance or entropy weights from the complete responses of a wave that fields a questionnaire bound to this system.</summary>
    private static async Task<Computed> FromWaveAsync(ManyiDbContext db, CurrentUser user, IndicatorSystem system, List<string> codes, WeightMethod method, Guid? waveId, CancellationToken ct)
    {
        if (waveId is not { } id)
        {
            return Computed.Error("waveId", $"waveId is required for method {method.ToString().ToLowerInvariant()}");
        }
        var organisationId = user.OrganisationId;
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == id && w.OrganisationId == organisationId)
            .Select(w => new { w.UnitId, w.QuestionnaireId }).FirstOrDefaultAsync(ct);
        var visible = await user.VisibleUnitsAsync(ct);
        if (wave is null || (visible is not null && (wave.UnitId is not { } unit || !visible.Contains(unit))))
        {
            return Computed.Error("waveId", "waveId must be a wave of your organisation");
        }
        var boundTo = await db.Questionnaires.AsNoTracking().Where(q => q.Id == wave.QuestionnaireId && q.OrganisationId == organisationId)
            .Select(q => q.IndicatorSystemId).FirstOrDefaultAsync(ct);
        if (boundTo != system.Id)
        {
            return Computed.Error("waveId", "the wave's questionnaire is not bound to this indicator system");
        }
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.QuestionnaireId == wave.QuestionnaireId).ToDictionaryAsync(v => v.Id, v => v.Definition, ct);
        var responses = await db.Responses.AsNoTracking()
            .Where(r => r.WaveId == id && r.OrganisationId == organisationId && r.Status == ResponseStatus.Complete)
            .Select(r => new { r.QuestionnaireVersionId, r.Answers }).ToListAsync(ct);
        var cellsByVersion = versions.ToDictionary(v => v.Key, v => WeightCells.ByChild(system.Definition, v.Value, codes, method));
        var rows = new List<IReadOnlyList<double?>>();
        foreach (var response in responses)
        {
            if (cellsByVersion.TryGetValue(response.QuestionnaireVersionId, out var cells))
            {
                rows.Add([.. codes.Select(c => WeightCells.Value(cells[c], response.Answers))]);
            }
        }
        if (codes.Any(c => cellsByVersion.Values.All(v => v[c].Count == 0)))
        {
            var without = codes.First(c => cellsByVersion.Values.All(v => v[c].Count == 0));
            return Computed.Error("waveId", method == WeightMethod.Importance
                ? $"no question of the wave asks the importance of '{without}' (Triple questions with an importance part bound to it or below it)"
                : $"no question of the wave rates '{without}' (questions bound to it or below it)");
        }
        try
        {
            if (method == WeightMethod.Importance)
            {
                var importance = ImportanceWeights.FromRatings(codes, rows);
                return new([.. importance.Select(w => new ChildWeight(w.Indicator, w.Weight, w.N, w.MeanImportance))], null, null, []);
            }
            // Entropy needs a complete table: respondents who rated every child.
            var complete = rows.Where(r => r.All(v => v is not null)).Select(r => (IReadOnlyList<double>)[.. r.Select(v => v!.Value)]).ToList();
            var entropy = EntropyWeights.Compute(codes, complete);
            return new([.. entropy.Select(w => new ChildWeight(w.Indicator, w.Weight, complete.Count, null, w.Entropy))], null, null, []);
        }
        catch (ArgumentException e)
        {
            return Computed.Error("waveId", StripParameter(e.Message));
        }
    }

    private static WeightMethod? ParseMethod(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "entered" => WeightMethod.Entered,
        "importance" => WeightMethod.Importance,
        "ahp" => WeightMethod.Ahp,
        "entropy" => WeightMethod.Entropy,
        _ => null,
    };

    private static async Task<(IndicatorSystemDefinition? Definition, Dictionary<string, string[]> Errors)> ValidateAsync(
        ManyiDbContext db, CurrentUser user, IndicatorSystemInput input, Guid? selfId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            errors["name"] = ["name is required (at most 200 characters)"];
        }
        if (input.Description is { Length: > 2000 })
        {
            errors["description"] = ["description has at most 2000 characters"];
        }
        var (definition, error) = SurveyMapping.Read<IndicatorSystemDefinition>(input.Definition);
        if (error is not null)
        {
            errors["definition"] = [error];
        }
        else
        {
            definition = definition! with { Derivations = definition.Derivations ?? [] };
            foreach (var issue in QuestionnaireRules.Validate(definition))
            {
                Add(errors, "definition." + issue.Path, issue.Message);
            }
        }
        var organisationId = user.OrganisationId;
        if (!errors.ContainsKey("name"))
        {
            var name = input.Name!.Trim();
            if (await db.IndicatorSystems.AsNoTracking().AnyAsync(s => s.OrganisationId == organisationId && s.Name == name && s.Id != selfId, ct))
            {
                errors["name"] = ["another indicator system has this name"];
            }
        }
        if (selfId is { } id && errors.Count == 0)
        {
            // Questions bound to this system must still find their base indicators.
            var leaves = QuestionnaireRules.BaseIndicators(definition!);
            var bound = await db.Questionnaires.AsNoTracking().Where(q => q.IndicatorSystemId == id && q.OrganisationId == organisationId)
                .Join(db.QuestionnaireVersions.AsNoTracking(), q => q.Id, v => v.QuestionnaireId, (q, v) => new { q.Name, v.Number, v.Definition }).ToListAsync(ct);
            foreach (var version in bound)
            {
                var lost = version.Definition.Questions.SelectMany(q => (q.Rows ?? []).Select(r => r.Indicator).Append(q.Indicator)).OfType<string>().FirstOrDefault(i => !leaves.Contains(i));
                if (lost is not null)
                {
                    Add(errors, "definition", $"questionnaire '{version.Name}' version {version.Number} binds a question to '{lost}', which would no longer be a base indicator");
                }
            }
        }
        return (definition, errors);
    }

    internal static void Add(Dictionary<string, string[]> errors, string key, string message) =>
        errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, message] : [message];

    private static async Task<IndicatorSystem?> FindTrackedAsync(ManyiDbContext db, CurrentUser user, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var organisationId = user.OrganisationId;
        return await db.IndicatorSystems.FirstOrDefaultAsync(s => s.Id == id && s.OrganisationId == organisationId, ct);
    }

    private static async Task<UseCaseResult<IndicatorSystemDto>> SaveChangedAsync(
        ManyiDbContext db, CurrentUser user, TimeProvider clock, IndicatorSystem system, Guid expectedVersion, string action, string details, CancellationToken ct)
    {
        system.UpdatedAt = clock.GetUtcNow();
        system.Version = Guid.NewGuid();
        db.Entry(system).Property(s => s.Version).OriginalValue = expectedVersion;
        AuditLog.Write(db, user, clock, action, SurveyAudit.System(system.Id), details);
        try
        {
            return await SaveAsync(db, user, system, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return UseCaseResult.Stale<IndicatorSystemDto>();
        }
    }

    private static async Task<UseCaseResult<IndicatorSystemDto>> SaveAsync(ManyiDbContext db, CurrentUser user, IndicatorSystem system, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return UseCaseResult.Ok(system.ToDto());
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var organisationId = user.OrganisationId;
            var name = system.Name;
            if (await db.IndicatorSystems.AsNoTracking().AnyAsync(s => s.OrganisationId == organisationId && s.Name == name && s.Id != system.Id, ct))
            {
                return UseCaseResult.Invalid<IndicatorSystemDto>(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["name"] = ["another indicator system has this name"] });
            }
            throw;
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string StripParameter(string message)
    {
        var end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}

/// <summary>Audit actions and subjects of the surveys feature.</summary>
public static class SurveyAudit
{
    public const string IndicatorSystemCreate = "indicator-system.create";
    public const string IndicatorSystemUpdate = "indicator-system.update";
    public const string IndicatorSystemDelete = "indicator-system.delete";
    public const string IndicatorSystemWeights = "indicator-system.weights";
    public const string QuestionnaireCreate = "questionnaire.create";
    public const string QuestionnaireUpdate = "questionnaire.update";
    public const string QuestionnaireNewVersion = "questionnaire.version";

    public static string System(Guid id) => $"indicator-system:{id}";

    public static string Questionnaire(Guid id) => $"questionnaire:{id}";
}
