namespace Sweep.Training.Callbacks;

/// <summary>The metrics Keras passes to <c>on_epoch_end</c>.</summary>
internal readonly record struct EpochLogs(double Loss, double Accuracy, double ValLoss, double ValAccuracy)
{
    public double Get(string monitor) => monitor switch
    {
        "loss" => Loss,
        "accuracy" => Accuracy,
        "val_loss" => ValLoss,
        _ => ValAccuracy,
    };
}
