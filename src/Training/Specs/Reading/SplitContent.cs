using Sweep.Training.Datasets;

namespace Sweep.Training.Specs.Reading;

/// <summary>
/// What can be known of a dataset's validation split before any trial trains: it leaves rows of every label to train
/// on. A sweep is refused at once, naming the setting, instead of every trial failing the same way.
/// </summary>
internal static class SplitContent
{
    /// <exception cref="SpecException">The split leaves nothing (or no row of a label) to train on.</exception>
    public static void Check(TrialSpec spec, DataFiles files)
    {
        var dataset = spec.Dataset;
        var key = dataset.ValidationRows is not null ? "validation_rows" : dataset.ValidationFraction is not null ? "validation_fraction" : null;
        if (key is null)
        {
            return;
        }

        // Fashion-MNIST's training images are known by count; reading them all here would cost more than a trial.
        if (dataset.Kind == DatasetKind.FashionMnist)
        {
            if (dataset.ValidationRows >= dataset.Samples)
            {
                throw new SpecException("trial.dataset.validation_rows", $"validation_rows is {dataset.ValidationRows} but there are only {dataset.Samples} training rows; at least one must train");
            }

            return;
        }

        if (files.SplitProblem(dataset) is { } problem)
        {
            throw new SpecException($"trial.dataset.{key}", problem);
        }
    }
}
