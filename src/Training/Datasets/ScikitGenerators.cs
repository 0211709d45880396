namespace Sweep.Training.Datasets;

/// <summary>
/// scikit-learn's two-dimensional toy generators, reproduced bit for bit for an integer
/// <c>random_state</c> (matched against scikit-learn 1.2.1 on numpy 1.24.2 with libm cos/sin).
/// Tutorials publish figures made on these exact points, so a look-alike is not enough.
/// </summary>
public static class ScikitGenerators
{
    /// <summary>
    /// <c>sklearn.datasets.make_circles(n_samples, shuffle=True, noise, random_state, factor)</c>:
    /// a large circle (label 0) around a smaller one (label 1), rows shuffled, then Gaussian noise.
    /// </summary>
    /// <param name="samples">Total number of points; the outer circle gets <c>samples / 2</c>.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise added to every coordinate.</param>
    /// <param name="randomState">The integer seed of numpy's legacy <c>RandomState</c>.</param>
    /// <param name="factor">Radius of the inner circle relative to the outer one.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range scikit-learn accepts.</exception>
    public static LabeledPoints MakeCircles(int samples, double noise, int randomState, double factor = 0.8)
    {
        ValidateCommon(samples, noise, randomState);
        if (!(factor >= 0.0 && factor < 1.0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(factor), factor, "The inner circle's factor must be in [0, 1).");
        }

        // endpoint=false so that the first and last points of a circle do not coincide.
        // scikit-learn scales after taking cos/sin: np.cos(t) * factor.
        var (features, labels) = TwoArcs(samples, 2.0 * Math.PI, endpoint: false, t => [Math.Cos(t) * factor, Math.Sin(t) * factor]);
        return ShuffleAndAddNoise(features, labels, noise, randomState);
    }

    /// <summary>
    /// <c>sklearn.datasets.make_moons(n_samples, shuffle=True, noise, random_state)</c>:
    /// two interleaving half circles (upper one label 0, lower one label 1), rows shuffled,
    /// then Gaussian noise.
    /// </summary>
    /// <param name="samples">Total number of points; the upper moon gets <c>samples / 2</c>.</param>
    /// <param name="noise">Standard deviation of the Gaussian noise added to every coordinate.</param>
    /// <param name="randomState">The integer seed of numpy's legacy <c>RandomState</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range scikit-learn accepts.</exception>
    public static LabeledPoints MakeMoons(int samples, double noise, int randomState)
    {
        ValidateCommon(samples, noise, randomState);

        // endpoint=true: the last angle is exactly π, not (n-1) * (π / (n-1)).
        // Same association as scikit-learn's 1 - np.sin(t) - 0.5, i.e. (1 - sin t) - 0.5.
        var (features, labels) = TwoArcs(samples, Math.PI, endpoint: true, t => [1.0 - Math.Cos(t), 1.0 - Math.Sin(t) - 0.5]);
        return ShuffleAndAddNoise(features, labels, noise, randomState);
    }

    /// <summary>
    /// The points both generators lay out before shuffling: the first <c>samples / 2</c> at <c>(cos t, sin t)</c> with
    /// label 0, the rest at <paramref name="inner"/>(t) with label 1, each half's angles <c>linspace(0, stop, n, endpoint)</c>.
    /// </summary>
    private static (double[][] Features, int[] Labels) TwoArcs(int samples, double stop, bool endpoint, Func<double, double[]> inner)
    {
        var outerCount = samples / 2;
        var innerCount = samples - outerCount;
        var outerAngles = Linspace(stop, outerCount, endpoint);
        var innerAngles = Linspace(stop, innerCount, endpoint);

        var features = new double[samples][];
        var labels = new int[samples];
        for (var i = 0; i < outerCount; i++)
        {
            features[i] = [Math.Cos(outerAngles[i]), Math.Sin(outerAngles[i])];
            labels[i] = 0;
        }

        for (var i = 0; i < innerCount; i++)
        {
            features[outerCount + i] = inner(innerAngles[i]);
            labels[outerCount + i] = 1;
        }

        return (features, labels);
    }

    private static void ValidateCommon(int samples, double noise, int randomState)
    {
        if (samples < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(samples), samples, "At least 2 samples are needed (one per class).");
        }

        if (!(noise >= 0.0) || double.IsPositiveInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(
                nameof(noise), noise, "The noise standard deviation must be a finite number >= 0.");
        }

        // numpy's RandomState rejects seeds outside [0, 2^32 - 1].
        if (randomState < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(randomState), randomState, "The random state must be >= 0, as numpy's RandomState requires.");
        }
    }

    /// <summary>
    /// numpy's <c>linspace(0, stop, count, endpoint)</c>: the step is computed once as
    /// <c>stop / div</c> and multiplied by the index; with endpoint the last value is set to
    /// <paramref name="stop"/> itself.
    /// </summary>
    private static double[] Linspace(double stop, int count, bool endpoint)
    {
        var values = new double[count];
        var divisions = endpoint ? count - 1 : count;

        // numpy multiplies by delta instead when div == 0 (count 1 with endpoint): the only value is 0.
        if (divisions == 0)
        {
            return values;
        }

        var step = stop / divisions;
        for (var i = 0; i < count; i++)
        {
            // "+ 0.0" is numpy's "y += start" with start = 0; it only turns -0 into +0.
            values[i] = (i * step) + 0.0;
        }

        if (endpoint && count > 1)
        {
            values[count - 1] = stop;
        }

        return values;
    }

    /// <summary>
    /// The tail shared by both generators: <c>util.shuffle(X, y, random_state=generator)</c>, then,
    /// because scikit-learn adds noise whenever <c>noise is not None</c> (zero included),
    /// <c>X += generator.normal(scale=noise, size=X.shape)</c>. Drawing for noise 0 leaves the
    /// points unchanged but keeps the stream identical to scikit-learn's.
    /// </summary>
    private static LabeledPoints ShuffleAndAddNoise(double[][] features, int[] labels, double noise, int randomState)
    {
        var generator = new LegacyRandomState((uint)randomState);
        var order = generator.Permutation(features.Length);

        var shuffledFeatures = new double[features.Length][];
        var shuffledLabels = new int[labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            shuffledFeatures[i] = features[order[i]];
            shuffledLabels[i] = labels[order[i]];
        }

        // normal() fills an (n, 2) array in row-major order; legacy normal is loc + scale * gauss.
        foreach (var row in shuffledFeatures)
        {
            for (var column = 0; column < row.Length; column++)
            {
                row[column] += 0.0 + (noise * generator.NextGaussian());
            }
        }

        return new LabeledPoints(shuffledFeatures, shuffledLabels);
    }
}
