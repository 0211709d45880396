using TorchSharp;

namespace Sweep.Training.Datasets;

/// <summary>
/// Training, test and (with a validation split) validation rows as float32 tensors: features [rows, features], labels
/// [rows, 1] (0/1 or a class index).
/// </summary>
internal sealed class SplitData(torch.Tensor trainX, torch.Tensor trainY, torch.Tensor testX, torch.Tensor testY) : IDisposable
{
    public torch.Tensor TrainX { get; } = trainX;

    public torch.Tensor TrainY { get; } = trainY;

    public torch.Tensor TestX { get; } = testX;

    public torch.Tensor TestY { get; } = testY;

    public torch.Tensor? ValidationX { get; private init; }

    public torch.Tensor? ValidationY { get; private init; }

    public int TrainRows { get; } = (int)trainX.shape[0];

    public int Features { get; } = (int)trainX.shape[1];

    /// <summary>The rows of <paramref name="rows"/> as tensors.</summary>
    public static SplitData From(SplitRows rows) => new(
        torch.tensor(rows.TrainX, [rows.TrainRows, rows.Features]),
        torch.tensor(rows.TrainY, [rows.TrainRows, 1]),
        torch.tensor(rows.TestX, [rows.TestY.Length, rows.Features]),
        torch.tensor(rows.TestY, [rows.TestY.Length, 1]))
    {
        ValidationX = rows.HasValidation ? torch.tensor(rows.ValidationX, [rows.ValidationY.Length, rows.Features]) : null,
        ValidationY = rows.HasValidation ? torch.tensor(rows.ValidationY, [rows.ValidationY.Length, 1]) : null,
    };

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
        ValidationX?.Dispose();
        ValidationY?.Dispose();
    }
}
