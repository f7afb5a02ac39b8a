using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Segment).HasMaxLength(100);
        builder.Property(c => c.Tier).HasMaxLength(50);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(50);
        builder.Property(c => c.Value).HasPrecision(18, 2);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Attributes).HasJsonDictionaryConversion();
        builder.HasIndex(c => new { c.OrganisationId, c.Code }).IsUnique();
        builder.HasIndex(c => new { c.OrganisationId, c.UnitId });
        builder.HasIndex(c => new { c.OrganisationId, c.Name });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
