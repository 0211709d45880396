using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sweep.Grains.Contracts;
using Sweep.Grains.Sweeps;

namespace Sweep.Grains.Tests.Sweeps;

/// <summary>The hand-out rules of a sweep, driven without a cluster and with faked time.</summary>
public sealed class TrialLeasesTests
{
    private static readonly SiloAddress SiloA = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress SiloB = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly TrialLeases leases;

    public TrialLeasesTests()
    {
        leases = new TrialLeases(time);
        leases.Load(new SweepTrials([Configuration("a"), Configuration("b")], [0, 1]));
    }

    [Fact]
    public void HandOut_UntilNoneLeft_GivesEveryTrialOnceInSeedOrderToWhicheverSiloAsks()
    {
        var handed = new List<string>();
        while (leases.HandOut(handed.Count % 2 == 0 ? SiloA : SiloB, Any) is { } lease)
        {
            handed.Add(lease.Key);
        }

        Assert.Equal(["a/0", "b/0", "a/1", "b/1"], handed.Select(Name));
        Assert.Equal(4, leases.Count);
        Assert.Equal(new Dictionary<string, int> { [SiloA.ToString()] = 2, [SiloB.ToString()] = 2 }, leases.RunningBySilo);
        Assert.Empty(leases.DueForProbe());
    }

    [Fact]
    public void HandOut_TrialNotAllowed_IsSkippedAndStaysPending()
    {
        var first = leases.HandOut(SiloA, (id, _) => id != "a");

        Assert.Equal("b/0", Name(first!.Key));
        Assert.False(leases.IsLeased("a", 0));
        Assert.True(leases.IsLeased("b", 0));
    }

    [Fact]
    public void Return_LeasedTrial_IsPendingAgainFirstInLine()
    {
        var first = leases.HandOut(SiloA, Any)!;
        leases.HandOut(SiloA, Any);

        var pending = leases.Return(first.Key, handsOut: true);
        var next = leases.HandOut(SiloB, Any)!;

        Assert.True(pending);
        Assert.Equal(first.Key, next.Key);
        Assert.NotEqual(first.Id, next.Id);
        Assert.Equal(SiloB, next.Silo);
    }

    [Fact]
    public void Return_SweepNoLongerHandingOut_EndsTheLeaseWithoutQueueingIt()
    {
        var first = leases.HandOut(SiloA, Any)!;

        var pending = leases.Return(first.Key, handsOut: false);

        Assert.False(pending);
        Assert.Equal(0, leases.Count);
        Assert.Equal("b/0", Name(leases.HandOut(SiloA, Any)!.Key));
    }

    [Fact]
    public void Record_LeasedTrial_EndsItsLeaseAndCountsItOnce()
    {
        var first = leases.HandOut(SiloA, Any)!;

        var counted = leases.Record(Outcome(first, TrialState.Completed));
        var again = leases.Record(Outcome(first, TrialState.Completed));
        var returned = leases.Return(first.Key, handsOut: true);

        Assert.True(counted && again);
        Assert.False(returned);
        Assert.Equal(0, leases.Count);
        Assert.Equal(1, leases.Trials.Done);
        Assert.Equal(1, leases.Trials.Count(TrialState.Completed));
        Assert.False(leases.Record(new TrialOutcome("c", 0, TrialState.Completed, null, null, "s", time.GetUtcNow(), time.GetUtcNow())));
    }

    [Fact]
    public void RequeueLost_DeadSilo_PutsOnlyItsTrialsFirstInLine()
    {
        var onA = leases.HandOut(SiloA, Any)!;
        var onB = leases.HandOut(SiloB, Any)!;

        var lost = leases.RequeueLost(silo => silo.Equals(SiloA));
        var next = leases.HandOut(SiloB, Any)!;

        Assert.Equal([onA.Key], lost.Select(l => l.Key));
        Assert.Equal(onA.Key, next.Key);
        Assert.True(leases.IsLeased(onB.Configuration.Id, onB.Seed));
        Assert.Equal(new Dictionary<string, int> { [SiloB.ToString()] = 2 }, leases.RunningBySilo);
    }

