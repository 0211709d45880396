namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// The small sweep files the command-line tests run: two layers on 100 circle points (30 to train), a grid over the first
/// layer's activity regularizer, a few seconds in all. They differ in seeds, epochs and grid, which the tests' counts of
/// trials and configurations follow; a test that needs a variant replaces a line of one of them.
/// </summary>
internal static class TestSweeps
{
    /// <summary><c>small</c>: 2 configurations (no penalty, l1 0.01) x 3 seeds = 6 trials of 20 epochs.</summary>
    public const string ThreeSeedsTwentyEpochs = """
        name: small
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu, activity_regularizer: {kind: none, l1: 0.01}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 20
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
        """;

    /// <summary><c>small</c>: 2 configurations (no penalty, l1 0.001) x 2 seeds = 4 trials of 15 epochs.</summary>
    public const string TwoSeedsFifteenEpochs = """
        name: small
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu, activity_regularizer: {kind: none, l1: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 15
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
        """;

    /// <summary>
    /// <c>small-report</c>: <see cref="TwoSeedsFifteenEpochs"/> with the penalty's placement in the grid too, 4
    /// configurations x 2 seeds = 8 trials of 15 epochs.
    /// </summary>
    public const string FourConfigurationsTwoSeeds = """
        name: small-report
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 16, activation: relu, activity_regularizer: {kind: none, l1: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 15
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]
        """;

    /// <summary><c>plain</c>: 2 configurations (no penalty, l1 0.001) of 8 units x 2 seeds = 4 trials of 5 epochs.</summary>
    public const string EightUnitsFiveEpochs = """
        name: plain
        seeds: 2
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - {type: dense, units: 8, activation: relu, activity_regularizer: {kind: none, l1: 0.001}}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 5
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
        """;
}
