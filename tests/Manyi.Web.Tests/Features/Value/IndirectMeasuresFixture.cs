using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Value;

/// <summary>One app per provider shared by the indirect-measure and customer-value tests; each test makes its own units and customers
/// and uses its own years, so the organisation-wide K computation of one test sees no figure of another.</summary>
public sealed class IndirectMeasuresFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class IndirectMeasuresGroup : ICollectionFixture<IndirectMeasuresFixture>
{
    public const string Name = "indirect-measures";
}
