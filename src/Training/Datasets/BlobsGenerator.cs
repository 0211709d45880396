namespace Sweep.Training.Datasets;

/// <summary>
/// scikit-learn 1.2's <c>make_blobs(n_samples, n_features, centers, cluster_std, center_box,
/// shuffle=True, random_state)</c> with an integer number of centers, reproduced bit for bit on
/// numpy's legacy RandomState: centers drawn uniform in the box, then each center's points as
/// <c>normal(loc=center, scale=std, size=(n, n_features))</c>, then the rows shuffled.
/// </summary>
public static class BlobsGenerator
{
    /// <summary>Isotropic Gaussian blobs, one class per center.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range scikit-learn accepts.</exception>
    public static LabeledPoints MakeBlobs(int samples, int centers, int features, double clusterStd, double boxLow, double boxHigh, int randomState)
    {
        if (samples < centers || centers < 1 || features < 1 || !(clusterStd >= 0) || !(boxHigh > boxLow) || randomState < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), "make_blobs needs samples >= centers >= 1, features >= 1, cluster_std >= 0, a box with low < high and random_state >= 0");
        }

        var random = new LegacyRandomState((uint)randomState);
        var range = boxHigh - boxLow;
        var middles = new double[centers][];
        for (var c = 0; c < centers; c++)
        {
            middles[c] = new double[features];
            for (var f = 0; f < features; f++)
            {
                middles[c][f] = boxLow + (range * random.NextDouble());
            }
        }

        var rows = new double[samples][];
        var labels = new int[samples];
        var row = 0;
        for (var c = 0; c < centers; c++)
        {
            // The first samples % centers centers get one point more.
            var count = (samples / centers) + (c < samples % centers ? 1 : 0);
            for (var i = 0; i < count; i++, row++)
            {
                rows[row] = new double[features];
                for (var f = 0; f < features; f++)
                {
                    rows[row][f] = middles[c][f] + (clusterStd * random.NextGaussian());
                }

                labels[row] = c;
            }
        }

        var order = random.Permutation(samples);
        return new LabeledPoints(order.Select(i => rows[i]).ToArray(), order.Select(i => labels[i]).ToArray());
    }
}
