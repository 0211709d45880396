using System.Collections.Concurrent;

namespace Sweep.Grains.Execution;

/// <summary>
/// How a slot reserved by this silo's <see cref="TrialPuller"/> reaches the trial grain it starts, so the trial trains in
/// it instead of queueing for another:
/// <list type="number">
/// <item>the puller reserves a slot, leases a trial and <see cref="Offer"/>s the slot under the trial's key;</item>
/// <item>it calls the trial grain's <c>StartAsync</c>, which activates on this silo (the grain prefers local placement)
/// and <see cref="Take"/>s the slot before the call returns, if it has something to train;</item>
/// <item>when the call returns (or fails) the puller disposes the offer, which frees the slot if nobody took it (a stored
/// result, a run already in flight, an activation on another silo).</item>
/// </list>
/// A grain that finds no slot here does not train here: it hands the trial back to its sweeps.
/// </summary>
internal sealed class SlotHandOff
{
    private readonly ConcurrentDictionary<string, TrialSlot> offered = new(StringComparer.Ordinal);

    /// <summary>
    /// Offers <paramref name="slot"/> to the trial <paramref name="trialKey"/> until the returned offer is disposed. A slot
    /// offered while another is offered to the same trial is freed at once.
    /// </summary>
    public SlotOffer Offer(string trialKey, TrialSlot slot)
    {
        if (!offered.TryAdd(trialKey, slot))
        {
            slot.Dispose();
            return default;
        }

        return new SlotOffer(this, trialKey, slot);
    }

    /// <summary>The slot offered to <paramref name="trialKey"/>, now the caller's to free; null if none is offered on this silo.</summary>
    public TrialSlot? Take(string trialKey) => offered.TryRemove(trialKey, out var slot) ? slot : null;

    // Frees the offered slot unless it was taken (or replaced: only this offer's own slot is removed).
    private void Withdraw(string trialKey, TrialSlot slot)
    {
        if (offered.TryRemove(new KeyValuePair<string, TrialSlot>(trialKey, slot)))
        {
            slot.Dispose();
        }
    }

    /// <summary>An offer of a slot to one trial; disposing it withdraws the slot if the trial did not take it.</summary>
    public readonly struct SlotOffer : IDisposable
    {
        private readonly SlotHandOff? handOff;
        private readonly string? trialKey;
        private readonly TrialSlot? slot;

        internal SlotOffer(SlotHandOff handOff, string trialKey, TrialSlot slot) => (this.handOff, this.trialKey, this.slot) = (handOff, trialKey, slot);

        public void Dispose() => handOff?.Withdraw(trialKey!, slot!);
    }
}