    [Fact]
    public void DueForProbe_LeaseHeldForTheProbePeriod_IsDueAndAnAnsweredOneWaitsAnotherPeriod()
    {
        var lease = leases.HandOut(SiloA, Any)!;
        time.Advance(TrialLeases.ProbePeriod - TimeSpan.FromMilliseconds(1));
        var early = leases.DueForProbe();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var due = leases.DueForProbe();

        var verdict = leases.Probed(lease, new TrialProbe(Running: true, Outcome: null), handsOut: true);
        var afterAnswer = leases.DueForProbe();
        time.Advance(TrialLeases.ProbePeriod);
        var later = leases.DueForProbe();

        Assert.Empty(early);
        Assert.Equal([lease.Key], due.Select(l => l.Key));
        Assert.Equal(ProbeVerdict.Training, verdict);
        Assert.Empty(afterAnswer);
        Assert.Equal([lease.Key], later.Select(l => l.Key));
    }

    [Fact]
    public void Probed_NoAnswer_KeepsTheLease()
    {
        var lease = leases.HandOut(SiloA, Any)!;

        Assert.Equal(ProbeVerdict.Training, leases.Probed(lease, null, handsOut: true));
        Assert.True(leases.IsLeased("a", 0));
    }

    [Fact]
    public void Probed_NotTrainingAndNoResult_IsPendingAgainFirstInLine()
    {
        var lease = leases.HandOut(SiloA, Any)!;
        leases.HandOut(SiloA, Any);

        var verdict = leases.Probed(lease, new TrialProbe(Running: false, Outcome: null), handsOut: true);

        Assert.Equal(ProbeVerdict.Requeued, verdict);
        Assert.Equal(lease.Key, leases.HandOut(SiloB, Any)!.Key);
    }

    [Fact]
    public void Probed_NotTrainingWithAStoredFailure_IsPendingAgainAsOnlyADeterministicResultStands()
    {
        var lease = leases.HandOut(SiloA, Any)!;

        var verdict = leases.Probed(lease, new TrialProbe(Running: false, Outcome: Outcome(lease, TrialState.Failed)), handsOut: true);

        Assert.Equal(ProbeVerdict.Requeued, verdict);
    }

    [Theory]
    [InlineData(TrialState.Completed)]
    [InlineData(TrialState.Diverged)]
    public void Probed_NotTrainingWithAStoredDeterministicResult_AsksTheSweepToRecordIt(TrialState state)
    {
        var lease = leases.HandOut(SiloA, Any)!;

        var verdict = leases.Probed(lease, new TrialProbe(Running: false, Outcome: Outcome(lease, state)), handsOut: true);

        Assert.Equal(ProbeVerdict.FoundResult, verdict);
        Assert.True(leases.IsLeased("a", 0));
    }

    [Fact]
    public void Probed_AnswerAboutAnEarlierHandOut_LeavesTheNewLeaseAlone()
    {
        var old = leases.HandOut(SiloA, Any)!;
        leases.Return(old.Key, handsOut: true);
        var fresh = leases.HandOut(SiloB, Any)!;

        var verdict = leases.Probed(old, new TrialProbe(Running: false, Outcome: null), handsOut: true);

        Assert.Equal(ProbeVerdict.Gone, verdict);
        Assert.Equal(old.Key, fresh.Key);
        Assert.True(leases.IsLeased("a", 0));
    }

    [Fact]
    public void Probed_SweepNoLongerHandingOut_EndsTheLeaseWithoutQueueingIt()
    {
        var lease = leases.HandOut(SiloA, Any)!;

        var verdict = leases.Probed(lease, new TrialProbe(Running: false, Outcome: null), handsOut: false);

        Assert.Equal(ProbeVerdict.Gone, verdict);
        Assert.Equal(0, leases.Count);
    }

    [Fact]
    public void EndAll_Cancelled_ReturnsEveryLeaseAndHoldsNone()
    {
        var first = leases.HandOut(SiloA, Any)!;
        var second = leases.HandOut(SiloB, Any)!;

        var ended = leases.EndAll();

        Assert.Equal(new[] { first.Id, second.Id }.Order(), ended.Select(l => l.Id).Order());
        Assert.Equal(0, leases.Count);
        Assert.Empty(leases.RunningBySilo);
    }

    private static bool Any(string configurationId, int seed) => true;

    private static ConfigurationInfo Configuration(string id) => new(id, $"label-{id}", "{}");

    // "a/0" for the trial key of configuration a, seed 0.
    private static string Name(string trialKey) =>
        new[] { "a", "b" }.SelectMany(id => new[] { 0, 1 }.Select(seed => (id, seed))).Single(t => TrialKeys.For(t.id, t.seed) == trialKey) is var (c, s) ? $"{c}/{s}" : "";

    private TrialOutcome Outcome(TrialLease lease, TrialState state) =>
        new(lease.Configuration.Id, lease.Seed, state, null, null, lease.Silo.ToString(), time.GetUtcNow(), time.GetUtcNow());
}
