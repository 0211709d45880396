using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Sweep.Grains.Results;

/// <summary>
/// A configuration's metric against a baseline's: Welch's unequal-variance t-test, two-sided.
/// </summary>
/// <param name="Difference">Mean of the configuration minus mean of the baseline.</param>
/// <param name="ConfidenceLow">Lower end of the 95% interval of the difference.</param>
/// <param name="ConfidenceHigh">Upper end of the 95% interval of the difference.</param>
/// <param name="T">Welch's t statistic.</param>
/// <param name="DegreesOfFreedom">The Welch-Satterthwaite degrees of freedom.</param>
/// <param name="P">The two-sided p-value, before any correction for multiple comparisons.</param>
/// <param name="AdjustedP">The p-value after Holm's correction over all of a sweep's comparisons (NaN until applied).</param>
/// <param name="ProbabilityOfImprovement">
/// The chance that a trial of the configuration does better than a trial of the baseline, ties counting half (the
/// Mann-Whitney form, U / (n m)); an effect size beside the difference. NaN where only the two sides' summaries are
/// known (a ranked table computed from a store's aggregates).
/// </param>
[GenerateSerializer]
[Alias("Sweep.Comparison")]
public sealed record Comparison(
    [property: Id(0)] double Difference,
    [property: Id(1)] double ConfidenceLow,
    [property: Id(2)] double ConfidenceHigh,
    [property: Id(3)] double T,
    [property: Id(4)] double DegreesOfFreedom,
    [property: Id(5)] double P,
    [property: Id(6)] double AdjustedP = double.NaN,
    [property: Id(7)] double ProbabilityOfImprovement = double.NaN)
{
    /// <summary>The family-wise error rate at which a difference counts as real.</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// Better, Worse or Same: whether the Holm-adjusted p is at most <see cref="Alpha"/>, and in which direction the
    /// difference goes for a metric where higher (or lower) is better.
    /// </summary>
    public Verdict VerdictFor(bool higherIsBetter) =>
        !(AdjustedP <= Alpha) ? Verdict.Same : (Difference > 0) == higherIsBetter ? Verdict.Better : Verdict.Worse;

    /// <summary>
    /// Compares <paramref name="sample"/> with <paramref name="baseline"/>. Each needs two values at least; a difference
    /// with no spread on either side (both deviations zero) is certain: p is 0 if the means differ, 1 if not.
    /// </summary>
    /// <exception cref="ArgumentException">A sample has fewer than two values.</exception>
    public static Comparison Welch(IReadOnlyList<double> sample, IReadOnlyList<double> baseline)
    {
        if (sample.Count < 2 || baseline.Count < 2)
        {
            throw new ArgumentException($"Welch's test needs two values per side; got {sample.Count} and {baseline.Count}");
        }

        return Welch((sample.Count, sample.Mean(), sample.Variance()), (baseline.Count, baseline.Mean(), baseline.Variance()));
    }

    /// <summary>
    /// <see cref="Welch(IReadOnlyList{double}, IReadOnlyList{double})"/> from each side's count, mean and sample variance,
    /// as a store's aggregates give them.
    /// </summary>
    /// <exception cref="ArgumentException">A side has fewer than two values.</exception>
    public static Comparison Welch((int N, double Mean, double Variance) sample, (int N, double Mean, double Variance) baseline)
    {
        if (sample.N < 2 || baseline.N < 2)
        {
            throw new ArgumentException($"Welch's test needs two values per side; got {sample.N} and {baseline.N}");
        }

        var difference = sample.Mean - baseline.Mean;
        var (shareA, shareB) = (sample.Variance / sample.N, baseline.Variance / baseline.N);
        var standardError = Math.Sqrt(shareA + shareB);
        if (standardError == 0)
        {
            return new Comparison(difference, difference, difference, difference == 0 ? 0 : double.PositiveInfinity * Math.Sign(difference), double.NaN, difference == 0 ? 1 : 0);
        }

        var df = Math.Pow(shareA + shareB, 2) / ((shareA * shareA / (sample.N - 1)) + (shareB * shareB / (baseline.N - 1)));
        var t = difference / standardError;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        var half = StudentT.InvCDF(0, 1, df, 1 - ((1 - Aggregation.ConfidenceLevel) / 2)) * standardError;
        return new Comparison(difference, difference - half, difference + half, t, df, p);
    }

    /// <summary>
    /// The chance that a value of <paramref name="sample"/> is better than one of <paramref name="baseline"/> (higher, or
    /// lower where <paramref name="higherIsBetter"/> is false), over every pair of one value from each, ties counting half:
    /// the Mann-Whitney U statistic divided by the number of pairs.
    /// </summary>
    /// <exception cref="ArgumentException">A side has no values.</exception>
    public static double ProbabilityBetter(IReadOnlyList<double> sample, IReadOnlyList<double> baseline, bool higherIsBetter)
    {
        if (sample.Count == 0 || baseline.Count == 0)
        {
            throw new ArgumentException($"the probability of improvement needs a value per side; got {sample.Count} and {baseline.Count}");
        }

        var sign = higherIsBetter ? 1 : -1;
        var wins = 0.0;
        foreach (var a in sample)
        {
            foreach (var b in baseline)
            {
                var order = Math.Sign(sign * (a - b));
                wins += order > 0 ? 1 : order == 0 ? 0.5 : 0;
            }
        }

        return wins / ((double)sample.Count * baseline.Count);
    }

    /// <summary>
    /// Holm's step-down adjustment of <paramref name="pValues"/> for the number of comparisons: the i-th smallest
    /// p is multiplied by (m - i + 1), made non-decreasing in that order, and capped at 1. A hypothesis is rejected at
    /// level a when its adjusted p is at most a. The result is in the input's order.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }

        return adjusted;
    }
}
