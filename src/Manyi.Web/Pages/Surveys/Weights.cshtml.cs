using System.Globalization;
using Manyi.Core.Surveys;
using Manyi.Data;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Surveys;
using Manyi.Web.Features.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Manyi.Web.Pages.Surveys;

/// <summary>
/// <c>/surveys/indicators/{id}/weights?parent=</c>: sets the weights of one group of siblings, entered directly or from an AHP
/// pairwise comparison matrix (upper triangle; fractions such as 1/3 allowed; the lower triangle is the reciprocal). Shows the
/// consistency ratio, and the most inconsistent pair when CR ≥ 0.10 refuses the matrix.
/// </summary>
[Authorize(Policy = Policies.DesignSurveys)]
public sealed class WeightsModel(ManyiDbContext db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Parent { get; set; }

    [BindProperty]
    public string Method { get; set; } = "entered";

    /// <summary>Entered weights by child code (form fields <c>Weight[code]</c>).</summary>
    [BindProperty]
    public Dictionary<string, string> Weight { get; set; } = new(StringComparer.Ordinal);

    /// <summary>AHP judgements of the upper triangle (form fields <c>Judgement[i-j]</c>).</summary>
    [BindProperty]
    public Dictionary<string, string> Judgement { get; set; } = new(StringComparer.Ordinal);

    public IndicatorSystemDto System { get; private set; } = null!;

    public IReadOnlyList<IndicatorNodeDefinition> Children { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string[]>> Issues { get; private set; } = [];

    public WeightsResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        foreach (var child in Children)
        {
            Weight[child.Code] = child.Weight.ToString("0.####", CultureInfo.InvariantCulture);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var input = new WeightsInput { Parent = Parent, Method = Method };
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.Equals(Method, "ahp", StringComparison.Ordinal))
        {
            var n = Children.Count;
            var matrix = new double[n][];
            for (var i = 0; i < n; i++)
            {
                matrix[i] = new double[n];
                matrix[i][i] = 1;
            }
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var key = $"{i}-{j}";
                    if (ParseJudgement(Judgement.GetValueOrDefault(key)) is { } value)
                    {
                        matrix[i][j] = value;
                        matrix[j][i] = 1 / value;
                    }
                    else
                    {
                        problems[$"{Children[i].Code} / {Children[j].Code}"] = ["1/9 … 9"];
                    }
                }
            }
            input = input with { Matrix = matrix };
        }
        else
        {
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var child in Children)
            {
                if (double.TryParse(Weight.GetValueOrDefault(child.Code), NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
                {
                    weights[child.Code] = w;
                }
                else
                {
                    problems[child.Code] = ["0 … 1"];
                }
            }
            input = input with { Weights = weights };
        }
        if (problems.Count > 0)
        {
            Issues = [.. problems];
            return Page();
        }
        var result = await IndicatorSystemCommands.SetWeightsAsync(db, user, clock, id, null, input, ct);
        switch (result.Outcome)
        {
            case Outcome.NotFound:
                return NotFound();
            case Outcome.Ok:
                Result = result.Value;
                System = result.Value!.System;
                Children = QuestionnaireRules.Children(System.Definition, Parent!);
                return Page();
            default:
                Issues = [.. result.Errors];
                return Page();
        }
    }

    /// <summary>A judgement on Saaty's scale: a number or a fraction such as 1/3, positive.</summary>
    public static double? ParseJudgement(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        double value;
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var top) && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var bottom) && bottom != 0)
        {
            value = top / bottom;
        }
        else if (parts.Length != 1 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }
        return double.IsFinite(value) && value > 0 ? value : null;
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var system = await IndicatorSystemCommands.GetAsync(db, user, id, ct);
        if (system is null)
        {
            return false;
        }
        System = system;
        Parent ??= system.Definition.Nodes.FirstOrDefault(n => n.Parent is null)?.Code;
        Children = Parent is null ? [] : QuestionnaireRules.Children(system.Definition, Parent);
        return Children.Count > 0;
    }
}
