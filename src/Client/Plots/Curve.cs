using MathNet.Numerics.Statistics;

namespace Sweep.Client.Plots;

/// <summary>
/// One configuration's learning curve: at each plotted epoch (1-based), the mean over the seeds that reached it and
/// the sample standard deviation (0 with one seed).
/// </summary>
internal sealed record Curve(double[] Epochs, double[] Mean, double[] Std)
{
    /// <summary>At most this many epochs are plotted; longer histories are sampled evenly, the last epoch included.</summary>
    public const int MaxPoints = 500;

    /// <summary>True when no seed recorded this history (a run without validation has no test curve).</summary>
    public bool IsEmpty => Epochs.Length == 0;

    /// <summary>The curve of <paramref name="histories"/>, one per seed; non-finite values (a diverged epoch) are left out.</summary>
    public static Curve Of(IReadOnlyList<float[]> histories, int maxPoints = MaxPoints)
    {
        var length = histories.Count == 0 ? 0 : histories.Max(h => h.Length);
        var stride = Math.Max(1, (int)Math.Ceiling(length / (double)maxPoints));
        var epochs = new List<double>();
        var means = new List<double>();
        var deviations = new List<double>();
        foreach (var i in Sampled(length, stride))
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

    private static IEnumerable<int> Sampled(int length, int stride)
    {
        for (var i = 0; i < length; i += stride)
        {
            yield return i;
        }

        if (length > 0 && (length - 1) % stride != 0)
        {
            yield return length - 1;
        }
    }
}
