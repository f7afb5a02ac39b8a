using Manyi.Analytics.Pls;

namespace Manyi.Analytics.Tests.Pls;

public class PlsPathModelingTests
{
    // Orthogonal design used throughout (same rows as the key-driver hand computation):
    // x = (1, 1, −1, −1), m = (1, −1, 1, −1), y = (4, 2, 1, 1). Means 0, 0, 2; centred y = (2, 0, −1, −1), Σdy² = 6, Σdx² = Σdm² = 4,
    // Σdx·dy = 4, Σdm·dy = 2, Σdx·dm = 0 → r_xy = 4/√24 = 0.816497, r_my = 2/√24 = 0.408248, r_xm = 0.
    // OLS of standardised y on x and m: β = R_xx⁻¹·r_xy = r (R_xx = I), R² = r_xy² + r_my² = 16/24 + 4/24 = 5/6.
    private static readonly string[] Names = ["x", "m", "y"];

    private static double?[][] Columns(params double?[][] columns) => columns;

    private static readonly IReadOnlyList<IReadOnlyList<double?>> Orthogonal = Columns(
        [1, 1, -1, -1],
        [1, -1, 1, -1],
        [4, 2, 1, 1]);

    private static PlsPathModel OneIndicatorEach() => new(
        [new ConstructBlock("X", ["x"]), new ConstructBlock("M", ["m"]), new ConstructBlock("Y", ["y"])],
        [new StructuralPath("X", "Y"), new StructuralPath("M", "Y")]);

    [Fact]
    public void Estimate_OneIndicatorPerConstruct_PathsEqualOlsOfStandardisedVariables()
    {
        var result = PlsPathModeling.Estimate(OneIndicatorEach(), Names, Orthogonal);

        Assert.Equal(4 / Math.Sqrt(24), result.Paths.Single(p => p.From == "X").Coefficient, 1e-9);
        Assert.Equal(2 / Math.Sqrt(24), result.Paths.Single(p => p.From == "M").Coefficient, 1e-9);
        var y = result.Constructs.Single(c => c.Name == "Y");
        Assert.Equal(5.0 / 6, y.RSquared!.Value, 1e-9);
        // Adjusted R² = 1 − (1 − 5/6)·(n − 1)/(n − k − 1) = 1 − (1/6)·3/1 = 0.5.
        Assert.Equal(0.5, y.AdjustedRSquared!.Value, 1e-9);
        Assert.All(result.Outer, o => Assert.Equal(1, o.Loading, 1e-12));
        Assert.All(result.Outer, o => Assert.Equal(1, o.Weight, 1e-12));
        // Scores are the standardised variables: y's z-scores are (2, 0, −1, −1)/√(6/3) = (1.414214, 0, −0.707107, −0.707107).
        Assert.Equal(Math.Sqrt(2), result.Scores[0][2], 1e-9);
        Assert.Equal(-Math.Sqrt(0.5), result.Scores[3][2], 1e-9);
    }

    [Fact]
    public void Estimate_FormativeBlock_WeightsAreNormalisedRegressionCoefficients()
    {
        // Formative X = {x, m} → reflective Y = {y}. Mode B: w ∝ R_xx⁻¹·cov(x, proxy) and the proxy of X is ±Y, so the X score is
        // the normalised OLS fit of y: β = (0.816497, 0.408248), var(β'x) = β'β = 5/6, w = β/√(5/6) = (0.894427, 0.447214), and the
        // path X → Y is the multiple correlation √(5/6) = 0.912871.
        var model = new PlsPathModel(
            [new ConstructBlock("X", ["x", "m"], OuterMode.B), new ConstructBlock("Y", ["y"])],
            [new StructuralPath("X", "Y")]);

        var result = PlsPathModeling.Estimate(model, Names, Orthogonal);

        Assert.Equal(0.894427191, result.Outer.Single(o => o.Indicator == "x").Weight, 1e-8);
        Assert.Equal(0.447213595, result.Outer.Single(o => o.Indicator == "m").Weight, 1e-8);
        Assert.Equal(Math.Sqrt(5.0 / 6), result.Paths[0].Coefficient, 1e-8);
    }

