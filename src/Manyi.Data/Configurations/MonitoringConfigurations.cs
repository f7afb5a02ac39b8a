using Manyi.Core.Cases;
using Manyi.Core.Customers;
using Manyi.Core.Monitoring;
using Manyi.Core.Organisations;
using Manyi.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class ServiceProjectConfiguration : IEntityTypeConfiguration<ServiceProject>
{
    public void Configure(EntityTypeBuilder<ServiceProject> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.TemplateKey).HasMaxLength(64);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.BaselineSource).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.BaselineNote).HasMaxLength(500);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.OrganisationId, p.UnitId, p.Status });
        builder.HasIndex(p => new { p.OrganisationId, p.CustomerId });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectStageConfiguration : IEntityTypeConfiguration<ProjectStage>
{
    public void Configure(EntityTypeBuilder<ProjectStage> builder)
    {
        builder.Property(s => s.Key).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Factors).HasJsonConversion();
        builder.Property(s => s.Weights).HasJsonConversion();
        builder.Property(s => s.ActualNote).HasMaxLength(500);
        builder.Property(s => s.Note).HasMaxLength(8000);
        builder.HasIndex(s => new { s.ProjectId, s.Index }).IsUnique();
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonitoringReadingConfiguration : IEntityTypeConfiguration<MonitoringReading>
{
    public void Configure(EntityTypeBuilder<MonitoringReading> builder)
    {
        builder.Property(r => r.FactorKey).HasMaxLength(64);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ExternalKey).HasMaxLength(200);
        builder.Property(r => r.Note).HasMaxLength(2000);
        builder.HasIndex(r => new { r.ProjectId, r.ObservedAt });
        builder.HasIndex(r => new { r.ProjectId, r.ExternalKey }).IsUnique();
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectStage>().WithMany().HasForeignKey(r => r.StageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectEstimateConfiguration : IEntityTypeConfiguration<ProjectEstimate>
{
    public void Configure(EntityTypeBuilder<ProjectEstimate> builder)
    {
        builder.HasIndex(e => new { e.ProjectId, e.At });
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectStage>().WithMany().HasForeignKey(e => e.StageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MonitoringAlertConfiguration : IEntityTypeConfiguration<MonitoringAlert>
{
    public void Configure(EntityTypeBuilder<MonitoringAlert> builder)
    {
        builder.Property(a => a.Causes).HasJsonConversion();
        builder.HasIndex(a => new { a.ProjectId, a.OpenedAt });
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectStage>().WithMany().HasForeignKey(a => a.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CalibrationPairConfiguration : IEntityTypeConfiguration<CalibrationPair>
{
    public void Configure(EntityTypeBuilder<CalibrationPair> builder)
    {
        builder.Property(p => p.Scores).HasJsonConversion();
        builder.HasIndex(p => new { p.ProjectId, p.At });
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectStage>().WithMany().HasForeignKey(p => p.StageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StageCorrectionConfiguration : IEntityTypeConfiguration<StageCorrection>
{
    public void Configure(EntityTypeBuilder<StageCorrection> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.WeightsBefore).HasJsonConversion();
        builder.Property(c => c.WeightsAfter).HasJsonConversion();
        builder.HasIndex(c => new { c.ProjectId, c.At });
        builder.HasOne<ServiceProject>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectStage>().WithMany().HasForeignKey(c => c.StageId).OnDelete(DeleteBehavior.Restrict);
    }
}
