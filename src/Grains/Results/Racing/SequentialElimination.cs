using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Sweep.Grains.Results.Racing;

/// <summary>
/// The statistics of a race: configurations are compared on paired seeds (seed k of every configuration is the same
/// seed) at planned looks, and a configuration is dropped when another is better than it by more than
/// <see cref="Margin"/>, with a family-wise error rate of at most <see cref="Alpha"/> over the whole race.
/// <para>
/// The error a race must not make is to drop a configuration whose true mean is within the margin of the best one.
/// For such a configuration j, every other configuration i has <c>mean(i) - mean(j) &lt;= margin</c>, so every test that
/// could drop it tests a true null hypothesis. Each look l spends <c>Alpha * (t_l - t_(l-1))</c> of the error, where
/// t_l is the look's share of the planned seeds (a linear alpha-spending function over the planned looks), split
/// equally over every ordered pair of the race's configurations; by Bonferroni's inequality the chance that any test
/// of the race rejects a true null is at most <see cref="Alpha"/>, whatever the looks see, whatever the dependence
/// between them, and whichever configurations are still racing.
/// </para>
/// <para>
/// Each test is a one-sided paired t-test of <c>mean(i - j) &gt; margin</c> on the seeds so far. It assumes the paired
/// differences of a metric are independent across seeds and normally distributed (Student's t is exact then, and
/// robust to mild departures). Differences with no spread at all (the same on every seed so far, as a metric counted
/// in whole test rows often gives on few seeds) are no evidence either way: they decide nothing until a seed differs. References: Bonferroni's inequality for multiple tests; Lan and DeMets (1983),
/// "Discrete sequential boundaries for clinical trials", Biometrika 70(3), for alpha spending over looks;
/// Birattari et al. (2002), "A racing algorithm for configuring metaheuristics" (F-Race), for racing on paired
/// instances.
/// </para>
/// </summary>
public sealed class SequentialElimination
{
    private readonly int[] looks;
    private readonly double[] critical;

    /// <param name="configurations">The configurations that start the race (every ordered pair of them shares the error).</param>
    /// <param name="looks">The seeds per configuration at each planned look, increasing; the first at least 2.</param>
    /// <param name="alpha">The family-wise error rate over the whole race, in (0, 1).</param>
    /// <param name="margin">How much better (0 or more, in the metric's units) a configuration must be to drop another.</param>
    /// <param name="higherIsBetter">Whether a higher value of the metric is better.</param>
    /// <exception cref="ArgumentException">A setting outside those ranges.</exception>
    public SequentialElimination(int configurations, IReadOnlyList<int> looks, double alpha, double margin, bool higherIsBetter)
    {
        if (configurations < 2)
        {
            throw new ArgumentException($"a race needs 2 configurations at least; got {configurations}", nameof(configurations));
        }

        if (looks.Count == 0 || looks[0] < 2 || looks.Zip(looks.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            throw new ArgumentException($"the looks must be increasing seed counts from 2; got [{string.Join(", ", looks)}]", nameof(looks));
        }

        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentException($"alpha must be between 0 and 1; got {alpha}", nameof(alpha));
        }

        if (!(margin >= 0) || double.IsInfinity(margin))
        {
            throw new ArgumentException($"margin must be 0 or more; got {margin}", nameof(margin));
        }

        this.looks = [.. looks];
        Alpha = alpha;
        Margin = margin;
        HigherIsBetter = higherIsBetter;
        Configurations = configurations;
        Pairs = configurations * (configurations - 1);

        // The one-sided critical value of each look's tests: its share of alpha over every ordered pair.
        critical = new double[this.looks.Length];
        var spent = 0.0;
        for (var l = 0; l < this.looks.Length; l++)
        {
            var share = alpha * this.looks[l] / this.looks[^1];
            critical[l] = StudentT.InvCDF(0, 1, this.looks[l] - 1, 1 - ((share - spent) / Pairs));
            spent = share;
        }
    }

    /// <summary>The family-wise error rate over the whole race.</summary>
    public double Alpha { get; }

