using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// A handed-out trial: to which silo, which configuration and seed, when it was handed out or last found training, and
/// this hand-out's id (a trial handed out again gets a new one, so a late call about the old one is told apart).
/// </summary>
internal sealed record TrialLease(SiloAddress Silo, ConfigurationInfo Configuration, int Seed, DateTimeOffset Checked, Guid Id)
{
    /// <summary>The trial's key (<see cref="TrialKeys.For"/>).</summary>
    public string Key { get; } = TrialKeys.For(Configuration.Id, Seed);
}
