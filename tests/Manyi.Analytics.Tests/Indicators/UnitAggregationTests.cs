using Manyi.Analytics.Indicators;

namespace Manyi.Analytics.Tests.Indicators;

public class UnitAggregationTests
{
    private static OrganisationUnit[] Company() =>
    [
        new("company", null, null, 0, null),
        new("north", "company", null, 0, 0.5),
        new("south", "company", null, 0, 0.5),
        new("b1", "north", 80, 30, 0.5),
        new("b2", "north", 60, 10, 0.5),
        new("b3", "south", 70, 20, 1),
    ];

    [Fact]
    public void Aggregate_ByRespondents_PooledMeans()
    {
        // Hand computation: north = (30·80 + 10·60)/40 = 3000/40 = 75; south = 70;
        // company = (40·75 + 20·70)/60 = 4400/60 = 73.333…, the same as pooling all 60 respondents.
        var r = UnitAggregation.Aggregate(Company(), UnitWeighting.Respondents);
        Assert.Equal(75, r.Single(u => u.Name == "north").Index!.Value, 1e-9);
        Assert.Equal(40, r.Single(u => u.Name == "north").Respondents);
        Assert.Equal(4400.0 / 60, r.Single(u => u.Name == "company").Index!.Value, 1e-9);
        Assert.Equal(60, r.Single(u => u.Name == "company").Respondents);
    }

    [Fact]
    public void Aggregate_Configured_UsesSiblingWeights()
    {
        // Hand computation: north = 0.5·80 + 0.5·60 = 70; south = 70; company = 0.5·70 + 0.5·70 = 70.
        var r = UnitAggregation.Aggregate(Company(), UnitWeighting.Configured);
        Assert.Equal(70, r.Single(u => u.Name == "company").Index!.Value, 1e-9);
    }

    [Fact]
    public void Aggregate_IndexOnParent_Throws()
    {
        var units = Company();
        units[1] = units[1] with { Index = 50 };
        var e = Assert.Throws<ArgumentException>(() => UnitAggregation.Aggregate(units, UnitWeighting.Respondents));
        Assert.Contains("'north' has sub-units", e.Message, StringComparison.Ordinal);
    }
}
