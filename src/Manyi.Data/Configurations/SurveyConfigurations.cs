using Manyi.Core.Organisations;
using Manyi.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Manyi.Data.Configurations;

internal sealed class IndicatorSystemConfiguration : IEntityTypeConfiguration<IndicatorSystem>
{
    public void Configure(EntityTypeBuilder<IndicatorSystem> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.Definition).HasJsonConversion();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.OrganisationId, s.Name }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionnaireConfiguration : IEntityTypeConfiguration<Questionnaire>
{
    public void Configure(EntityTypeBuilder<Questionnaire> builder)
    {
        builder.Property(q => q.Name).HasMaxLength(200);
        builder.Property(q => q.TemplateKey).HasMaxLength(64);
        builder.HasIndex(q => new { q.OrganisationId, q.Name });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(q => q.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IndicatorSystem>().WithMany().HasForeignKey(q => q.IndicatorSystemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QuestionnaireVersionConfiguration : IEntityTypeConfiguration<QuestionnaireVersion>
{
    public void Configure(EntityTypeBuilder<QuestionnaireVersion> builder)
    {
        builder.Property(v => v.Definition).HasJsonConversion();
        builder.HasIndex(v => new { v.QuestionnaireId, v.Number }).IsUnique();
        builder.HasOne<Questionnaire>().WithMany().HasForeignKey(v => v.QuestionnaireId).OnDelete(DeleteBehavior.Cascade);
    }
}
