using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Manyi.Analytics.Pls;
using MathNet.Numerics.LinearAlgebra;

namespace Manyi.Analytics.Tests.Pls;

public class PlsPropertyTests
{
    private static readonly PlsPathModel Chain = new(
        [new ConstructBlock("X", ["x"]), new ConstructBlock("M", ["m"]), new ConstructBlock("Y", ["y"])],
        [new StructuralPath("X", "M"), new StructuralPath("X", "Y"), new StructuralPath("M", "Y")]);

    /// <summary>12 rows of three variables from arbitrary integers, made to vary (row index terms) so that none is constant.</summary>
    private static double?[][] Data(int[] raw)
    {
        double At(int i) => raw.Length == 0 ? 0 : raw[i % raw.Length] % 7;
        var x = Enumerable.Range(0, 12).Select(i => (double?)(At(i) + i)).ToArray();
        var m = Enumerable.Range(0, 12).Select(i => (double?)(At(i + 3) - (i % 4) + (0.5 * x[i]!.Value))).ToArray();
        var y = Enumerable.Range(0, 12).Select(i => (double?)(At(i + 7) + (i % 3) + m[i]!.Value)).ToArray();
        return [x, m, y];
    }

    private static double[] Standardised(double?[] column)
    {
        var values = column.Select(v => v!.Value).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return values.Select(v => (v - mean) / sd).ToArray();
    }

    [Property]
    public bool Estimate_OneIndicatorPerConstruct_EqualsQrLeastSquares(int[] raw)
    {
        // The independent route: least squares by QR decomposition on the standardised data rows (MathNet), not on correlations.
        var data = Data(raw);
        var result = PlsPathModeling.Estimate(Chain, ["x", "m", "y"], data);
        var x = Standardised(data[0]);
        var m = Standardised(data[1]);
        var y = Standardised(data[2]);
        var design = Matrix<double>.Build.DenseOfColumnArrays(x, m);
        var beta = design.QR().Solve(Vector<double>.Build.DenseOfArray(y));
        var xm = Matrix<double>.Build.DenseOfColumnArrays(x).QR().Solve(Vector<double>.Build.DenseOfArray(m))[0];

        double Path(string from, string to) => result.Paths.Single(p => p.From == from && p.To == to).Coefficient;
        return Math.Abs(Path("X", "Y") - beta[0]) < 1e-9 && Math.Abs(Path("M", "Y") - beta[1]) < 1e-9 && Math.Abs(Path("X", "M") - xm) < 1e-9;
    }

    [Property]
    public Property Estimate_PositiveLinearRescaling_KeepsPathsAndLoadings(int[] raw, PositiveInt slope, int offset)
    {
        // Indicators are standardised first, so x → a·x + b (a > 0) changes nothing but the index.
        var data = Data(raw);
        var a = 1 + (slope.Get % 9);
        var b = offset % 100;
        var scaled = data.Select(c => c.Select(v => (double?)((a * v!.Value) + b)).ToArray()).ToArray();
        var original = PlsPathModeling.Estimate(Chain, ["x", "m", "y"], data);
        var rescaled = PlsPathModeling.Estimate(Chain, ["x", "m", "y"], scaled);

        return original.Paths.Zip(rescaled.Paths, (p, q) => Math.Abs(p.Coefficient - q.Coefficient) < 1e-9)
            .Concat(original.Outer.Zip(rescaled.Outer, (p, q) => Math.Abs(p.Loading - q.Loading) < 1e-9))
            .All(ok => ok)
            .ToProperty();
    }
}
