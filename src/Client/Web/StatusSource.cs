using Sweep.Grains.Contracts;

namespace Sweep.Client.Web;

/// <summary>A sweep's status, read on request, and the pause between two reads; disposing it closes what it holds open.</summary>
/// <param name="ReadAsync">Reads the sweep's status now.</param>
/// <param name="Poll">How long to wait between two reads.</param>
/// <param name="Held">What stays open between reads (the store's connection), or null.</param>
internal sealed record StatusSource(Func<Task<SweepStatus>> ReadAsync, TimeSpan Poll, IDisposable? Held) : IDisposable
{
    public void Dispose() => Held?.Dispose();
}
