namespace Sweep.Training.Specs;

/// <summary>
/// A generated two-class dataset; the first <see cref="TrainRows"/> rows train, the rest test,
/// as in the tutorial. <see cref="RandomState"/> fixes the data; the trial seed does not change it.
/// </summary>
public sealed record DatasetSpec(DatasetKind Kind, int Samples, double Noise, int RandomState, double? Factor, int TrainRows);
