namespace Sweep.Training.Datasets;

/// <summary>
/// The content of a dataset cannot train the trial (a cell that is not a number, a label the model does not output).
/// The content is pinned by its SHA-256, so every attempt would meet the same problem: such a trial is not tried again.
/// </summary>
public sealed class DataContentException(string message) : Exception(message);
