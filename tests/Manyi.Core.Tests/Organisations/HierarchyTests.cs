using Manyi.Core.Organisations;

namespace Manyi.Core.Tests.Organisations;

/// <summary>Walking child → parent trees; the expected sets are read off the small trees drawn in each test.</summary>
public class HierarchyTests
{
    // company ─┬─ district A ─┬─ branch A1
    //          │              └─ branch A2
    //          └─ district B ─── branch B1
    private static readonly Guid Company = Guid.NewGuid(), A = Guid.NewGuid(), A1 = Guid.NewGuid(), A2 = Guid.NewGuid(), B = Guid.NewGuid(), B1 = Guid.NewGuid();

    private static readonly (Guid Id, Guid? ParentId)[] Tree =
        [(Company, null), (A, Company), (A1, A), (A2, A), (B, Company), (B1, B)];

    [Fact]
    public void Below_ADistrict_IsTheDistrictAndItsBranches()
    {
        Assert.Equal(new HashSet<Guid> { A, A1, A2 }, Hierarchy.Below([A], Tree));
        Assert.Equal(new HashSet<Guid> { A, A1, A2, B1 }, Hierarchy.Below([A, B1], Tree));
        Assert.Equal(6, Hierarchy.Below([Company], Tree).Count);
    }

    [Fact]
    public void Below_AnUnknownRoot_IsEmpty() => Assert.Empty(Hierarchy.Below([Guid.NewGuid()], Tree));

    [Fact]
    public void PathUp_ABranch_GoesToTheCompany_NearestFirst()
    {
        var parents = Tree.ToDictionary(n => n.Id, n => n.ParentId);
        Assert.Equal([A2, A, Company], Hierarchy.PathUp(A2, parents));
        Assert.Empty(Hierarchy.PathUp(null, parents));
        Assert.Empty(Hierarchy.PathUp(Guid.NewGuid(), parents));
    }

    [Fact]
    public void Walks_StopAtACycle()
    {
        // x → y → x: a damaged tree must not hang.
        Guid x = Guid.NewGuid(), y = Guid.NewGuid();
        (Guid, Guid?)[] cycle = [(x, y), (y, x)];
        Assert.Equal([x, y], Hierarchy.PathUp(x, cycle.ToDictionary(n => n.Item1, n => n.Item2)));
        Assert.Equal(new HashSet<Guid> { x, y }, Hierarchy.Below([x], cycle));
    }
}
