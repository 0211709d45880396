namespace Sweep.Training.Datasets;

/// <summary>
/// A seeded sequence classification task: each row is a sine wave of <c>timesteps</c> samples with a
/// random phase plus Gaussian noise; class k completes k + 1 periods over the sequence. With numpy
/// (whose legacy <c>RandomState</c> this reproduces draw for draw) and the C library's sine:
/// <code>
/// rng = np.random.RandomState(random_state)
/// y = np.arange(samples) % n_classes; rng.shuffle(y)      # balanced classes in random order
/// phase = rng.uniform(0, 2 * np.pi, samples)
/// t = np.arange(timesteps)
/// X = np.vectorize(math.sin)(2 * np.pi * (y[:, None] + 1) * t / timesteps + phase[:, None]) + noise * rng.standard_normal((samples, timesteps))
/// </code>
/// The features are the time steps in order (one feature per step). numpy's own vectorised <c>np.sin</c>
/// differs from the C library's in the last bits on AVX-512 machines, hence <c>math.sin</c>.
/// </summary>
public static class SineWaves
{
    /// <summary>Generates the rows; see the class summary for the algorithm.</summary>
    public static LabeledPoints Make(int samples, int timesteps, int classes, double noise, int randomState)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timesteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var random = new LegacyRandomState((uint)randomState);
        var labels = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            labels[i] = i % classes;
        }

        random.Shuffle(labels);
        var phase = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            phase[i] = 2 * Math.PI * random.NextDouble();
        }

        var rows = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            rows[i] = new double[timesteps];
            var angular = 2 * Math.PI * (labels[i] + 1);
            for (var t = 0; t < timesteps; t++)
            {
                rows[i][t] = Math.Sin((angular * t / timesteps) + phase[i]);
            }
        }

        // The noise is drawn after every phase, row by row, as numpy fills the (samples, timesteps) array.
        for (var i = 0; i < samples; i++)
        {
            for (var t = 0; t < timesteps; t++)
            {
                rows[i][t] += noise * random.NextGaussian();
            }
        }

        return new LabeledPoints(rows, labels);
    }
}
