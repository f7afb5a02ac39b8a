using Manyi.Core.Cases;

namespace Manyi.Core.Tests.Cases;

public sealed class SlaPolicyTests
{
    [Fact]
    public void Choose_PrefersTheNearestCategory_ThenTheNamedPriority()
    {
        Guid root = Guid.NewGuid(), child = Guid.NewGuid();
        SlaPolicy P(string name, Guid? category, CasePriority? priority, bool active = true) =>
            new() { Id = Guid.NewGuid(), Name = name, CategoryId = category, Priority = priority, Active = active, FirstResponseMinutes = 1, ResolutionMinutes = 2 };
        var all = new[] { P("any", null, null), P("root", root, null), P("root-urgent", root, CasePriority.Urgent), P("child-off", child, null, active: false) };
        Assert.Equal("root-urgent", SlaPolicy.Choose(all, [child, root], CasePriority.Urgent)!.Name);
        Assert.Equal("root", SlaPolicy.Choose(all, [child, root], CasePriority.Normal)!.Name);
        Assert.Equal("any", SlaPolicy.Choose(all, [], CasePriority.Normal)!.Name);
        Assert.Null(SlaPolicy.Choose(all.Skip(1), [], CasePriority.Normal));
    }
}