    [Fact]
    public void Estimate_ListwiseDeletion_ReportsRowsDropped()
    {
        var columns = Columns([1, 1, -1, -1, 3], [1, -1, 1, -1, null], [4, 2, 1, 1, 9]);

        var listwise = PlsPathModeling.Estimate(OneIndicatorEach(), Names, columns);
        var mean = PlsPathModeling.Estimate(OneIndicatorEach(), Names, columns, new PlsOptions { Missing = MissingDataTreatment.Mean });

        Assert.Equal(4, listwise.N);
        Assert.Equal(1, listwise.RowsDropped);
        Assert.Equal(4 / Math.Sqrt(24), listwise.Paths[0].Coefficient, 1e-9);
        Assert.Equal(5, mean.N);
        Assert.Equal(0, mean.RowsDropped);
        Assert.Equal(1, mean.Imputed);
    }

    [Fact]
    public void CronbachsAlpha_ThreeStandardisedItems_HandComputed()
    {
        // Off-diagonal r = 0.5, 0.4, 0.3: Σ_ab R_ab = 3 + 2·1.2 = 5.4; α = 3/2·(1 − 3/5.4) = 1.5·0.444444 = 0.666667.
        double[,] r = { { 1, 0.5, 0.4 }, { 0.5, 1, 0.3 }, { 0.4, 0.3, 1 } };

        Assert.Equal(2.0 / 3, PlsPathModeling.CronbachsAlpha(r)!.Value, 1e-12);
        Assert.Null(PlsPathModeling.CronbachsAlpha(new double[,] { { 1 } }));
    }

    [Fact]
    public void CompositeReliabilityAndAve_GivenLoadings_HandComputed()
    {
        // λ = 0.8, 0.7, 0.6: Σλ = 2.1, (Σλ)² = 4.41, Σ(1 − λ²) = 0.36 + 0.51 + 0.64 = 1.51, ρ_c = 4.41/5.92 = 0.744932;
        // AVE = (0.64 + 0.49 + 0.36)/3 = 0.496667.
        double[] loadings = [0.8, 0.7, 0.6];

        Assert.Equal(4.41 / 5.92, PlsPathModeling.CompositeReliability(loadings), 1e-12);
        Assert.Equal(1.49 / 3, PlsPathModeling.AverageVarianceExtracted(loadings), 1e-12);
    }

    [Fact]
    public void HeterotraitMonotraitRatio_TwoBlocks_HandComputed()
    {
        // Blocks {0, 1} and {2, 3}: within r01 = 0.6, r23 = 0.5; between 0.3, 0.2, 0.4, 0.1 → mean 0.25;
        // HTMT = 0.25/√(0.6·0.5) = 0.25/0.547723 = 0.456435.
        double[,] r =
        {
            { 1, 0.6, 0.3, 0.2 },
            { 0.6, 1, 0.4, 0.1 },
            { 0.3, 0.4, 1, 0.5 },
            { 0.2, 0.1, 0.5, 1 },
        };

        Assert.Equal(0.25 / Math.Sqrt(0.3), PlsPathModeling.HeterotraitMonotraitRatio(r, [0, 1], [2, 3])!.Value, 1e-12);
        // A one-indicator block counts 1 within: between {0} and {2, 3} mean (0.3 + 0.2)/2 = 0.25, HTMT = 0.25/√(1·0.5) = 0.353553.
        Assert.Equal(0.25 / Math.Sqrt(0.5), PlsPathModeling.HeterotraitMonotraitRatio(r, [0], [2, 3])!.Value, 1e-12);
    }

