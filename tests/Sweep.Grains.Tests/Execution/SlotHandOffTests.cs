using Sweep.Grains.Execution;

namespace Sweep.Grains.Tests.Execution;

/// <summary>The hand-off of a reserved slot from a silo's puller to the trial grain it starts.</summary>
public sealed class SlotHandOffTests : IDisposable
{
    private readonly SemaphoreSlim slots = new(2, 2);
    private readonly SlotHandOff handOff = new();

    public void Dispose() => slots.Dispose();

    [Fact]
    public void Take_OfferedSlot_IsTheTakersAndWithdrawingTheOfferLeavesItHeld()
    {
        var slot = Reserve();
        var offer = handOff.Offer("t1", slot);

        var taken = handOff.Take("t1");
        offer.Dispose();

        Assert.Same(slot, taken);
        Assert.Equal(1, slots.CurrentCount);
        Assert.Null(handOff.Take("t1"));
        taken!.Dispose();
        Assert.Equal(2, slots.CurrentCount);
    }

    [Fact]
    public void Dispose_OfferNobodyTook_FreesTheSlot()
    {
        var offer = handOff.Offer("t1", Reserve());

        offer.Dispose();

        Assert.Equal(2, slots.CurrentCount);
        Assert.Null(handOff.Take("t1"));
    }

    [Fact]
    public void Take_NoOfferForTheTrial_IsNull()
    {
        using var offer = handOff.Offer("t1", Reserve());

        Assert.Null(handOff.Take("t2"));
    }

    [Fact]
    public void Offer_SecondSlotForATrialAlreadyOffered_IsFreedAtOnceAndTheFirstStaysOffered()
    {
        var first = Reserve();
        using var offer = handOff.Offer("t1", first);

        var second = handOff.Offer("t1", Reserve());
        second.Dispose();

        Assert.Equal(1, slots.CurrentCount);
        Assert.Same(first, handOff.Take("t1"));
    }

    [Fact]
    public void Dispose_OfferAfterTheSlotWasTakenAndOfferedAgain_LeavesTheNewOfferAlone()
    {
        var offer = handOff.Offer("t1", Reserve());
        using var taken = handOff.Take("t1");
        var next = Reserve();
        using var nextOffer = handOff.Offer("t1", next);

        offer.Dispose();

        Assert.Same(next, handOff.Take("t1"));
    }

    private TrialSlot Reserve()
    {
        Assert.True(slots.Wait(0));
        return new TrialSlot(slots);
    }
}
