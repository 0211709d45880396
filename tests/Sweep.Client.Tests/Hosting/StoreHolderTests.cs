using System.Diagnostics;
using Sweep.Client.Hosting;
using Sweep.Client.Tests.Support;

namespace Sweep.Client.Tests.Hosting;

/// <summary>Which process a cancel may interrupt: a run of the sweep cancelled, and no other holder of the store.</summary>
public sealed class StoreHolderTests
{
    [Fact]
    public async Task Interrupt_AHolderRunningAnotherSweep_IsLeftAloneAndNamed()
    {
        using var temp = new TemporaryStore();
        Directory.CreateDirectory(temp.Store);
        var store = StoreLocation.Resolve(temp.Store);

        // A stand-in for the holder: were it interrupted, it would end, and the interrupt would return its pid.
        using var holder = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        try
        {
            using (new FileStream(Path.Combine(temp.Store, "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                File.WriteAllLines(Path.Combine(temp.Store, StoreLock.HolderFile), [$"{holder.Id}", "other-1a2b3c4d"]);

                var refused = await Assert.ThrowsAsync<ArgumentException>(() => StoreHolder.InterruptAsync(store, "mine-5e6f7a8b", CancellationToken.None));

                Assert.Equal(
                    $"the store {store.Directory} is in use by another sweep process (pid {holder.Id}, running sweep other-1a2b3c4d), not by a run of sweep mine-5e6f7a8b; wait for it to end, then cancel again",
                    refused.Message);
                Assert.False(holder.HasExited);
            }
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public void Holder_TheFileATakerWrites_NamesItsPidAndItsSweeps()
    {
        using var temp = new TemporaryStore();
        Directory.CreateDirectory(temp.Store);
        var store = StoreLocation.Resolve(temp.Store);

        using (StoreLock.Take(store, ["demo-1a2b3c4d"]))
        {
            var (pid, sweeps) = StoreLock.ReadHolder(store);
            Assert.Equal(Environment.ProcessId, pid);
            Assert.Equal(["demo-1a2b3c4d"], sweeps);
            Assert.Equal($"pid {Environment.ProcessId}, running sweep demo-1a2b3c4d", StoreLock.Holder(store));
        }
    }
}