    [Fact]
    public void SatisfactionIndex_UnstandardisedWeights_HandComputed()
    {
        // Standardised weights 0.6, 0.5; SDs 2, 1 → w̃ = 0.3, 0.5, Σw̃ = 0.8; means 7, 8 → Σw̃·x̄ = 2.1 + 4.0 = 6.1; scale 1–10:
        // index = 100·(6.1 − 0.8·1)/(0.8·9) = 100·5.3/7.2 = 73.611111.
        Assert.Equal(530 / 7.2, PlsPathModeling.SatisfactionIndex([0.6, 0.5], [2, 1], [7, 8], 1, 10)!.Value, 1e-9);
        Assert.Null(PlsPathModeling.SatisfactionIndex([-0.6, 0.1], [1, 1], [7, 8], 1, 10));
    }

    [Fact]
    public void TotalEffects_Chain_AddsIndirectProducts()
    {
        // a → b 0.5, b → c 0.4, a → c 0.2: total a → c = 0.2 + 0.5·0.4 = 0.4; a → b and b → c stay direct.
        double[,] direct = { { 0, 0.5, 0.2 }, { 0, 0, 0.4 }, { 0, 0, 0 } };

        var total = PlsPathModeling.TotalEffects(direct);

        Assert.Equal(0.4, total[0, 2], 1e-12);
        Assert.Equal(0.5, total[0, 1], 1e-12);
        Assert.Equal(0.4, total[1, 2], 1e-12);
    }

    [Fact]
    public void Quantile_Type7_InterpolatesBetweenOrderStatistics()
    {
        // Hyndman and Fan type 7: h = (n − 1)·q = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75.
        Assert.Equal(1.75, PlsPathModeling.Quantile([1, 2, 3, 4], 0.25), 1e-12);
        Assert.Equal(4, PlsPathModeling.Quantile([1, 2, 3, 4], 1), 1e-12);
    }

    [Fact]
    public void Estimate_ReversedBlock_SignFixedLoadingsPositiveAndPathFlips()
    {
        // Negating every Image indicator negates the Image score; sign fixing keeps its loadings positive (equal to the originals),
        // so Image → Expectation becomes −0.50491393 (SmartPLS 2.0.M3 value from semPLS's pathWeighting/pathCoefficients.txt, negated).
        var columns = MobiData.Names
            .Select((name, c) => name.StartsWith("IMAG", StringComparison.Ordinal)
                ? MobiData.Columns[c].Select(v => -v).ToList()
                : MobiData.Columns[c])
            .ToList();

        var result = PlsPathModeling.Estimate(SatisfactionIndexModels.Ecsi.Resolve(MobiData.Names), MobiData.Names, columns);

        Assert.Equal(-0.50491393, result.Paths.Single(p => p.From == "Image" && p.To == "Expectation").Coefficient, 5e-4);
        Assert.Equal(0.74520807, result.Outer.Single(o => o.Indicator == "IMAG1").Loading, 5e-4);
    }

    [Fact]
    public void Estimate_Bootstrap_SameSeedSameNumbersOnOneAndTwoCores()
    {
        var model = SatisfactionIndexModels.Ecsi.Resolve(MobiData.Names);
        PlsPathModelResult Run(int cores, int seed) => PlsPathModeling.Estimate(
            model, MobiData.Names, MobiData.Columns, null,
            new PlsBootstrapOptions { Resamples = 200, Seed = seed, MaxDegreeOfParallelism = cores });

        var one = Run(1, 7);
        var two = Run(2, 7);
        var other = Run(2, 8);

        Assert.Equal(0, one.Bootstrap!.Failed);
        Assert.Equal(
            one.Paths.Select(p => (p.Bootstrap!.StandardError, p.Bootstrap.CiLow, p.Bootstrap.CiHigh)),
            two.Paths.Select(p => (p.Bootstrap!.StandardError, p.Bootstrap.CiLow, p.Bootstrap.CiHigh)));
        Assert.Equal(
            one.Outer.Select(o => (o.LoadingBootstrap!.StandardError, o.WeightBootstrap!.CiHigh)),
            two.Outer.Select(o => (o.LoadingBootstrap!.StandardError, o.WeightBootstrap!.CiHigh)));
        Assert.NotEqual(one.Paths[0].Bootstrap!.StandardError, other.Paths[0].Bootstrap!.StandardError);
        Assert.All(one.Paths, p =>
        {
            Assert.True(p.Bootstrap!.StandardError > 0);
            Assert.Equal(p.Coefficient / p.Bootstrap.StandardError, p.Bootstrap.T!.Value, 1e-12);
            Assert.True(p.Bootstrap.CiLow <= p.Bootstrap.CiHigh);
        });
    }

