namespace Sweep.Grains.Execution;

/// <summary>One of a silo's trial slots, held until disposed; disposing it twice frees it once.</summary>
internal sealed class TrialSlot(SemaphoreSlim slots) : IDisposable
{
    private int released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            slots.Release();
        }
    }
}
