using Manyi.Core.Customers;
using Manyi.Core.Improvement;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Manyi.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class GroupMeasureConfiguration : IEntityTypeConfiguration<GroupMeasure>
{
    public void Configure(EntityTypeBuilder<GroupMeasure> builder)
    {
        builder.Property(m => m.Measure).HasMaxLength(64);
        builder.Property(m => m.Segment).HasMaxLength(100);
        builder.HasIndex(m => new { m.OrganisationId, m.Measure, m.UnitId, m.Segment, m.PeriodStart });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CustomerValuePolicyConfiguration : IEntityTypeConfiguration<CustomerValuePolicy>
{
    public void Configure(EntityTypeBuilder<CustomerValuePolicy> builder)
    {
        builder.Property(p => p.Basis).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.StandardValue).HasMaxLength(16);
        builder.Property(p => p.Tiers).HasJsonConversion();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.OrganisationId).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GoalConfiguration : IEntityTypeConfiguration<Goal>
{
    public void Configure(EntityTypeBuilder<Goal> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Indicator).HasMaxLength(IndicatorKey.MaxLength);
        builder.Property(g => g.Direction).HasConversion<string>().HasMaxLength(16);
        builder.Property(g => g.Note).HasMaxLength(2000);
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasIndex(g => new { g.OrganisationId, g.UnitId, g.PeriodEnd });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(g => g.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(g => g.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImprovementActionConfiguration : IEntityTypeConfiguration<ImprovementAction>
{
    public void Configure(EntityTypeBuilder<ImprovementAction> builder)
    {
        builder.Property(a => a.Number).HasMaxLength(32);
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.Description).HasMaxLength(4000);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Cost).HasPrecision(18, 2);
        builder.Property(a => a.FindingKey).HasMaxLength(300);
        builder.Property(a => a.FindingSummary).HasMaxLength(4000);
        builder.Property(a => a.Outcome).HasMaxLength(4000);
        builder.Property(a => a.Indicators).HasJsonConversion();
        builder.Property(a => a.Effect).HasJsonConversion();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.OrganisationId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.OrganisationId, a.UnitId, a.Status });
        // The reminder job's scan: open actions by deadline.
        builder.HasIndex(a => new { a.Status, a.Deadline });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(a => a.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChangeNoteConfiguration : IEntityTypeConfiguration<ChangeNote>
{
    public void Configure(EntityTypeBuilder<ChangeNote> builder)
    {
        builder.Property(n => n.YouSaid).HasJsonConversion();
        builder.Property(n => n.WeDid).HasJsonConversion();
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.HasIndex(n => new { n.OrganisationId, n.QuestionnaireId, n.PublishedAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(n => n.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ImprovementAction>().WithMany().HasForeignKey(n => n.ActionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(n => n.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
