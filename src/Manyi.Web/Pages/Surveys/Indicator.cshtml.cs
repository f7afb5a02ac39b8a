using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary><c>/surveys/indicators/{id}</c>: an indicator system as an indented tree with weights and how each group was weighted.</summary>
[Authorize(Policy = Policies.ReadData)]
public sealed class IndicatorModel(ManyiDbContext db, CurrentUser user, IAuthorizationService authorization) : PageModel
{
    public IndicatorSystemDto System { get; private set; } = null!;

    /// <summary>The nodes in tree order with their depth (root = 0).</summary>
    public IReadOnlyList<(IndicatorNodeDefinition Node, int Depth, bool HasChildren)> Rows { get; private set; } = [];

    public bool CanDesign { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var system = await IndicatorSystemCommands.GetAsync(db, user, id, ct);
        if (system is null)
        {
            return NotFound();
        }
        System = system;
        Rows = TreeOrder(system.Definition);
        CanDesign = await SurveyPages.CanDesignAsync(authorization, User);
        return Page();
    }

    /// <summary>Depth-first order of the tree, children in definition order.</summary>
    public static IReadOnlyList<(IndicatorNodeDefinition Node, int Depth, bool HasChildren)> TreeOrder(IndicatorSystemDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rows = new List<(IndicatorNodeDefinition, int, bool)>();
        void Visit(IndicatorNodeDefinition node, int depth)
        {
            var children = QuestionnaireRules.Children(definition, node.Code);
            rows.Add((node, depth, children.Count > 0));
            if (depth < definition.Nodes.Count)
            {
                foreach (var child in children)
                {
                    Visit(child, depth + 1);
                }
            }
        }
        foreach (var root in definition.Nodes.Where(n => n.Parent is null))
        {
            Visit(root, 0);
        }
        return rows;
    }

    /// <summary>The derivation recorded for the children of <paramref name="parent"/>, if any.</summary>
    public WeightDerivation? DerivationOf(string parent) => System.Definition.Derivations.LastOrDefault(d => string.Equals(d.Parent, parent, StringComparison.Ordinal));
}
