using Manyi.Core.Cases;
using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Jobs;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Channel).HasMaxLength(16);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Subject).HasMaxLength(300);
        builder.Property(c => c.Description).HasMaxLength(8000);
        builder.Property(c => c.ReceivedByName).HasMaxLength(200);
        builder.Property(c => c.ExternalKey).HasMaxLength(200);
        builder.Property(c => c.Resolution).HasMaxLength(8000);
        builder.Property(c => c.FollowUpToken).HasMaxLength(64);
        builder.Property(c => c.FollowUpMethod).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.FollowUpSatisfaction).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.FollowUpNote).HasMaxLength(4000);
        builder.Property(c => c.Checklist).HasJsonConversion();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.OrganisationId, c.Number }).IsUnique();
        builder.HasIndex(c => new { c.OrganisationId, c.ExternalKey }).IsUnique();
        // One case per survey answer, also when two instances scan the same responses.
        builder.HasIndex(c => c.ResponseId).IsUnique();
        builder.HasIndex(c => c.FollowUpToken).IsUnique();
        builder.HasIndex(c => new { c.OrganisationId, c.Status, c.ResolutionDueAt });
        builder.HasIndex(c => new { c.OrganisationId, c.OwnerId, c.Status });
        builder.HasIndex(c => new { c.OrganisationId, c.CustomerId, c.CategoryId, c.ReceivedAt });
        builder.HasIndex(c => new { c.OrganisationId, c.ReceivedAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CaseCategory>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RootCause>().WithMany().HasForeignKey(c => c.RootCauseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Response>().WithMany().HasForeignKey(c => c.ResponseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Wave>().WithMany().HasForeignKey(c => c.WaveId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SlaPolicy>().WithMany().HasForeignKey(c => c.SlaPolicyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(c => c.AlertRuleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.RepeatOfCaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.Property(e => e.Note).HasMaxLength(8000);
        builder.Property(e => e.Detail).HasJsonConversion();
        builder.HasIndex(e => new { e.CaseId, e.At });
        builder.HasIndex(e => new { e.OrganisationId, e.Kind, e.At });
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseCategoryConfiguration : IEntityTypeConfiguration<CaseCategory>
{
    public void Configure(EntityTypeBuilder<CaseCategory> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(100);
        builder.Property(c => c.NameZh).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(200);
        builder.HasIndex(c => new { c.OrganisationId, c.Code }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CaseCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RootCauseConfiguration : IEntityTypeConfiguration<RootCause>
{
    public void Configure(EntityTypeBuilder<RootCause> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Code).HasMaxLength(100);
        builder.Property(c => c.NameZh).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(200);
        builder.HasIndex(c => new { c.OrganisationId, c.Code }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<RootCause>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Priority).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(p => p.OrganisationId);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CaseCategory>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    public void Configure(EntityTypeBuilder<BusinessCalendar> builder)
    {
        builder.Property(c => c.Definition).HasJsonConversion();
        builder.HasIndex(c => c.OrganisationId).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EscalationLevelConfiguration : IEntityTypeConfiguration<EscalationLevel>
{
    public void Configure(EntityTypeBuilder<EscalationLevel> builder)
    {
        builder.Property(l => l.NameZh).HasMaxLength(200);
        builder.Property(l => l.NameEn).HasMaxLength(200);
        builder.Property(l => l.NotifyUserIds).HasJsonConversion();
        builder.HasIndex(l => new { l.OrganisationId, l.Level }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(l => l.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseSettingsConfiguration : IEntityTypeConfiguration<CaseSettings>
{
    public void Configure(EntityTypeBuilder<CaseSettings> builder)
    {
        builder.HasKey(s => s.OrganisationId);
        builder.Property(s => s.FollowUpMethod).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.QuestionCode).HasMaxLength(100);
        builder.Property(r => r.IndicatorCode).HasMaxLength(100);
        builder.Property(r => r.Priority).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Keywords).HasJsonConversion();
        builder.HasIndex(r => new { r.OrganisationId, r.Active });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Wave>().WithMany().HasForeignKey(r => r.WaveId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CaseCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.CaseNumber).HasMaxLength(32);
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
        builder.HasIndex(n => new { n.EmailedAt, n.EmailAttempts });
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ImprovementAction>().WithMany().HasForeignKey(n => n.ActionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(200);
        builder.Property(l => l.Cursor).HasMaxLength(200);
    }
}
