namespace Sweep.Grains.Sweeps;

/// <summary>What a sweep does after asking a leased trial's grain whether it is training (<see cref="TrialLeases.Probed"/>).</summary>
internal enum ProbeVerdict
{
    /// <summary>The lease had ended meanwhile, or its trial has ended: nothing to do.</summary>
    Gone,

    /// <summary>It is training, or did not answer: the lease stays, asked again later.</summary>
    Training,

    /// <summary>It has a stored result the sweep had not heard of: the sweep records it.</summary>
    FoundResult,

    /// <summary>It is not training anywhere: pending again, first in line.</summary>
    Requeued,
}
