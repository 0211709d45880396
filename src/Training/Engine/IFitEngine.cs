namespace Sweep.Training.Engine;

/// <summary>
/// What <see cref="FitLoop"/> needs of a model and its optimizer: one epoch of steps, evaluations, and a copy of the
/// weights for EarlyStopping. TorchSharp and the fused dense path are the two engines.
/// </summary>
internal interface IFitEngine : IDisposable
{
    /// <summary>Which engine this is, as results record it: <c>torch</c> or <c>fused</c>.</summary>
    string Backend { get; }

    /// <summary>How many training rows the epochs shuffle.</summary>
    int TrainRows { get; }

    /// <summary>The optimizer's learning rate.</summary>
    double LearningRate { get; set; }

    /// <summary>Whether some training rows are set aside to validate (<see cref="EvaluationRows.Validation"/>).</summary>
    bool HasValidation { get; }

    /// <summary>The layer whose activated output <see cref="Evaluate"/> observes, or -1.</summary>
    int ObservedLayer { get; }

    /// <summary>One optimizer step per batch of the training rows in <paramref name="order"/>; the epoch's loss and accuracy as Keras logs them.</summary>
    (double Loss, double Accuracy) TrainEpoch(int[] order, int batchSize);

    /// <summary>Keras <c>evaluate</c> on <paramref name="which"/> rows; with <paramref name="observe"/>, the observed layer's statistics too.</summary>
    Evaluation Evaluate(EvaluationRows which, int batchSize, bool observe);

    /// <summary>Keeps a copy of the weights (EarlyStopping's best so far).</summary>
    void SaveWeights();

    /// <summary>Puts the kept copy back, if there is one.</summary>
    void RestoreWeights();
}
