using Manyi.Core.Audit;
using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Jobs;
using Manyi.Core.Monitoring;
using Manyi.Core.Organisations;
using Manyi.Core.Reports;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Manyi.Data;

/// <summary>
/// Manyi's database. The model is provider-neutral; <see cref="SqliteManyiDbContext"/> and <see cref="PostgresManyiDbContext"/>
/// carry one migration set each (Migrations/Sqlite, Migrations/Postgres), so each provider gets its own correct DDL.
/// </summary>
public abstract class ManyiDbContext(DbContextOptions options)
    : IdentityDbContext<ManyiUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<UserUnit> UserUnits => Set<UserUnit>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<IndicatorSystem> IndicatorSystems => Set<IndicatorSystem>();

    public DbSet<Questionnaire> Questionnaires => Set<Questionnaire>();

    public DbSet<QuestionnaireVersion> QuestionnaireVersions => Set<QuestionnaireVersion>();

    public DbSet<Wave> Waves => Set<Wave>();

    public DbSet<CollectionPoint> CollectionPoints => Set<CollectionPoint>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Response> Responses => Set<Response>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactReason> ContactReasons => Set<ContactReason>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseCategory> CaseCategories => Set<CaseCategory>();

    public DbSet<RootCause> RootCauses => Set<RootCause>();

    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();

    public DbSet<BusinessCalendar> BusinessCalendars => Set<BusinessCalendar>();

    public DbSet<EscalationLevel> EscalationLevels => Set<EscalationLevel>();

    public DbSet<CaseSettings> CaseSettings => Set<CaseSettings>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<JobLease> JobLeases => Set<JobLease>();

    public DbSet<ReportDefinition> ReportDefinitions => Set<ReportDefinition>();

    public DbSet<CustomerMeasure> CustomerMeasures => Set<CustomerMeasure>();

    public DbSet<ServiceProject> ServiceProjects => Set<ServiceProject>();

    public DbSet<ProjectStage> ProjectStages => Set<ProjectStage>();

    public DbSet<MonitoringReading> MonitoringReadings => Set<MonitoringReading>();

    public DbSet<ProjectEstimate> ProjectEstimates => Set<ProjectEstimate>();

    public DbSet<MonitoringAlert> MonitoringAlerts => Set<MonitoringAlert>();

    public DbSet<CalibrationPair> CalibrationPairs => Set<CalibrationPair>();

    public DbSet<StageCorrection> StageCorrections => Set<StageCorrection>();

    public DbSet<GroupMeasure> GroupMeasures => Set<GroupMeasure>();

    public DbSet<CustomerValuePolicy> CustomerValuePolicies => Set<CustomerValuePolicy>();

    public DbSet<Goal> Goals => Set<Goal>();

    public DbSet<ImprovementAction> ImprovementActions => Set<ImprovementAction>();

    public DbSet<ChangeNote> ChangeNotes => Set<ChangeNote>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ManyiDbContext).Assembly);
    }
}

/// <summary>The SQLite flavour (embedded default): DateTimeOffset stored as sortable binary ticks, which SQLite can order and compare.</summary>
public sealed class SqliteManyiDbContext(DbContextOptions<SqliteManyiDbContext> options) : ManyiDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

/// <summary>The PostgreSQL flavour (production).</summary>
public sealed class PostgresManyiDbContext(DbContextOptions<PostgresManyiDbContext> options) : ManyiDbContext(options);
