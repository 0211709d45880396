using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>
/// What a sweep grain knows of its trials to hand them out: which have ended and how (one byte each), counts by state and
/// by silo, and which come next. It holds no result: those are rows of the results store, from which it is rebuilt when
/// the grain activates. Trials come in seed order, each seed over the grid, so every configuration gets its first seed
/// early; trials handed back go first.
/// </summary>
internal sealed class SweepTrials
{
    private readonly IReadOnlyList<ConfigurationInfo> configurations;
    private readonly IReadOnlyList<int> seeds;
    private readonly Dictionary<string, int> configurationIndex;
    private readonly Dictionary<int, int> seedIndex;

    // Per trial, at seed index * configurations + configuration index: 0 while it has no outcome, else its TrialState + 1.
    private readonly byte[] ended;
    private readonly int[] counts = new int[Enum.GetValues<TrialState>().Length];
    private readonly Dictionary<string, int> finishedBySilo = new(StringComparer.Ordinal);
    private readonly LinkedList<int> returned = new();
    private int next;

    public SweepTrials(IReadOnlyList<ConfigurationInfo> configurations, IReadOnlyList<int> seeds)
    {
        this.configurations = configurations;
        this.seeds = seeds;
        configurationIndex = configurations.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        seedIndex = seeds.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        ended = new byte[configurations.Count * seeds.Count];
    }

    public int Total => ended.Length;

    /// <summary>
    /// How far <see cref="Next"/> may go in seed order (the first <c>Limit / configurations</c> seeds of every configuration),
    /// as a race's round allows; all of them by default.
    /// </summary>
    public int Limit { get; set; } = int.MaxValue;

    /// <summary>Trials with an outcome.</summary>
    public int Done => counts.Sum();

    public int Count(TrialState state) => counts[(int)state];

    /// <summary>Finished trials by the silo that finished them.</summary>
    public IReadOnlyDictionary<string, int> FinishedBySilo => finishedBySilo;

    /// <summary>
    /// Records an outcome; one the trial already had is not counted again, and a late failure does not undo a completed or
    /// diverged trial (the store keeps those). False for a trial not of this sweep.
    /// </summary>
    public bool Record(string configurationId, int seed, TrialState state, string silo)
    {
        if (IndexOf(configurationId, seed) is not { } index)
        {
            return false;
        }

        if (ended[index] != 0)
        {
            if (ended[index] == (byte)(state + 1) || (state == TrialState.Failed && ended[index] != (byte)(TrialState.Failed + 1)))
            {
                return true;
            }

            counts[ended[index] - 1]--;
        }
        else
        {
            finishedBySilo[silo] = finishedBySilo.GetValueOrDefault(silo) + 1;
        }

        ended[index] = (byte)(state + 1);
        counts[(int)state]++;
        return true;
    }

    public bool HasEnded(string configurationId, int seed) => IndexOf(configurationId, seed) is { } index && ended[index] != 0;

    /// <summary>Every trial without an outcome is pending again, from the first.</summary>
    public void Restart()
    {
        returned.Clear();
        next = 0;
    }

    /// <summary>A trial handed out and given back: it goes first.</summary>
    public void Return(string configurationId, int seed)
    {
        if (IndexOf(configurationId, seed) is { } index && ended[index] == 0)
        {
            returned.AddFirst(index);
        }
    }

    /// <summary>
    /// The next trial without an outcome for which <paramref name="available"/> holds (it is not handed out already);
    /// null when there is none. Each trial is offered once per <see cref="Restart"/> unless it is returned.
    /// </summary>
    public (ConfigurationInfo Configuration, int Seed)? Next(Func<string, int, bool> available)
    {
        while (true)
        {
            int index;
            if (returned.First is { } first)
            {
                index = first.Value;
                returned.RemoveFirst();
            }
            else if (next < Math.Min(ended.Length, Limit))
            {
                index = next++;
            }
            else
            {
                return null;
            }

            var configuration = configurations[index % configurations.Count];
            var seed = seeds[index / configurations.Count];
            if (ended[index] == 0 && available(configuration.Id, seed))
            {
                return (configuration, seed);
            }
        }
    }

    /// <summary>How many trials are waiting to be handed out, at most: those not yet offered and those returned.</summary>
    public int Waiting => ended.Length - next + returned.Count;

    private int? IndexOf(string configurationId, int seed) =>
        configurationIndex.TryGetValue(configurationId, out var c) && seedIndex.TryGetValue(seed, out var s) ? s * configurations.Count + c : null;
}
