using Sweep.Training.Specs;

namespace Sweep.Training.Engine;

/// <summary>Turns a trial description and a seed into a result. The same inputs give the same numbers.</summary>
public interface ITrialTrainer
{
    /// <summary>Trains and evaluates one trial on the calling thread.</summary>
    /// <param name="spec">The configuration.</param>
    /// <param name="seed">The repeat seed: it draws the initial weights and the batch order.</param>
    /// <param name="onEpoch">Called after every epoch, on the training thread.</param>
    /// <param name="cancellationToken">Checked between epochs.</param>
    TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken);
}
