using Manyi.Web.Tests.Infrastructure;

namespace Manyi.Web.Tests.Features.Improvement;

/// <summary>One app per provider shared by the goal and change-note tests (<see cref="SharedApps"/>); each test makes its own units and questionnaires.</summary>
public sealed class GoalsFixture : SharedApps;

[CollectionDefinition(Name)]
public sealed class GoalsGroup : ICollectionFixture<GoalsFixture>
{
    public const string Name = "improvement-goals";
}
