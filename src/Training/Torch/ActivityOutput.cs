using Sweep.Training.Specs;
using TorchSharp;

namespace Sweep.Training.Torch;

/// <summary>In evaluation, one activity regularizer's penalty per row, before its batch reduction.</summary>
internal readonly record struct ActivityOutput(int Layer, ActivityReduction Reduction, torch.Tensor PerRow);
