using TorchSharp;

namespace Sweep.Training.Datasets;

/// <summary>Training and test rows as float32 tensors ([rows, features] and [rows, 1]).</summary>
internal sealed class SplitData(torch.Tensor trainX, torch.Tensor trainY, torch.Tensor testX, torch.Tensor testY) : IDisposable
{
    public torch.Tensor TrainX { get; } = trainX;

    public torch.Tensor TrainY { get; } = trainY;

    public torch.Tensor TestX { get; } = testX;

    public torch.Tensor TestY { get; } = testY;

    public int TrainRows { get; } = (int)trainX.shape[0];

    public int Features { get; } = (int)trainX.shape[1];

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
