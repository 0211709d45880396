using Sweep.Client.Hosting;
using Sweep.Grains.Contracts;

namespace Sweep.Client.Commands;

/// <summary>
/// What <c>sweep cancel ID</c> does, for the command and for the web UI's Cancel button alike: pending trials never start,
/// running ones stop within an epoch, finished results stay. A sweep that a <c>sweep run</c> in another process trains on an
/// embedded store is cancelled by interrupting that run first (as Ctrl+C in its terminal would), then in the store it let go.
/// </summary>
internal static class SweepCancellation
{
    /// <summary>
    /// Cancels the sweep <paramref name="sweepId"/> (resolved) of the store or cluster, telling <paramref name="say"/> what
    /// is done as it is done, a line each, as <c>sweep cancel</c> prints them.
    /// </summary>
    /// <returns>Its status after.</returns>
    /// <exception cref="InvalidOperationException">
    /// The sweep has finished, or the run holding the store could not be interrupted: the message says which.
    /// </exception>
    /// <exception cref="ArgumentException">Another process holds the embedded store and is not training this sweep.</exception>
    public static async Task<SweepStatus> CancelAsync(string? store, ClusterAddress? cluster, string sweepId, Action<string> say, CancellationToken cancellationToken)
    {
        // A sweep that a run in another process trains on this store: that run is interrupted first (its trials stop within
        // an epoch and what finished is stored), then the sweep is cancelled here, in the store it let go.
        if (cluster is null && (await StoreQuery.StatusAsync(store, null, sweepId, cancellationToken)).State == SweepState.Running)
        {
            if (await StoreHolder.InterruptAsync(StoreLocation.Resolve(store), sweepId, cancellationToken) is { } pid)
            {
                say($"stopped the sweep run that trained it (pid {pid}); its finished trials are stored");
            }
        }

        await using var connection = await StoreQuery.OpenAsync(store, cluster, EmbeddedUse.Changes, cancellationToken);
        var sweep = connection.Grains.GetGrain<ISweepGrain>(sweepId);
        var before = await sweep.GetStatusAsync();
        if (before.State == SweepState.Cancelled)
        {
            say($"sweep {before.SweepId} was already cancelled: {before.Completed} completed, {before.Failed} failed, {before.Total - before.Done} not run");
            return before;
        }

        var after = await sweep.CancelAsync();
        say($"sweep {after.SweepId} cancelled: {after.Completed} completed, {after.Failed} failed, {before.Running} running trials stopped, {after.Total - after.Done} not run");
        return after;
    }
}
