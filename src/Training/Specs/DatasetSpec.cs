namespace Sweep.Training.Specs;

/// <summary>
/// A two-class dataset and how it is split. Generated datasets (<c>circles</c>, <c>moons</c>) are fixed
/// by <see cref="RandomState"/>; the trial seed does not change them. A <c>csv</c> dataset reads
/// <see cref="Path"/> (absolute once read from a sweep file).
/// </summary>
/// <param name="Kind">circles, moons, blobs, sine_waves, fashion_mnist or csv.</param>
/// <param name="Samples">Generated datasets: the number of points.</param>
/// <param name="Noise">Generated datasets: the Gaussian noise's standard deviation.</param>
/// <param name="RandomState">The generator's seed, and the stratified split's.</param>
/// <param name="Factor">circles: the inner circle's radius.</param>
/// <param name="TrainRows">Split as the tutorial does: the first rows train, the rest test.</param>
/// <param name="TestFraction">Or a seeded stratified split: this fraction of each label's rows tests.</param>
/// <param name="Path">csv: the file; fashion_mnist: the folder of IDX files if not Debian's.</param>
/// <param name="Features">csv: the feature columns, in order.</param>
/// <param name="Label">csv: the label column (values 0 and 1).</param>
/// <param name="Standardize">Scale every feature to mean 0 and standard deviation 1 over the training rows.</param>
/// <param name="Centers">blobs: the number of centers, one class each.</param>
/// <param name="ClusterStd">blobs: each blob's standard deviation.</param>
/// <param name="NFeatures">blobs: the number of features.</param>
/// <param name="CenterBox">blobs: the box the centers are drawn in, [low, high].</param>
/// <param name="TestSamples">fashion_mnist: how many of the test images to use (<see cref="Samples"/> counts the training images).</param>
/// <param name="Timesteps">sine_waves: the length of each sequence.</param>
/// <param name="NClasses">sine_waves: the number of classes (class k is a wave of k + 1 periods).</param>
/// <param name="Sha256">csv: the SHA-256 of the file when the sweep was read. It is part of the configuration, so
/// results on a file that has since changed are never mixed with new ones; a trial on a changed file fails.</param>
/// <param name="ValidationRows">The last this many training rows validate instead of training (as Keras's <c>validation_split</c> takes the last rows).</param>
/// <param name="ValidationFraction">Or a seeded stratified carve of the training rows: this fraction of each label's training rows validates.</param>
public sealed record DatasetSpec(
    DatasetKind Kind,
    int? Samples,
    double? Noise,
    int RandomState,
    double? Factor,
    int? TrainRows,
    double? TestFraction = null,
    string? Path = null,
    IReadOnlyList<string>? Features = null,
    string? Label = null,
    bool Standardize = false,
    int? Centers = null,
    double? ClusterStd = null,
    int? NFeatures = null,
    IReadOnlyList<double>? CenterBox = null,
    int? TestSamples = null,
    int? Timesteps = null,
    int? NClasses = null,
    string? Sha256 = null,
    int? ValidationRows = null,
    double? ValidationFraction = null)
{
    /// <summary>Whether some training rows are set aside to validate: the per-epoch <c>val_*</c> metrics, callbacks and selection use them, not the test rows.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasValidation => ValidationRows is not null || ValidationFraction is not null;

    /// <summary>The number of classes, when known before the data is read (a CSV's is not).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? Classes => Kind switch
    {
        DatasetKind.Csv => null,
        DatasetKind.Blobs => Centers,
        DatasetKind.FashionMnist => Datasets.FashionMnist.Classes,
        DatasetKind.SineWaves => NClasses,
        _ => 2,
    };

    /// <summary>The shape of one row as the first layer sees it: features, (timesteps, features) or (height, width, channels).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int> InputShape => Kind switch
    {
        DatasetKind.Csv => [Features!.Count],
        DatasetKind.Blobs => [NFeatures!.Value],
        DatasetKind.FashionMnist => [Datasets.FashionMnist.Side, Datasets.FashionMnist.Side, 1],
        DatasetKind.SineWaves => [Timesteps!.Value, 1],
        _ => [2],
    };
}
