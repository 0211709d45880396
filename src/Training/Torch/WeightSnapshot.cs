using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>A copy of a model's weights, for EarlyStopping's <c>restore_best_weights</c>.</summary>
internal sealed class WeightSnapshot(IReadOnlyList<Tensor> parameters) : IDisposable
{
    private Tensor[]? saved;

    public void Save()
    {
        using var _ = no_grad();
        if (saved is null)
        {
            saved = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
            return;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            saved[i].copy_(parameters[i]);
        }
    }

    public void Restore()
    {
        if (saved is null)
        {
            return;
        }

        using var _ = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].copy_(saved[i]);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in saved ?? [])
        {
            tensor.Dispose();
        }
    }
}
