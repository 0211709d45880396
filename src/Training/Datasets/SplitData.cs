using TorchSharp;

namespace Sweep.Training.Datasets;

/// <summary>Training and test rows as float32 tensors: features [rows, features], labels [rows, 1] (0/1 or a class index).</summary>
internal sealed class SplitData(torch.Tensor trainX, torch.Tensor trainY, torch.Tensor testX, torch.Tensor testY) : IDisposable
{
    public torch.Tensor TrainX { get; } = trainX;

    public torch.Tensor TrainY { get; } = trainY;

    public torch.Tensor TestX { get; } = testX;

    public torch.Tensor TestY { get; } = testY;

    public int TrainRows { get; } = (int)trainX.shape[0];

    public int Features { get; } = (int)trainX.shape[1];

    /// <summary>Checks that every label is a class the model can output (0/1 for a binary model).</summary>
    /// <exception cref="DataContentException">A label is out of range.</exception>
    public void CheckLabels(int classes)
    {
        var highest = Math.Max(TrainY.max().item<float>(), TestY.max().item<float>());
        if (highest >= classes)
        {
            throw new DataContentException($"the data has label {highest} but the model outputs {classes} classes (0 to {classes - 1})");
        }
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
