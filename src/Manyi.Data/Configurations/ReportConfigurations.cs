using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Reports;
using Manyi.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class ReportDefinitionConfiguration : IEntityTypeConfiguration<ReportDefinition>
{
    public void Configure(EntityTypeBuilder<ReportDefinition> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Format).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Frequency).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.DayOfWeek).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Segment).HasMaxLength(100);
        builder.Property(r => r.Culture).HasMaxLength(8);
        builder.Property(r => r.TimeZone).HasMaxLength(64);
        builder.Property(r => r.LastOutcome).HasMaxLength(500);
        builder.Property(r => r.Recipients).HasJsonConversion();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.OrganisationId, r.Name });
        // The scheduler's scan: enabled definitions by due time.
        builder.HasIndex(r => new { r.Enabled, r.NextRunAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ManyiUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CustomerMeasureConfiguration : IEntityTypeConfiguration<CustomerMeasure>
{
    public void Configure(EntityTypeBuilder<CustomerMeasure> builder)
    {
        builder.Property(m => m.Measure).HasMaxLength(64);
        builder.HasIndex(m => new { m.OrganisationId, m.CustomerId, m.Measure, m.PeriodStart }).IsUnique();
        // Covers the portfolio's reads of a measure over a period (whale and 80/20 curves, retention) without touching the table.
        builder.HasIndex(m => new { m.OrganisationId, m.Measure, m.PeriodStart, m.PeriodEnd, m.CustomerId, m.Value });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
