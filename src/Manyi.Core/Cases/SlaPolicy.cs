namespace Manyi.Core.Cases;

/// <summary>
/// Time limits for cases (限时办结, product.md M5): business minutes to the first response and to the resolution, for a category
/// (and its sub-categories) and/or a priority. The most specific active policy applies: see <see cref="Choose"/>.
/// </summary>
public sealed class SlaPolicy
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>The category the policy covers with all its sub-categories; null for every category.</summary>
    public Guid? CategoryId { get; set; }

    /// <summary>The priority the policy covers; null for every priority.</summary>
    public CasePriority? Priority { get; set; }

    /// <summary>Business minutes from receipt to the first response (contact with the customer).</summary>
    public int FirstResponseMinutes { get; set; }

    /// <summary>Business minutes from receipt to resolution, not counting time paused while waiting for the customer.</summary>
    public int ResolutionMinutes { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>
    /// The policy for a case: among active policies whose category is the case's category or one of its ancestors (or none) and
    /// whose priority is the case's (or none), the one with the nearest category wins, then the one naming the priority; null
    /// when none matches. <paramref name="categoryPath"/> lists the case's category first, then its parent, up to the root.
    /// </summary>
    public static SlaPolicy? Choose(IEnumerable<SlaPolicy> policies, IReadOnlyList<Guid> categoryPath, CasePriority priority)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(categoryPath);
        SlaPolicy? best = null;
        var bestRank = int.MaxValue;
        foreach (var policy in policies)
        {
            if (!policy.Active || (policy.Priority is { } p && p != priority))
            {
                continue;
            }
            int depth;
            if (policy.CategoryId is { } category)
            {
                depth = IndexOf(categoryPath, category);
                if (depth < 0)
                {
                    continue;
                }
            }
            else
            {
                depth = categoryPath.Count;
            }
            // Nearer category first; at equal category a policy naming the priority beats one for every priority.
            var rank = depth * 2 + (policy.Priority is null ? 1 : 0);
            if (rank < bestRank)
            {
                best = policy;
                bestRank = rank;
            }
        }
        return best;
    }

    private static int IndexOf(IReadOnlyList<Guid> path, Guid id)
    {
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i] == id)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>
/// One escalation level above the handler (问题提级, product.md M5), e.g. 1 = team lead, 2 = department head, 3 = executive. A case
/// at this level notifies these users (in the app and by e-mail) and, if set, the unit managers of the case's unit.
/// </summary>
public sealed class EscalationLevel
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>1, 2, 3…; level 0 is the handler who owns the case and has no row.</summary>
    public int Level { get; set; }

    public required string NameZh { get; set; }

    public string? NameEn { get; set; }

    public List<Guid> NotifyUserIds { get; set; } = [];

    public bool NotifyUnitManagers { get; set; }
}

/// <summary>How a case's follow-up (回访) is made after resolution.</summary>
public enum FollowUpMethod
{
    /// <summary>A short survey link sent to the customer's e-mail address (falls back to a call when the customer has none).</summary>
    Survey,

    /// <summary>A call made by staff, recorded on the case.</summary>
    Call,
}

/// <summary>The organisation's case settings (one row per organisation; defaults when there is none).</summary>
public sealed class CaseSettings
{
    public Guid OrganisationId { get; set; }

    /// <summary>A complaint by the same customer in the same category within this many days is a repeated complaint and starts one level up.</summary>
    public int RepeatWindowDays { get; set; } = 30;

    public FollowUpMethod FollowUpMethod { get; set; } = FollowUpMethod.Survey;

    /// <summary>Hours after resolution before the follow-up survey is sent (0 = at once).</summary>
    public int FollowUpDelayHours { get; set; }

    /// <summary>Days a resolved case waits for its follow-up before it closes by itself (0 = never).</summary>
    public int AutoCloseDays { get; set; } = 7;
}
