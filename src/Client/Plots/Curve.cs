using MathNet.Numerics.Statistics;

namespace Sweep.Client.Plots;

/// <summary>
/// One configuration's learning curve: at each plotted epoch (1-based), the mean over the seeds that reached it and
/// the sample standard deviation (0 with one seed).
/// </summary>
internal sealed record Curve(double[] Epochs, double[] Mean, double[] Std)
{
    /// <summary>At most this many epochs are plotted; longer histories are sampled evenly, the first and last included.</summary>
    public const int MaxPoints = 500;

    /// <summary>True when no seed recorded this history (a run without validation has no test curve).</summary>
    public bool IsEmpty => Epochs.Length == 0;

    /// <summary>The curve of <paramref name="histories"/>, one per seed; non-finite values (a diverged epoch) are left out.</summary>
    public static Curve Of(IReadOnlyList<float[]> histories, int maxPoints = MaxPoints)
    {
        var length = histories.Count == 0 ? 0 : histories.Max(h => h.Length);
        var epochs = new List<double>();
        var means = new List<double>();
        var deviations = new List<double>();
        foreach (var i in Sampled(length, Math.Min(length, maxPoints)))
        {
            var values = histories.Where(h => h.Length > i && float.IsFinite(h[i])).Select(h => (double)h[i]).ToArray();
            if (values.Length > 0)
            {
                epochs.Add(i + 1);
                means.Add(values.Mean());
                deviations.Add(values.Length > 1 ? values.StandardDeviation() : 0);
            }
        }

        return new Curve([.. epochs], [.. means], [.. deviations]);
    }

    // The first and the last index and count - 2 others, as evenly spaced as whole numbers allow.
    private static IEnumerable<int> Sampled(int length, int count) => count switch
    {
        0 => [],
        1 => [0],
        _ => Enumerable.Range(0, count).Select(k => (int)Math.Round(k * (length - 1) / (double)(count - 1))),
    };
}
