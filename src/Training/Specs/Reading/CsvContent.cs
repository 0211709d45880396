using Sweep.Training.Datasets;

namespace Sweep.Training.Specs.Reading;

/// <summary>
/// What can be known of a CSV dataset before any trial trains: every feature cell is a number, every label a class index,
/// and every label a class the model outputs (0 or 1 for a model with one sigmoid unit). A sweep is refused at once with
/// the file, row, column and value named, instead of every trial failing the same way.
/// </summary>
internal static class CsvContent
{
    /// <exception cref="SpecException">The data cannot train this trial.</exception>
    public static void Check(TrialSpec spec, DataFiles files)
    {
        if (spec.Dataset is not { Kind: DatasetKind.Csv, Path: { } path, Features: { } features, Label: { } label })
        {
            return;
        }

        LabeledPoints table;
        try
        {
            table = files.Table(path, features, label);
        }
        catch (Exception e) when (e is InvalidDataException or DataContentException)
        {
            throw new SpecException("trial.dataset.path", e.Message);
        }

        var classes = spec.Classes;
        var row = Array.FindIndex(table.Labels, value => value >= classes);
        if (row >= 0)
        {
            var model = spec.Loss == TrialSpecReader.BinaryCrossEntropy ? $"{spec.Loss} with one sigmoid unit" : $"a softmax of {classes} units";
            throw new SpecException(
                "trial.dataset.label",
                $"{path}: row {CsvTable.LineOf(files.Locate(path), row)}, column {label}: label {table.Labels[row]} is not a class the model outputs; allowed: 0 to {classes - 1} ({model})");
        }
    }
}
