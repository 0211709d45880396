using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// The hand-out side of a sweep: its trials (<see cref="SweepTrials"/>: which have ended, which come next) and the leases
/// of those handed out, by trial key. A lease ends when its trial reports, when it is handed back, when its silo is
/// declared dead, or when a probe finds it not training. The sweep grain keeps one and does the calls; this class
/// decides, and needs neither a cluster nor real time.
/// </summary>
internal sealed class TrialLeases(TimeProvider time)
{
    /// <summary>
    /// How long a trial may be handed out before its sweep asks the trial grain whether it is training, and how often
    /// it asks again. A lease can outlive its run while its silo lives: the answer to a lease lost on the way, or a run
    /// that was on another silo (one that died after this sweep moved, say). Starting a trial takes milliseconds.
    /// </summary>
    public static readonly TimeSpan ProbePeriod = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, TrialLease> leases = new(StringComparer.Ordinal);

    /// <summary>The sweep's trials. Empty until the sweep starts; replaced when they are read again from the store.</summary>
    public SweepTrials Trials { get; private set; } = new([], []);

    /// <summary>Trials handed out now.</summary>
    public int Count => leases.Count;

    /// <summary>Trials handed out now, by silo.</summary>
    public IReadOnlyDictionary<string, int> RunningBySilo => leases.Values.CountBy(lease => lease.Silo.ToString()).ToDictionary();

    /// <summary>Whether the trial is handed out now.</summary>
    public bool IsLeased(string configurationId, int seed) => leases.ContainsKey(TrialKeys.For(configurationId, seed));

    /// <summary>The trials read again; the leases stay (their runs report to the new counts).</summary>
    public void Load(SweepTrials trials) => Trials = trials;

    /// <summary>
    /// Hands the next trial out to <paramref name="silo"/>: the first without an outcome that is not handed out already and
    /// that <paramref name="allowed"/> lets go now (a race's round). Null when there is none.
    /// </summary>
    public TrialLease? HandOut(SiloAddress silo, Func<string, int, bool> allowed)
    {
        if (Trials.Next((id, seed) => !IsLeased(id, seed) && allowed(id, seed)) is not var (configuration, seed))
        {
            return null;
        }

        var lease = new TrialLease(silo, configuration, seed, time.GetUtcNow(), Guid.NewGuid());
        leases[lease.Key] = lease;
        return lease;
    }

    /// <summary>
    /// A trial handed back by its silo (it could not start it): pending again, first in line, unless it has ended or the
    /// sweep hands nothing out. True when it is pending again.
    /// </summary>
    public bool Return(string trialKey, bool handsOut)
    {
        if (!leases.Remove(trialKey, out var lease) || !handsOut || Trials.HasEnded(lease.Configuration.Id, lease.Seed))
        {
            return false;
        }

        Trials.Return(lease.Configuration.Id, lease.Seed);
        return true;
    }

    /// <summary>An outcome: its lease ends, and it is counted (<see cref="SweepTrials.Record"/>). False for a trial not of this sweep.</summary>
    public bool Record(TrialOutcome outcome)
    {
        leases.Remove(outcome.TrialKey);
        return Trials.Record(outcome.ConfigurationId, outcome.Seed, outcome.State, outcome.Silo);
    }

    /// <summary>Ends every lease (the sweep is cancelled) and returns them: their trial grains are told to stop.</summary>
    public TrialLease[] EndAll()
    {
        var all = leases.Values.ToArray();
        leases.Clear();
        return all;
    }

    /// <summary>Trials handed to a silo that <paramref name="isDead"/> says is dead will never report: pending again, first in line.</summary>
    public TrialLease[] RequeueLost(Func<SiloAddress, bool> isDead)
    {
        var lost = leases.Values.Where(lease => isDead(lease.Silo)).ToArray();
        foreach (var lease in lost)
        {
            leases.Remove(lease.Key);
            Trials.Return(lease.Configuration.Id, lease.Seed);
        }

        return lost;
    }

    /// <summary>The leases held, since they were handed out or last found training, for <see cref="ProbePeriod"/> or longer.</summary>
    public TrialLease[] DueForProbe()
    {
        var now = time.GetUtcNow();
        return [.. leases.Values.Where(lease => now - lease.Checked >= ProbePeriod)];
    }

    /// <summary>
    /// What a probe of a lease's trial grain found (null: no answer, asked again after <see cref="ProbePeriod"/>), and what
    /// the sweep does about it.
    /// </summary>
    public ProbeVerdict Probed(TrialLease asked, TrialProbe? probe, bool handsOut)
    {
        if (!leases.TryGetValue(asked.Key, out var lease) || lease.Id != asked.Id)
        {
            return ProbeVerdict.Gone;
        }

        leases[lease.Key] = lease with { Checked = time.GetUtcNow() };
        if (probe is null || probe.Running)
        {
            return ProbeVerdict.Training;
        }

        // A stored failure may be an earlier run's: only a deterministic result stands without a new run.
        if (probe.Outcome is { State: TrialState.Completed or TrialState.Diverged })
        {
            return ProbeVerdict.FoundResult;
        }

        leases.Remove(lease.Key);
        if (!handsOut || Trials.HasEnded(lease.Configuration.Id, lease.Seed))
        {
            return ProbeVerdict.Gone;
        }

        Trials.Return(lease.Configuration.Id, lease.Seed);
        return ProbeVerdict.Requeued;
    }
}
