namespace Sweep.Training.Torch.Optimizers;

/// <summary>Updates a model's parameters from their gradients.</summary>
internal interface IOptimizer : IDisposable
{
    /// <summary>The learning rate in force; schedules change it between epochs.</summary>
    double LearningRate { get; set; }

    /// <summary>Clears every parameter's gradient.</summary>
    void ZeroGrad();

    /// <summary>Applies one update from the current gradients.</summary>
    void Step();
}
