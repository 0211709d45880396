using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

public sealed class BaselineTests
{
    private const string Tutorial = """
        name: study
        seeds: 3
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - type: dense
              units: 500
              activation: relu
              activity_regularizer: {kind: none, l1: 1.0e-4}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 4000
        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]

        """;

    [Fact]
    public void Parse_NoBaselineKey_PicksTheOnlyConfigurationWithoutRegularization()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(Tutorial, "t.yaml"));

        Assert.Equal("kind=none", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_NoBaselineKey_CountsDropoutAsRegularization()
    {
        var text = Tutorial.Replace("    - {type: dense, units: 1", "    - {type: dropout, rate: 0.5}\n    - {type: dense, units: 1", StringComparison.Ordinal)
            + "  layers.1.rate: [0.0, 0.5]\n";

        var plan = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml"));

        Assert.Equal("kind=none rate=0", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_EveryConfigurationUnregularized_HasNoBaseline()
    {
        var text = Tutorial.Replace("layers.0.activity_regularizer.kind: [none, l1]\n  layers.0.activity_regularizer.placement: [before, after]", "layers.0.units: [10, 20]", StringComparison.Ordinal);

        var plan = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml"));

        Assert.Equal(2, plan.Configurations.Count);
        Assert.Null(plan.BaselineId);
    }

    [Fact]
    public void Parse_NamedBaseline_PicksTheConfigurationWithThoseGridValues()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(Tutorial + "baseline:\n  layers[0].activity_regularizer.kind: l1\n  trial.layers.0.activity_regularizer.placement: after\n", "t.yaml"));

        Assert.Equal("kind=l1 placement=after", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_NamedBaseline_MatchesNumbersByValue()
    {
        var text = Tutorial.Replace("layers.0.activity_regularizer.placement: [before, after]", "layers.0.activity_regularizer.l1: [1.0e-4, 1.0e-3]", StringComparison.Ordinal)
            + "baseline: {layers.0.activity_regularizer.kind: l1, layers.0.activity_regularizer.l1: 0.001}\n";

        var plan = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml"));

        Assert.Equal("kind=l1 l1=0.001", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_ZeroCoefficient_CountsAsNoRegularization()
    {
        var text = Tutorial.Replace("layers.0.activity_regularizer.kind: [none, l1]\n  layers.0.activity_regularizer.placement: [before, after]", "layers.0.activity_regularizer.kind: [l2]\n  layers.0.activity_regularizer.l2: [0, 0.001, 0.01]", StringComparison.Ordinal);

        var plan = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml"));

        Assert.Equal("l2=0", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_BaselineOnEpochsOverridden_FallsBackToTheDefault()
    {
        var text = Tutorial + "  epochs: [100, 200]\nbaseline: {epochs: 200, layers.0.activity_regularizer.kind: none}\n";

        var plan = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml", new SweepOverrides(Seeds: null, Epochs: 5)));

        Assert.Equal("kind=none", Label(plan, plan.BaselineId));
    }

    [Fact]
    public void Parse_BaselineNone_HasNoBaseline()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(Tutorial + "baseline: none\n", "t.yaml"));

        Assert.Null(plan.BaselineId);
    }

    [Fact]
    public void Parse_AnotherBaseline_KeepsTheSweepId()
    {
        var plain = SweepPlan.Expand(SweepFile.Parse(Tutorial, "t.yaml"));
        var named = SweepPlan.Expand(SweepFile.Parse(Tutorial + "baseline: {layers.0.activity_regularizer.kind: l1, layers.0.activity_regularizer.placement: before}\n", "t.yaml"));

        Assert.Equal(plain.Id, named.Id);
        Assert.NotEqual(plain.BaselineId, named.BaselineId);
    }

    [Theory]
    [InlineData("baseline: {layers.0.units: 500}", "t.yaml: baseline.layers.0.units: is not a grid setting; the grid sets layers.0.activity_regularizer.kind, layers.0.activity_regularizer.placement")]
    [InlineData("baseline: {layers.0.activity_regularizer.kind: l2}", "t.yaml: baseline.layers.0.activity_regularizer.kind: l2 is not one of the grid's values: none, l1")]
    [InlineData("baseline: {layers.0.activity_regularizer.kind: l1}", "t.yaml: baseline: picks 2 configurations (kind=l1 placement=before; kind=l1 placement=after); name more grid settings so that it picks one")]
    [InlineData("baseline: plain", "t.yaml: baseline: is 'none' or a mapping of grid settings to one of their values, such as {layers.0.activity_regularizer.kind: none}")]
    [InlineData("baseline: {}", "t.yaml: baseline: is 'none' or a mapping of grid settings to one of their values, such as {layers.0.activity_regularizer.kind: none}")]
    public void Parse_InvalidBaseline_NamesTheProblem(string baseline, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Tutorial + baseline + "\n", "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    private static string? Label(SweepPlan plan, string? id) => plan.Configurations.SingleOrDefault(c => c.Id == id)?.Label;
}
