using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sweep.Grains.Contracts;
using Sweep.Grains.Telemetry;

namespace Sweep.Grains.Execution;

/// <summary>
/// The silo's side of balancing. Whenever one of this silo's trial slots is free, it takes the next
/// pending trial from a sweep on the work board and activates that trial's grain here, in the slot it
/// reserved. A silo therefore never holds more trials than it has slots, a fast silo comes back for
/// more sooner, and a silo that joins mid-sweep starts taking trials at once. When no sweep has
/// pending trials it long-polls the board instead of asking again.
/// </summary>
internal sealed partial class TrialPuller(
    IGrainFactory grains,
    TrialExecutor executor,
    ILocalSiloDetails silo,
    IOptions<TrialExecutionOptions> options,
    ILogger<TrialPuller> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long one board poll may wait; below the grain call timeout.</summary>
    internal static readonly TimeSpan BoardPoll = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(1);

    // The causes of the trial starts that failed since one last succeeded, each logged once: a results store that is down
    // fails every start alike.
    private readonly HashSet<string> startFailures = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;
    private IDisposable? gauge;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrialPuller), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        gauge = SweepTelemetry.ObserveSilo(silo.SiloAddress.ToString(), () => executor.Running);
        if (options.Value.Sweeps is not { Count: 0 })
        {
            loop = Task.Run(() => PullAsync(stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await loop;
        stopping.Dispose();
        gauge?.Dispose();
    }

    private async Task PullAsync(CancellationToken cancellationToken)
    {
        var me = silo.SiloAddress;
        var catalog = grains.GetGrain<ISweepCatalogGrain>(0);
        var board = new WorkBoard(-1, []);
        var next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TrialSlot? slot = null;
            try
            {
                slot = await executor.ReserveAsync(cancellationToken);
                TrialAssignment? assignment = null;
                while (assignment is null)
                {
                    // Each sweep on the board in turn, starting after the one served last, so concurrent sweeps share the silo.
                    var sweeps = Wanted(board.ActiveSweeps);
                    for (var i = 0; i < sweeps.Length && assignment is null; i++)
                    {
                        var sweepId = sweeps[(next + i) % sweeps.Length];
                        assignment = await grains.GetGrain<ISweepGrain>(sweepId).LeaseAsync(me);
                        next = (next + i + 1) % sweeps.Length;
                    }

                    if (assignment is null)
                    {
                        board = await catalog.WaitForWorkAsync(board.Version, BoardPoll, cancellationToken);
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                var started = await StartAsync(assignment, slot);
                slot = null;
                if (!started)
                {
                    // The trial went back to its sweep, which would hand it out again at once: wait as after any error.
                    await Task.Delay(RetryAfterError, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception) when (executor.Stopping)
            {
                // The silo is stopping (the board, on this silo, refuses polls then): it takes no more trials.
                break;
            }
            catch (Exception e)
            {
                // The board or a sweep did not answer (a silo left, storage hiccup): look again shortly.
                LogPullFailed(logger, e);
                await Task.Delay(RetryAfterError, CancellationToken.None);
            }
            finally
            {
                slot?.Dispose();
            }
        }
    }

    private async Task<bool> StartAsync(TrialAssignment assignment, TrialSlot slot)
    {
        var trialKey = TrialKeys.For(assignment.ConfigurationId, assignment.Seed);
        using var offer = executor.HandOff.Offer(trialKey, slot);
        try
        {
            // The grain takes the offered slot before this call returns, unless it has nothing to train here.
            await grains.GetGrain<ITrialGrain>(trialKey).StartAsync(assignment);
            startFailures.Clear();
            return true;
        }
        catch (Exception e)
        {
            // At most a few hundred causes are remembered: a cause whose text changes every time is still logged, not kept.
            if (startFailures.Count >= 256)
            {
                startFailures.Clear();
            }

            if (startFailures.Add(e.Message))
            {
                LogStartFailed(logger, e, trialKey);
            }

            grains.GetGrain<ISweepGrain>(assignment.SweepId).ReturnTrialAsync(trialKey).Ignore();
            return false;
        }
    }

    private string[] Wanted(string[] active) =>
        options.Value.Sweeps is { } only ? active.Where(only.Contains).ToArray() : active;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take a trial from the work board")]
    private static partial void LogPullFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start trial {TrialKey}; it goes back to its sweep (later starts that fail for the same cause are not logged until one succeeds)")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string trialKey);
}
