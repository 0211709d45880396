using System.Diagnostics;
using Sweep.Training.Engine;
using Sweep.Training.Specs;

namespace Sweep.Training.Torch;

/// <summary>
/// Trains any trial with TorchSharp inside Keras's <c>fit</c> loop (<see cref="FitLoop"/>; tf.keras 2.x
/// semantics, the activity reduction configurable, see <see cref="ActivityReduction"/>).
/// </summary>
/// <remarks>
/// Every random draw comes from the trial's own generators, seeded from the trial seed:
/// <c>torch.manual_seed</c> is process-wide and would make parallel trials interfere.
/// <para>
/// Every <see cref="TorchSharp.Scalar"/> the engine hands to libtorch is made by the trial's thread with
/// <c>ToScalar()</c> and held (<c>using</c>, or an optimizer's field) until the call returns. TorchSharp's implicit
/// conversion from a number, and overloads such as <c>add(Tensor)</c> (an <c>alpha</c> of 1) and <c>square()</c>
/// (<c>pow(2)</c>), make a Scalar that nothing references once its handle is read; a collection during the native call
/// then lets the finalizer thread free it while libtorch reads it. With two trials at a time on a busy machine that
/// failed about one trial in ten (<c>Scalar.h</c> assertions, "Unknown scalar type"), and it could as well have read a
/// wrong value. A test scans this assembly for such calls.
/// </para>
/// </remarks>
public sealed class TorchTrainer : ITrialTrainer
{
    /// <inheritdoc />
    public TrialResult Train(TrialSpec spec, int seed, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        using var engine = new TorchEngine(spec, seed);
        return FitLoop.Run(spec, seed, engine.TrainRows, engine, clock, onEpoch, cancellationToken);
    }
}
