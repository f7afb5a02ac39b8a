using Manyi.Analytics.Value;

namespace Manyi.Analytics.Tests.Value;

public class RetentionTests
{
    // A small cohort over periods 0…3 (active(c, p) = p ∈ ActivePeriods and p < LostPeriod):
    //   A {0,1,2,3}                  active 0 1 2 3
    //   B {0,1}                      active 0 1       (lost by an activity gap in 2)
    //   C {0,1,2,3}, LostPeriod 2    active 0 1       (churn event in 2)
    //   D {1,2,3}                    active   1 2 3   (new in 1)
    //   E {0,2,3}                    active 0   2 3   (lost in 1, returning in 2)
    //   F {3,7}                      active       3   (new in 3; 7 is outside the grid)
    //   G {0}, LostPeriod 0          never active
    // Period 0: active A B C E = 4; AtStart 0; Won 4; rates null.
    // Period 1: active A B C D = 4; AtStart (active in 0) = 4; Retained A B C = 3; Lost E = 1; Won D = 1; churn 1/4, retention 3/4.
    // Period 2: active A D E = 3; AtStart A B C D = 4; Retained A D = 2; Lost B C = 2; Won E = 1; churn 2/4, retention 2/4.
    // Period 3: active A D E F = 4; AtStart A D E = 3; Retained 3; Lost 0; Won F = 1; churn 0, retention 1.
    [Fact]
    public void ByPeriod_SmallCohort_MatchesHandComputation()
    {
        CustomerActivity[] customers =
        [
            new("A", new HashSet<int> { 0, 1, 2, 3 }),
            new("B", new HashSet<int> { 0, 1 }),
            new("C", new HashSet<int> { 0, 1, 2, 3 }, LostPeriod: 2),
            new("D", new HashSet<int> { 1, 2, 3 }),
            new("E", new HashSet<int> { 0, 2, 3 }),
            new("F", new HashSet<int> { 3, 7 }),
            new("G", new HashSet<int> { 0 }, LostPeriod: 0),
        ];

        var rows = Retention.ByPeriod(customers, 4);

        Assert.Equal(
            [
                new RetentionPeriod(0, 4, 0, 0, 0, 4, null, null),
                new RetentionPeriod(1, 4, 4, 3, 1, 1, 0.25, 0.75),
                new RetentionPeriod(2, 3, 4, 2, 2, 1, 0.5, 0.5),
                new RetentionPeriod(3, 4, 3, 3, 0, 1, 0, 1),
            ],
            rows);
    }

    [Fact]
    public void ByPeriod_ZeroPeriods_GivesNoRows() => Assert.Empty(Retention.ByPeriod([new("A", new HashSet<int> { 0 })], 0));

    [Fact]
    public void ByPeriod_BadInput_IsRefused()
    {
        Assert.Equal("periods", Assert.Throws<ArgumentException>(() => Retention.ByPeriod([], -1)).ParamName);
        Assert.Equal("customers", Assert.Throws<ArgumentException>(
            () => Retention.ByPeriod([new("A", new HashSet<int>()), new("A", new HashSet<int>())], 2)).ParamName);
    }
}
