using Microsoft.Extensions.Logging;
using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>The hand-out: trials leased to the silos that ask, handed back, and checked against the cluster and their trial grains.</summary>
internal sealed partial class SweepGrain
{
    public async Task<TrialAssignment?> LeaseAsync(SiloAddress silo)
    {
        // A round whose decision could not be read from the store when it ended (the store was away) is decided now.
        if (state.State.Race() is not null && (race is null || (!race.Finished && Gate!.RoundEnded(Trials))))
        {
            await TryReplayRaceAsync();
        }

        // Every trial has an outcome row, but this activation heard no last report (it was lost with an earlier one).
        if (HandsOut && AllDone && leases.Count == 0)
        {
            await FinishAsync();
            return null;
        }

        var gate = Gate;
        if (!HandsOut || leases.HandOut(silo, (id, seed) => gate?.Allows(id, seed) ?? true) is not { } lease)
        {
            return null;
        }

        leaseCheck ??= this.RegisterGrainTimer(CheckLeasesAsync, new GrainTimerCreationOptions(LeaseCheckPeriod, LeaseCheckPeriod) { KeepAlive = true });

        // Watchers see which silo took it.
        Signal();
        return new TrialAssignment(
            SweepId, lease.Configuration.Id, lease.Configuration.SpecJson, lease.Seed, state.State.TraceContext, state.State.Retries, state.State.TrialTimeLimit, lease.Id, state.State.Run);
    }

    public async Task ReturnTrialAsync(string trialKey)
    {
        if (!leases.Return(trialKey, HandsOut))
        {
            return;
        }

        Signal();
        await Catalog.SetActiveAsync(SweepId, active: true);
    }

    /// <summary>
    /// Trials handed to a silo that the cluster has since declared dead will never report: they are
    /// pending again, first in line. Runs while trials are handed out.
    /// </summary>
    private async Task CheckLeasesAsync(CancellationToken cancellationToken)
    {
        if (leases.Count == 0)
        {
            leaseCheck?.Dispose();
            leaseCheck = null;
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        var lost = leases.RequeueLost(silo => snapshot.GetSiloStatus(silo) == SiloStatus.Dead);
        foreach (var lease in lost)
        {
            LogTrialRequeued(logger, lease.Key, lease.Silo);
        }

        var requeued = lost.Length + await ProbeLongLeasesAsync();
        if (requeued > 0 && HandsOut)
        {
            Signal();
            await Catalog.SetActiveAsync(SweepId, active: true);
        }
    }

    /// <summary>
    /// Asks the trial grain of each lease held longer than <see cref="TrialLeases.ProbePeriod"/> (and not asked within it)
    /// whether it is training (<see cref="TrialLeases.Probed"/>). A trial that does not answer is asked again later.
    /// </summary>
    /// <returns>How many trials are pending again.</returns>
    private async Task<int> ProbeLongLeasesAsync()
    {
        var due = leases.DueForProbe();
        if (due.Length == 0)
        {
            return 0;
        }

        var probes = await Task.WhenAll(due.Select(lease => ProbeAsync(lease.Key)));
        var requeued = 0;
        foreach (var (lease, probe) in due.Zip(probes))
        {
            switch (leases.Probed(lease, probe, HandsOut))
            {
                case ProbeVerdict.FoundResult:
                    LogLeaseFoundResult(logger, lease.Key, lease.Silo);
                    await RecordAsync(probe!.Outcome!);
                    break;
                case ProbeVerdict.Requeued:
                    requeued++;
                    LogLeaseNotRunning(logger, lease.Key, lease.Silo);
                    break;
            }
        }

        return requeued;
    }

    private async Task<TrialProbe?> ProbeAsync(string trialKey)
    {
        try
        {
            return await GrainFactory.GetGrain<ITrialGrain>(trialKey).ProbeAsync().WaitAsync(ProbeTimeout, time);
        }
        catch (Exception e)
        {
            LogProbeFailed(logger, e, trialKey);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey} was running on silo {Silo}, which the cluster declared dead; it is pending again")]
    private static partial void LogTrialRequeued(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey}, handed to silo {Silo}, is not training anywhere; it is pending again")]
    private static partial void LogLeaseNotRunning(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialKey}, handed to silo {Silo}, has a stored result this sweep had not heard of; it is recorded")]
    private static partial void LogLeaseFoundResult(ILogger logger, string trialKey, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask trial {TrialKey} whether it is training; asking again later")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception, string trialKey);
}
