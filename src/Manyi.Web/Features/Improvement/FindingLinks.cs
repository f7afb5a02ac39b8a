namespace Manyi.Web.Features.Improvement;

/// <summary>Links from a finding to the pages that act on it.</summary>
public static class FindingLinks
{
    /// <summary>The new-action page pre-filled from a finding: <c>/improvement/actions/new?waveId=…&amp;finding=…</c> (and the
    /// unit the finding was computed for, when any).</summary>
    public static string CreateAction(Guid waveId, string key, Guid? unitId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var query = QueryString.Create(new[]
        {
            new KeyValuePair<string, string?>("waveId", waveId.ToString()), new("finding", key), new("unitId", unitId?.ToString()),
        }.Where(p => p.Value is not null));
        return "/improvement/actions/new" + query.ToUriComponent();
    }
}