    [Fact]
    public void Estimate_IterationLimitReached_ThrowsClearMessage()
    {
        var model = SatisfactionIndexModels.Ecsi.Resolve(MobiData.Names);

        var error = Assert.Throws<InvalidOperationException>(() =>
            PlsPathModeling.Estimate(model, MobiData.Names, MobiData.Columns, new PlsOptions { MaxIterations = 1 }));

        Assert.Contains("did not converge within 1 iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Cycle_NamesTheCycle()
    {
        var model = new PlsPathModel(
            [new ConstructBlock("A", ["x"]), new ConstructBlock("B", ["m"]), new ConstructBlock("C", ["y"])],
            [new StructuralPath("A", "B"), new StructuralPath("B", "C"), new StructuralPath("C", "A")]);

        var error = Assert.Throws<ArgumentException>(model.Validate);

        Assert.Contains("the paths form a cycle: A → B → C → A", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "construct 'M' has no indicators (empty block)")]
    [InlineData("twice", "indicator 'x' is in both 'X' and 'M'")]
    [InlineData("unknown", "path 'X' → 'Z' names unknown construct 'Z'")]
    [InlineData("isolated", "construct 'M' has no path to or from another construct")]
    public void Validate_BadModel_ExplainsProblem(string problem, string message)
    {
        var model = problem switch
        {
            "empty" => new PlsPathModel([new ConstructBlock("X", ["x"]), new ConstructBlock("M", [])], [new StructuralPath("X", "M")]),
            "twice" => new PlsPathModel([new ConstructBlock("X", ["x"]), new ConstructBlock("M", ["x"])], [new StructuralPath("X", "M")]),
            "unknown" => new PlsPathModel([new ConstructBlock("X", ["x"]), new ConstructBlock("M", ["m"])], [new StructuralPath("X", "Z")]),
            _ => new PlsPathModel(
                [new ConstructBlock("X", ["x"]), new ConstructBlock("M", ["m"]), new ConstructBlock("Y", ["y"])],
                [new StructuralPath("X", "Y")]),
        };

        var error = Assert.Throws<ArgumentException>(model.Validate);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UnknownIndicatorColumn_NamesIt()
    {
        var model = new PlsPathModel([new ConstructBlock("X", ["x"]), new ConstructBlock("Y", ["q"])], [new StructuralPath("X", "Y")]);

        var error = Assert.Throws<ArgumentException>(() => PlsPathModeling.Estimate(model, Names, Orthogonal));

        Assert.Contains("indicator 'q' is not one of the data's columns (x, m, y)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ReadyModelWithoutItsColumns_SaysWhichColumnsItExpects()
    {
        var error = Assert.Throws<ArgumentException>(() => SatisfactionIndexModels.Acsi.Resolve(["CUEX1", "PERQ1", "PERV1", "CUSA1", "CUSCO"]));

        Assert.Contains("construct 'Loyalty' expects columns named CUSL1, CUSL2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Ecsi_TakesMobiColumnsInNumberOrder()
    {
        var model = SatisfactionIndexModels.Ecsi.Resolve(["IMAG2", "IMAG10", "IMAG1", "CUEX1", "PERQ1", "PERV1", "CUSA1", "CUSCO", "CUSL1", "other"]);

        Assert.Equal(["IMAG1", "IMAG2", "IMAG10"], model.Constructs[0].Indicators);
        Assert.Equal(["CUSCO"], model.Constructs.Single(c => c.Name == "Complaints").Indicators);
        Assert.Equal(12, model.Paths.Count);
    }
}
