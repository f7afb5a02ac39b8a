using Manyi.Core.Organisations;
using Manyi.Data;
using Manyi.Web.Features.Audit;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Web.Features.Units;

/// <summary>
/// The /api/v1 routes of the unit tree (branch → district → company): everybody reads the part of the tree it may see (a unit
/// manager its subtrees), administrators create, rename, move and delete units.
/// </summary>
public static class UnitsApi
{
    private const int CodeLength = 64;
    private const int NameLength = 200;

    public static RouteGroupBuilder MapUnitsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var units = api.MapGroup("/units").WithTags("Units");
        units.MapGet("/", GetTreeAsync).RequireAuthorization(Policies.ReadData)
            .WithName("GetUnitTree").WithSummary("The unit tree the caller may see (unit managers: their subtrees)");
        units.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.ReadData)
            .WithName("GetUnit").WithSummary("One unit within the caller's scope");
        units.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administer)
            .WithName("CreateUnit").WithSummary("Create a unit below a parent");
        units.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Administer)
            .WithName("UpdateUnit").WithSummary("Rename a unit (code, name, kind)");
        units.MapPost("/{id:guid}/move", MoveAsync).RequireAuthorization(Policies.Administer)
            .WithName("MoveUnit").WithSummary("Move a unit below another parent (no cycles)");
        units.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Administer)
            .WithName("DeleteUnit").WithSummary("Delete a unit without children, customers or unit managers");
        return api;
    }

    /// <summary>One unit.</summary>
    public sealed record UnitDto(Guid Id, Guid? ParentId, string Code, string Name, UnitKind Kind);

    /// <summary>A unit with the units below it.</summary>
    public sealed record UnitNode(Guid Id, Guid? ParentId, string Code, string Name, UnitKind Kind, IReadOnlyList<UnitNode> Children);

    /// <summary>Body of <c>POST /api/v1/units</c>.</summary>
    public sealed record CreateUnitRequest(Guid? ParentId, string? Code, string? Name, UnitKind? Kind);

    /// <summary>Body of <c>PUT /api/v1/units/{id}</c>.</summary>
    public sealed record UpdateUnitRequest(string? Code, string? Name, UnitKind? Kind);

    /// <summary>Body of <c>POST /api/v1/units/{id}/move</c>.</summary>
    public sealed record MoveUnitRequest(Guid? ParentId);

    private static async Task<Ok<List<UnitNode>>> GetTreeAsync(CurrentUser current, ManyiDbContext db, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var visible = await current.VisibleUnitsAsync(ct);
        var all = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .Select(u => new UnitDto(u.Id, u.ParentId, u.Code, u.Name, u.Kind)).ToListAsync(ct);
        var units = visible is null ? all : all.Where(u => visible.Contains(u.Id)).ToList();
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId.GetValueOrDefault());
        UnitNode Node(UnitDto u) =>
            new(u.Id, u.ParentId, u.Code, u.Name, u.Kind, [.. children[u.Id].OrderBy(c => c.Code, StringComparer.Ordinal).Select(Node)]);
        // Roots: the top of the organisation, or for a unit manager each assigned unit that is not below another one.
        var roots = units.Where(u => u.ParentId is null || !ids.Contains(u.ParentId.Value)).OrderBy(u => u.Code, StringComparer.Ordinal);
        return TypedResults.Ok(roots.Select(Node).ToList());
    }

    private static async Task<Results<Ok<UnitDto>, NotFound>> GetAsync(Guid id, CurrentUser current, ManyiDbContext db, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var visible = await current.VisibleUnitsAsync(ct);
        if (visible is not null && !visible.Contains(id))
        {
            return TypedResults.NotFound();
        }
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == id && u.OrganisationId == organisationId)
            .Select(u => new UnitDto(u.Id, u.ParentId, u.Code, u.Name, u.Kind)).FirstOrDefaultAsync(ct);
        return unit is null ? TypedResults.NotFound() : TypedResults.Ok(unit);
    }

    private static async Task<Results<Created<UnitDto>, ValidationProblem>> CreateAsync(
        CreateUnitRequest request, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.ParentId is null)
        {
            errors["parentId"] = ["a parent unit is required (the organisation has one top unit)"];
        }
        else if (!await db.Units.AnyAsync(u => u.Id == request.ParentId && u.OrganisationId == organisationId, ct))
        {
            errors["parentId"] = ["the parent unit does not exist in this organisation"];
        }
        var fields = await ValidateAsync(db, organisationId, null, request.Code, request.Name, request.Kind, errors, ct);
        if (errors.Count > 0 || fields is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var unit = new Unit
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            ParentId = request.ParentId,
            Code = fields.Code,
            Name = fields.Name,
            Kind = fields.Kind,
        };
        db.Units.Add(unit);
        AuditLog.Write(db, current, clock, "unit.create", unit.Id.ToString(), "code=" + unit.Code);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/units/{unit.Id}", unit.ToDto());
    }

    private static async Task<Results<Ok<UnitDto>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, UpdateUnitRequest request, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (unit is null)
        {
            return TypedResults.NotFound();
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = await ValidateAsync(db, organisationId, id, request.Code, request.Name, request.Kind, errors, ct);
        if (errors.Count > 0 || fields is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        unit.Code = fields.Code;
        unit.Name = fields.Name;
        unit.Kind = fields.Kind;
        AuditLog.Write(db, current, clock, "unit.update", unit.Id.ToString(), "code=" + unit.Code);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(unit.ToDto());
    }

    private static async Task<Results<Ok<UnitDto>, NotFound, ValidationProblem>> MoveAsync(
        Guid id, MoveUnitRequest request, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (unit is null)
        {
            return TypedResults.NotFound();
        }
        if (request.ParentId is not { } parentId)
        {
            return Invalid("parentId", "a parent unit is required");
        }
        var parents = await db.Units.AsNoTracking().Where(u => u.OrganisationId == organisationId)
            .ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);
        if (!parents.ContainsKey(parentId))
        {
            return Invalid("parentId", "the parent unit does not exist in this organisation");
        }
        // Walk up from the new parent: meeting the unit itself means the parent lies in the unit's own subtree.
        for (Guid? at = parentId; at is { } step; at = parents.GetValueOrDefault(step))
        {
            if (step == id)
            {
                return Invalid("parentId", "a unit cannot move below itself or one of its own descendants");
            }
        }
        unit.ParentId = parentId;
        AuditLog.Write(db, current, clock, "unit.move", unit.Id.ToString(), "parent=" + parentId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(unit.ToDto());
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        Guid id, CurrentUser current, ManyiDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var organisationId = current.OrganisationId;
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id && u.OrganisationId == organisationId, ct);
        if (unit is null)
        {
            return TypedResults.NotFound();
        }
        string? refusal = null;
        if (unit.ParentId is null)
        {
            refusal = "the top unit of the organisation cannot be deleted";
        }
        else if (await db.Units.CountAsync(u => u.ParentId == id, ct) is var children and > 0)
        {
            refusal = $"the unit has {children} unit(s) below it; move or delete them first";
        }
        else if (await db.Customers.CountAsync(c => c.UnitId == id && c.OrganisationId == organisationId, ct) is var customers and > 0)
        {
            refusal = $"the unit serves {customers} customer(s); move them to another unit first";
        }
        else if (await db.UserUnits.CountAsync(x => x.UnitId == id, ct) is var managers and > 0)
        {
            refusal = $"the unit is assigned to {managers} unit manager(s); change their units first";
        }
        if (refusal is not null)
        {
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status409Conflict, title: "The unit cannot be deleted");
        }
        db.Units.Remove(unit);
        AuditLog.Write(db, current, clock, "unit.delete", unit.Id.ToString(), "code=" + unit.Code);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Checks code, name and kind into <paramref name="errors"/>; returns them trimmed when all three are valid.</summary>
    private static async Task<UnitFields?> ValidateAsync(
        ManyiDbContext db, Guid organisationId, Guid? self, string? code, string? name, UnitKind? kind, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var count = errors.Count;
        var trimmed = code?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors["code"] = ["a code is required"];
        }
        else if (trimmed.Length > CodeLength)
        {
            errors["code"] = [$"the code has more than {CodeLength} characters"];
        }
        else if (await db.Units.AnyAsync(u => u.OrganisationId == organisationId && u.Code == trimmed && u.Id != self, ct))
        {
            errors["code"] = [$"another unit already has the code {trimmed}"];
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["a name is required"];
        }
        else if (name.Trim().Length > NameLength)
        {
            errors["name"] = [$"the name has more than {NameLength} characters"];
        }
        if (kind is null || !Enum.IsDefined(kind.Value))
        {
            errors["kind"] = [$"the kind must be one of {string.Join(", ", Enum.GetNames<UnitKind>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))}"];
        }
        return count == errors.Count && !string.IsNullOrEmpty(trimmed) && name is not null && kind is { } k ? new UnitFields(trimmed, name.Trim(), k) : null;
    }

    private sealed record UnitFields(string Code, string Name, UnitKind Kind);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static UnitDto ToDto(this Unit unit) => new(unit.Id, unit.ParentId, unit.Code, unit.Name, unit.Kind);
}
