using Manyi.Core.Collection;
using Manyi.Core.Customers;
using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class WaveConfiguration : IEntityTypeConfiguration<Wave>
{
    public void Configure(EntityTypeBuilder<Wave> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(200);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(w => w.SamplePlan).HasJsonConversion();
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasIndex(w => new { w.OrganisationId, w.Status });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(w => w.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(w => w.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(w => w.QuestionnaireId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(w => w.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CollectionPointConfiguration : IEntityTypeConfiguration<CollectionPoint>
{
    public void Configure(EntityTypeBuilder<CollectionPoint> builder)
    {
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Token).HasMaxLength(64);
        builder.Property(p => p.Counter).HasMaxLength(50);
        builder.HasIndex(p => p.Token).IsUnique();
        builder.HasIndex(p => p.WaveId);
        builder.HasOne<Wave>().WithMany().HasForeignKey(p => p.WaveId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Token).HasMaxLength(64);
        builder.Property(i => i.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.FailureReason).HasMaxLength(500);
        builder.HasIndex(i => i.Token).IsUnique();
        builder.HasIndex(i => new { i.WaveId, i.CustomerId }).IsUnique();
        builder.HasIndex(i => new { i.OrganisationId, i.CustomerId, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.WaveId });
        builder.HasOne<Wave>().WithMany().HasForeignKey(i => i.WaveId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResponseConfiguration : IEntityTypeConfiguration<Response>
{
    public void Configure(EntityTypeBuilder<Response> builder)
    {
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(200);
        builder.Property(r => r.ExternalReference).HasMaxLength(200);
        builder.Property(r => r.Language).HasMaxLength(10);
        builder.Property(r => r.ClientHash).HasMaxLength(64);
        builder.Property(r => r.SuspectedDuplicate).HasMaxLength(200);
        builder.Property(r => r.Answers).HasJsonDictionaryConversion();
        // The database, not a check-then-insert, guarantees one response per key, also under concurrent resubmissions.
        builder.HasIndex(r => new { r.WaveId, r.IdempotencyKey }).IsUnique();
        builder.HasIndex(r => new { r.WaveId, r.Status, r.SubmittedAt });
        // Also answers the customer portfolio's "latest complete response per customer" from the index alone (one seek per customer).
        builder.HasIndex(r => new { r.OrganisationId, r.CustomerId, r.Status, r.SubmittedAt, r.Id });
        builder.HasIndex(r => new { r.CollectionPointId, r.ClientHash });
        builder.HasOne<Wave>().WithMany().HasForeignKey(r => r.WaveId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<QuestionnaireVersion>().WithMany().HasForeignKey(r => r.QuestionnaireVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Channel).HasMaxLength(32);
        builder.Property(c => c.ReasonCode).HasMaxLength(64);
        builder.Property(c => c.Note).HasMaxLength(2000);
        builder.HasIndex(c => new { c.OrganisationId, c.OccurredAt });
        builder.HasIndex(c => new { c.CustomerId, c.OccurredAt });
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContactReasonConfiguration : IEntityTypeConfiguration<ContactReason>
{
    public void Configure(EntityTypeBuilder<ContactReason> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(64);
        builder.Property(r => r.NameZh).HasMaxLength(100);
        builder.Property(r => r.NameEn).HasMaxLength(100);
        builder.HasIndex(r => new { r.OrganisationId, r.Code }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
