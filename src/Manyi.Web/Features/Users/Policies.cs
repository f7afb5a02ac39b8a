using Manyi.Core.Users;

namespace Manyi.Web.Features.Users;

/// <summary>
/// Authorization policies of the API and the pages (product.md M12). Each endpoint names one; the role/scope matrix test
/// walks every endpoint as every role. API keys satisfy a policy when they hold its scope.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user or API key of the organisation: read data within the unit scope.</summary>
    public const string ReadData = "read-data";

    /// <summary>Create and edit customers (administrator, analyst, unit manager within its units).</summary>
    public const string WriteCustomers = "write-customers";

    /// <summary>Export personal data (administrator, analyst); every export is audited.</summary>
    public const string ExportData = "export-data";

    /// <summary>Users, roles, units, API keys, audit log (administrator).</summary>
    public const string Administer = "administer";

    /// <summary>Indicator systems, questionnaires, waves, invitations and collection points (administrator, analyst).</summary>
    public const string DesignSurveys = "design-surveys";

    /// <summary>Hand in answers gathered elsewhere: transactional API, kiosk transactions, response import (staff roles; API keys of other systems).</summary>
    public const string SubmitResponses = "submit-responses";

    /// <summary>Record contacts with customers in the contact log (staff who talk to customers).</summary>
    public const string RecordContacts = "record-contacts";

    /// <summary>Receive and work cases: create, hand over, tick the checklist, resolve, record follow-ups (staff who handle complaints).</summary>
    public const string HandleCases = "handle-cases";

    /// <summary>Case categories, root causes, SLA policies, the business calendar, escalation levels and case settings (administrator).</summary>
    public const string ConfigureCases = "configure-cases";

    /// <summary>The roles that pass each policy; API keys pass with the scope of the same name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesFor { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [ReadData] = Roles.All,
        [WriteCustomers] = [Roles.Administrator, Roles.Analyst, Roles.UnitManager],
        [ExportData] = [Roles.Administrator, Roles.Analyst],
        [Administer] = [Roles.Administrator],
        [DesignSurveys] = [Roles.Administrator, Roles.Analyst],
        [SubmitResponses] = [Roles.Administrator, Roles.Analyst, Roles.CaseHandler, Roles.UnitManager],
        [RecordContacts] = [Roles.Administrator, Roles.Analyst, Roles.CaseHandler, Roles.UnitManager],
        [HandleCases] = [Roles.Administrator, Roles.CaseHandler, Roles.UnitManager],
        [ConfigureCases] = [Roles.Administrator],
    };
}
