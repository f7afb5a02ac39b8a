using Manyi.Analytics.Monitoring;

namespace Manyi.Analytics.Tests.Monitoring;

/// <summary>
/// The three-stage worked example of docs/monitoring-model.md §9, replayed through the library: every number in the
/// document is the hand computation asserted here (tolerance 1e-9; the fitted weights are the fractions 248/649, 401/649).
/// Factors delivery (Milestones 0 → 0, 1 → 100) and pulse (1–5); B = 75, margin 10, h = 2, α = 0.5, g = 0.5.
/// </summary>
public class WorkedExampleTests
{
    private const double Tol = 1e-9;
    private const double Alpha = 0.5;

    private double? delivery;
    private double? pulse;
    private double baseline = 75;
    private double warning = 65;
    private double wDelivery = 0.6;
    private double wPulse = 0.4;
    private bool open;

    private double S() => ServiceMonitoring.Estimate(
    [
        new FactorState("delivery", wDelivery, baseline, delivery ?? baseline),
        new FactorState("pulse", wPulse, baseline, pulse ?? baseline),
    ]);

    private (double S, AlertTransition T) Delivery(double raw)
    {
        delivery = ServiceMonitoring.Smooth(delivery, ServiceMonitoring.Score(raw, 0, 1), Alpha);
        return Step();
    }

    private (double S, AlertTransition T) Pulse(double raw)
    {
        pulse = ServiceMonitoring.Smooth(pulse, ServiceMonitoring.Score(raw, 1, 5), Alpha);
        return Step();
    }

    private (double S, AlertTransition T) Step()
    {
        var s = S();
        var t = ServiceMonitoring.Alert(open, s, warning, 2);
        open = t is AlertTransition.Open or AlertTransition.Stay;
        return (s, t);
    }

    [Fact]
    public void ThreeStages_AsDocumented()
    {
        var pairs = new List<(double[] Scores, double Actual)>();

        // Stage 1: S = 75 at start; delivery 0.9 → 84; pulse 4 → 84.
        Assert.Equal(75, S(), Tol);
        Assert.Equal(84, Delivery(0.9).S, Tol);
        Assert.Equal(84, Pulse(4).S, Tol);
        // Close with A = 80: error −4, B' = 75 + 0.5·(80 − 84) = 73, W' = 63; 1 pair < 3 → weights kept.
        pairs.Add(([delivery!.Value, pulse!.Value], 80));
        Assert.Equal(-4, 80 - S(), Tol);
        baseline = ServiceMonitoring.CorrectBaseline(baseline, S(), 80, 0.5);
        warning = baseline - 10;
        Assert.Equal(73, baseline, Tol);

        // Stage 2: scores carry over, S = 84.
        Assert.Equal(84, S(), Tol);
        Assert.Equal((69, AlertTransition.None), Round(Delivery(0.4)));
        Assert.Equal((59, AlertTransition.Open), Round(Pulse(2)));
        var causes = ServiceMonitoring.Causes(
            [new FactorState("delivery", wDelivery, baseline, delivery.Value), new FactorState("pulse", wPulse, baseline, pulse.Value)]);
        Assert.Equal(["pulse", "delivery"], causes.Select(c => c.Key));
        Assert.Equal(9.2, causes[0].Contribution, Tol); // 0.4·(73 − 50)
        Assert.Equal(4.8, causes[1].Contribution, Tol); // 0.6·(73 − 65)
        pairs.Add(([delivery.Value, pulse.Value], 55)); // check-in A = 55 at (65, 50)
        Assert.Equal((60.5, AlertTransition.Stay), Round(Delivery(0.7)));
        Assert.Equal((64.5, AlertTransition.Stay), Round(Pulse(3.8)));
        Assert.Equal((74.25, AlertTransition.Clear), Round(Delivery(1.0)));
        // Close with A = 70: error −4.25, B'' = 73 + 0.5·(70 − 74.25) = 70.875; 3 pairs → fit.
        pairs.Add(([delivery.Value, pulse.Value], 70));
        Assert.Equal(-4.25, 70 - S(), Tol);
        baseline = ServiceMonitoring.CorrectBaseline(baseline, S(), 70, 0.5);
        warning = baseline - 10;
        Assert.Equal(70.875, baseline, Tol);
        var fit = SimplexLeastSquares.Fit([.. pairs.Select(p => (IReadOnlyList<double>)p.Scores)], [.. pairs.Select(p => p.Actual)]);
        // 387.5 / 1014.0625 = 248/649
        Assert.Equal(248.0 / 649, fit.Weights[0], Tol);
        Assert.Equal(401.0 / 649, fit.Weights[1], Tol);
        // residuals: 80 − (248·90 + 401·75)/649, 55 − (248·65 + 401·50)/649, 70 − (248·83.75 + 401·60)/649
        double[] residuals = [80 - (52395.0 / 649), 55 - (36170.0 / 649), 70 - (44830.0 / 649)];
        Assert.Equal(Math.Sqrt(residuals.Sum(r => r * r) / 3), fit.Rmse, Tol);
        Assert.Equal(0.8013, fit.Rmse, 1e-4);
        wDelivery = fit.Weights[0];
        wPulse = fit.Weights[1];

        // Stage 3: S = 44830/649 = 69.08 at start; pulse 4.2 → s_p = 70 → S = 48840/649 = 75.25; closed with A = 76.
        Assert.Equal(44830.0 / 649, S(), Tol);
        Assert.Equal(48840.0 / 649, Pulse(4.2).S, Tol);
        Assert.Equal(0.75, 76 - S(), 0.005);
        Assert.Equal(-2.25, 76 - ((0.6 * 83.75) + (0.4 * 70)), Tol); // the configured weights' error
    }

    private static (double, AlertTransition) Round((double S, AlertTransition T) x) => (Math.Round(x.S, 9), x.T);
}
