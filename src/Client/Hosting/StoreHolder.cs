using System.Diagnostics;
using System.Globalization;

namespace Sweep.Client.Hosting;

/// <summary>
/// The process that holds an embedded store (<see cref="StoreLock"/>), as another process sees it: a <c>sweep cancel</c>
/// stops a <c>sweep run</c> that trains the sweep by interrupting it, as Ctrl+C in its terminal would.
/// </summary>
internal static class StoreHolder
{
    /// <summary>How long the holder may take to stop: running trials stop within an epoch, then the silo shuts down.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Interrupts the process holding <paramref name="store"/>, if it is a run of <paramref name="sweepId"/>, and waits until
    /// it has let the store go. Returns its pid, or null when no process holds it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The holder cannot be found, interrupted, or did not stop in time.</exception>
    /// <exception cref="ArgumentException">
    /// The holder is not a run of <paramref name="sweepId"/> (a run of another sweep, a cancel): it is left alone.
    /// </exception>
    public static async Task<int?> InterruptAsync(StoreLocation store, string sweepId, CancellationToken cancellationToken)
    {
        if (!StoreLock.IsHeld(store))
        {
            return null;
        }

        var (found, sweeps) = StoreLock.ReadHolder(store);
        if (found is not { } pid)
        {
            throw new InvalidOperationException($"the store {store.Directory} is held by a process whose id {Path.Combine(store.Directory, StoreLock.HolderFile)} does not give");
        }

        if (!sweeps.Contains(sweepId, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"the store {store.Directory} is in use by another sweep process ({StoreLock.Holder(store)}), not by a run of sweep {sweepId}; wait for it to end, then cancel again");
        }

        using var holder = Process.GetProcessById(pid);

        // .NET sends no signal but SIGKILL to another process; kill(1) sends the SIGINT that Ctrl+C would.
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!)
        {
            var error = await kill.StandardError.ReadToEndAsync(cancellationToken);
            await kill.WaitForExitAsync(cancellationToken);
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"could not interrupt pid {pid}, which holds the store {store.Directory}: {error.Trim()}");
            }
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StopLimit);
        try
        {
            await holder.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"pid {pid}, which holds the store {store.Directory}, did not stop within {StopLimit.TotalSeconds:0} s of being interrupted");
        }

        return pid;
    }
}
