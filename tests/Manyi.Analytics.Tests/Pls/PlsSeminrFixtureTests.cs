using Manyi.Analytics.Pls;

namespace Manyi.Analytics.Tests.Pls;

/// <summary>
/// The four-construct satisfaction model that the R package seminr uses in its own regression tests, on the mobi data:
/// Image (IMAG1–5), Expectation (CUEX1–3), Value (PERV1–2) → Satisfaction (CUSA1–3), all mode A composites, path weighting.
/// Expected values are seminr's published fixtures (github.com/sem-in-r/seminr, tests/fixtures/V_3_6_0/rsquared1.csv written by
/// tests/testthat/test-metric.R, and tests/fixtures/V_3_6_0/reliability.csv written by tests/testthat/test-summary.R with
/// <c>estimate_pls(mobi, mobi_mm, mobi_sm, inner_weights = path_weighting)</c>). They carry 15 decimals; the issue asks for
/// agreement to 3 decimals, so the tolerance is 5e-4.
/// </summary>
public class PlsSeminrFixtureTests
{
    private const double ThreeDecimals = 5e-4;

    private static readonly PlsPathModel Model = new(
        [
            new ConstructBlock("Image", ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"]),
            new ConstructBlock("Expectation", ["CUEX1", "CUEX2", "CUEX3"]),
            new ConstructBlock("Value", ["PERV1", "PERV2"]),
            new ConstructBlock("Satisfaction", ["CUSA1", "CUSA2", "CUSA3"]),
        ],
        [
            new StructuralPath("Image", "Satisfaction"),
            new StructuralPath("Expectation", "Satisfaction"),
            new StructuralPath("Value", "Satisfaction"),
        ]);

    private static PlsPathModelResult Fit() =>
        PlsPathModeling.Estimate(Model, MobiData.Names, MobiData.Columns, new PlsOptions { Scheme = InnerWeightingScheme.Path });

    private static ConstructEstimate Construct(PlsPathModelResult result, string name) => result.Constructs.Single(c => c.Name == name);

    // rsquared1.csv: "Rsq",0.590603320426892 / "AdjRsq",0.585610677993074 (Satisfaction).
    [Fact]
    public void Estimate_SeminrSatisfactionModel_RSquaredMatchesSeminrFixture()
    {
        var satisfaction = Construct(Fit(), "Satisfaction");

        Assert.Equal(0.590603320426892, satisfaction.RSquared!.Value, ThreeDecimals);
        Assert.Equal(0.585610677993074, satisfaction.AdjustedRSquared!.Value, ThreeDecimals);
    }

    // reliability.csv: alpha, rhoC, AVE per construct.
    public static TheoryData<string, double, double, double> Reliability => new()
    {
        { "Image", 0.722834595427083, 0.818325774056256, 0.477979834838268 },
        { "Expectation", 0.451902555978063, 0.733177801505283, 0.480507046633952 },
        { "Value", 0.823631979352573, 0.917897281748515, 0.84831067540365 },
        { "Satisfaction", 0.779195021918597, 0.871457927643628, 0.693363990925202 },
    };

    [Theory]
    [MemberData(nameof(Reliability))]
    public void Estimate_SeminrSatisfactionModel_ReliabilityMatchesSeminrFixture(string construct, double alpha, double rhoC, double ave)
    {
        var estimate = Construct(Fit(), construct);

        Assert.Equal(alpha, estimate.CronbachsAlpha!.Value, ThreeDecimals);
        Assert.Equal(rhoC, estimate.CompositeReliability, ThreeDecimals);
        Assert.Equal(ave, estimate.AverageVarianceExtracted, ThreeDecimals);
    }
}
