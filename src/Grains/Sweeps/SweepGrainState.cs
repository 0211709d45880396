using Sweep.Grains.Contracts;

namespace Sweep.Grains.Sweeps;

/// <summary>The persisted state of a sweep grain.</summary>
[GenerateSerializer]
[Alias("Sweep.SweepGrainState")]
public sealed class SweepGrainState
{
    /// <summary>The request that created the sweep; null until it starts.</summary>
    [Id(0)]
    public SweepRequest? Request { get; set; }

    [Id(1)]
    public string Name { get; set; } = "";

    [Id(2)]
    public string Metric { get; set; } = "";

    [Id(3)]
    public List<ConfigurationInfo> Configurations { get; set; } = [];

    [Id(4)]
    public List<int> Seeds { get; set; } = [];

    /// <summary>
    /// Finished trials by trial key, as Sweep kept them before the results store: read only to import such a store, then
    /// emptied. Outcomes are now rows of the results store.
    /// </summary>
    [Id(5)]
    public Dictionary<string, TrialOutcome> Outcomes { get; set; } = [];

    [Id(6)]
    public DateTimeOffset Created { get; set; }

    [Id(7)]
    public DateTimeOffset? Finished { get; set; }

    /// <summary>When the sweep was cancelled; null while it runs or once it is resumed.</summary>
    [Id(8)]
    public DateTimeOffset? Cancelled { get; set; }

    /// <summary>The sweep file's <c>retries</c>.</summary>
    [Id(9)]
    public int Retries { get; set; } = Training.Sweeps.SweepDefinition.DefaultRetries;

    /// <summary>The sweep file's <c>trial_time_limit</c> in seconds.</summary>
    [Id(10)]
    public double? TrialTimeLimit { get; set; }

    /// <summary>The W3C context of the sweep's span, the parent of every trial span; chosen when the sweep starts.</summary>
    [Id(11)]
    public string? TraceContext { get; set; }

    /// <summary>Whether the sweep's span was emitted (once, when the sweep first ended).</summary>
    [Id(12)]
    public bool TraceEmitted { get; set; }

    /// <summary>The configuration the others are compared with: the file's <c>baseline</c> or the default; null for none.</summary>
    [Id(13)]
    public string? BaselineId { get; set; }

    /// <summary>The latest run of the sweep's file (<c>sweep_runs.run</c>): the run its trial attempts are handed out for.</summary>
    [Id(14)]
    public long? Run { get; set; }

    /// <summary>The sweep file's race: its first round's seeds; null for a plain grid. Its last is the sweep's seed count less <see cref="RaceConfirm"/>.</summary>
    [Id(15)]
    public int? RaceMinSeeds { get; set; }

    [Id(16)]
    public int RaceRoundSeeds { get; set; }

    [Id(17)]
    public double RaceAlpha { get; set; }

    [Id(18)]
    public double RaceMargin { get; set; }

    /// <summary>The race's confirmation seeds: the last this many of the sweep's seeds (0 for none).</summary>
    [Id(19)]
    public int RaceConfirm { get; set; }

    /// <summary>The sweep file's race, or null. Computed, not stored: grain storage may serialize every property of the state.</summary>
    public Training.Sweeps.RaceDefinition? Race() =>
        RaceMinSeeds is { } min ? new Training.Sweeps.RaceDefinition(min, Seeds.Count - RaceConfirm, RaceRoundSeeds, RaceAlpha, RaceMargin, RaceConfirm) : null;

    /// <summary>The sweep's status: this state, its trials' counts and the trials running now by silo.</summary>
    internal SweepStatus Status(string sweepId, SweepTrials trials, IReadOnlyDictionary<string, int> running)
    {
        var failed = trials.Count(TrialState.Failed);
        var stateNow = Finished is not null ? (failed == trials.Done && failed > 0 ? SweepState.Failed : SweepState.Completed)
            : Cancelled is not null ? SweepState.Cancelled
            : SweepState.Running;
        var traceId = System.Diagnostics.ActivityContext.TryParse(TraceContext, null, out var context) ? context.TraceId.ToString() : null;
        var finishedBy = trials.FinishedBySilo;
        var silos = running.Keys.Union(finishedBy.Keys)
            .Order(StringComparer.Ordinal)
            .Select(silo => new SiloProgress(silo, running.GetValueOrDefault(silo), finishedBy.GetValueOrDefault(silo)))
            .ToArray();
        return new SweepStatus(
            sweepId, Name, stateNow, Configurations.Count, trials.Total, trials.Count(TrialState.Completed), failed, Created, Finished, Metric, traceId, silos,
            trials.Count(TrialState.Diverged));
    }

    /// <summary>Keeps a sweep file's race (null: a plain grid). Its max_seeds is the seed count less its confirmation's.</summary>
    public void SetRace(Training.Sweeps.RaceDefinition? race) =>
        (RaceMinSeeds, RaceRoundSeeds, RaceAlpha, RaceMargin, RaceConfirm) =
            (race?.MinSeeds, race?.RoundSeeds ?? 0, race?.Alpha ?? 0, race?.Margin ?? 0, race?.Confirm ?? 0);
}
