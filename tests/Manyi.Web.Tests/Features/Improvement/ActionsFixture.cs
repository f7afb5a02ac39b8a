using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>One app per provider shared by the improvement action tests (<see cref="SharedApps"/>).</summary>
public sealed class ActionsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class ActionsGroup : ICollectionFixture<ActionsFixture>
{
    public const string Name = "improvement-actions";
}