    /// <summary>How much better a configuration must be to drop another.</summary>
    public double Margin { get; }

    /// <summary>Whether a higher value of the metric is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The configurations that started the race.</summary>
    public int Configurations { get; }

    /// <summary>The ordered pairs of configurations the error is split over.</summary>
    public int Pairs { get; }

    /// <summary>The seeds per configuration at each planned look.</summary>
    public IReadOnlyList<int> Looks => looks;

    /// <summary>
    /// Decides look <paramref name="look"/> (from 0) from every surviving configuration's values on the look's seeds,
    /// seed k of each being the same seed.
    /// </summary>
    /// <exception cref="ArgumentException">A survivor has not exactly the look's seeds, a value is not finite, or the look is not planned.</exception>
    public RaceLook Decide(int look, IReadOnlyList<(string Id, IReadOnlyList<double> Values)> survivors)
    {
        if (look < 0 || look >= looks.Length)
        {
            throw new ArgumentException($"look {look} is not planned; the race has {looks.Length}", nameof(look));
        }

        if (survivors.Count > Configurations)
        {
            throw new ArgumentException($"{survivors.Count} survivors in a race of {Configurations} configurations", nameof(survivors));
        }

        var n = looks[look];
        foreach (var (id, values) in survivors)
        {
            if (values.Count != n || values.Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"configuration {id} has {values.Count} values at look {look}, or one that is not finite; the look needs {n} finite values", nameof(survivors));
            }
        }

        var sign = HigherIsBetter ? 1.0 : -1.0;
        var eliminated = new List<Elimination>();
        var worst = new Dictionary<string, Elimination>(StringComparer.Ordinal);
        for (var j = 0; j < survivors.Count; j++)
        {
            for (var i = 0; i < survivors.Count; i++)
            {
                if (i == j)
                {
                    continue;
                }

                var (mean, standardError) = Paired(survivors[i].Values, survivors[j].Values, sign);
                var lower = mean - (critical[look] * standardError);
                if (standardError > 0 && lower > Margin && (!worst.TryGetValue(survivors[j].Id, out var known) || lower > known.LowerBound))
                {
                    worst[survivors[j].Id] = new Elimination(survivors[j].Id, survivors[i].Id, n, mean, lower);
                }
            }
        }

        eliminated.AddRange(survivors.Where(s => worst.ContainsKey(s.Id)).Select(s => worst[s.Id]));
        var left = survivors.Where(s => !worst.ContainsKey(s.Id)).OrderByDescending(s => sign * s.Values.Mean()).ToArray();
        var tied = left.Length > 1 && AllWithinMargin(left, look, sign);
        return new RaceLook(n, eliminated, [.. left.Select(s => s.Id)], tied, left.Length <= 1 || tied || look == looks.Length - 1);
    }

    // Every pair's two-sided interval at the look's level lies inside (-margin, margin): each test of equivalence
    // (two one-sided tests) rejects at that level.
    private bool AllWithinMargin(IReadOnlyList<(string Id, IReadOnlyList<double> Values)> left, int look, double sign)
    {
        for (var i = 0; i < left.Count; i++)
        {
            for (var j = i + 1; j < left.Count; j++)
            {
                var (mean, standardError) = Paired(left[i].Values, left[j].Values, sign);
                var half = critical[look] * standardError;
                if (!(standardError > 0 && mean - half > -Margin && mean + half < Margin))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static (double Mean, double StandardError) Paired(IReadOnlyList<double> a, IReadOnlyList<double> b, double sign)
    {
        var differences = new double[a.Count];
        for (var k = 0; k < differences.Length; k++)
        {
            differences[k] = sign * (a[k] - b[k]);
        }

        // Differences equal but for rounding (0.5143 - 0.4714 and 0.5 - 0.4571) have no spread.
        var deviation = differences.StandardDeviation();
        return (differences.Mean(), deviation <= NoSpread ? 0 : deviation / Math.Sqrt(differences.Length));
    }

    // A spread of paired differences below this is rounding, not variation (metrics are near 1 in size or below).
    private const double NoSpread = 1e-9;
}
