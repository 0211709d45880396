namespace Sweep.Training.Specs;

/// <summary>The engine a trial asks for; without one (<c>backend: auto</c>) the fused path trains what it can.</summary>
public enum TrainingBackend
{
    /// <summary>TorchSharp, which trains every model.</summary>
    Torch,

    /// <summary>The fused dense path (<see cref="Fused.FusedPath"/>).</summary>
    Fused,
}
