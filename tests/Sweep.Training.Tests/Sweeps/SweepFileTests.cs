using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

public sealed class SweepFileTests
{
    private const string Base = """
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
        """;

    private const string TutorialGrid = Base + """

        grid:
          layers.0.activity_regularizer.kind: [none, l1]
          layers.0.activity_regularizer.placement: [before, after]
          layers.0.activity_regularizer.reduction: [batch_mean, sum]
        """;

    [Fact]
    public void Expand_TutorialGrid_RunsTheBaselineOnce()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "t.yaml"));

        Assert.Equal(
            [
                "kind=none",
                "kind=l1 placement=before reduction=batch_mean",
                "kind=l1 placement=before reduction=sum",
                "kind=l1 placement=after reduction=batch_mean",
                "kind=l1 placement=after reduction=sum",
            ],
            plan.Configurations.Select(c => c.Label));
        Assert.Equal(15, plan.TrialCount);
        Assert.Equal(5, plan.Configurations.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Parse_TutorialGrid_GivesTheFileWithItsGridUnexpanded()
    {
        var definition = SweepFile.Parse(TutorialGrid, "t.yaml");

        Assert.Equal(("t.yaml", "study", Path.GetDirectoryName(Path.GetFullPath("t.yaml"))), (definition.File, definition.Name, definition.BaseDirectory));
        Assert.Equal(
            """{"dataset":{"kind":"circles","samples":100,"noise":0.1,"random_state":1,"train_rows":30},"layers":[{"type":"dense","units":500,"activation":"relu","activity_regularizer":{"kind":"none","l1":0.0001}},{"type":"dense","units":1,"activation":"sigmoid"}],"epochs":4000}""",
            definition.Trial.ToJsonString());
        Assert.Equal(
            ["layers.0.activity_regularizer.kind: none, l1", "layers.0.activity_regularizer.placement: before, after", "layers.0.activity_regularizer.reduction: batch_mean, sum"],
            definition.Grid.Select(axis => $"{axis.Path}: {string.Join(", ", axis.Values.Select(GridExpander.Format))}"));
        Assert.Equal([0, 1, 2], definition.Seeds);
        Assert.Equal((null, null, null), (definition.Metric, definition.Baseline, definition.Race));
        Assert.Equal(Metric.TestAccuracy, SweepPlan.Expand(definition).Metric);
    }

    [Theory]
    [InlineData("units: 500", "units: 0", "t.yaml: trial.layers.0.units: 0 is out of range; allowed: 1 to 100000")]
    [InlineData("{kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}", "{kind: csv, path: nowhere/points.csv, train_rows: 30}", "t.yaml: trial.dataset.path: {0}: cannot be read: ")]
    public void Parse_TrialThatCannotRun_IsRefusedWhenExpanded(string from, string to, string expected)
    {
        var definition = SweepFile.Parse(Base.Replace(from, to, StringComparison.Ordinal), "t.yaml");

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(definition));

        Assert.StartsWith(expected.Replace("{0}", Path.GetFullPath("nowhere/points.csv"), StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_Configuration_HasKerasDefaultsAndNothingWithoutEffect()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "t.yaml"));

        Assert.Equal(
            """{"dataset":{"kind":"circles","samples":100,"noise":0.1,"random_state":1,"factor":0.8,"train_rows":30,"standardize":false},"layers":[{"type":"dense","units":500,"activation":"relu","kernel_initializer":{"name":"glorot_uniform"},"bias_initializer":{"name":"zeros"}},{"type":"dense","units":1,"activation":"sigmoid","kernel_initializer":{"name":"glorot_uniform"},"bias_initializer":{"name":"zeros"}}],"loss":"binary_crossentropy","optimizer":{"name":"adam","learning_rate":0.001,"beta_1":0.9,"beta_2":0.999,"epsilon":1E-07,"amsgrad":false},"epochs":4000,"batch_size":32}""",
            plan.Configurations[0].SpecJson);
        Assert.Contains("\"activity_regularizer\":{\"kind\":\"l1\",\"l1\":0.0001,\"placement\":\"before\",\"reduction\":\"sum\"}", plan.Configurations[2].SpecJson);
    }

    [Fact]
    public void CanonicalJson_RoundTrips()
    {
        foreach (var configuration in SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "t.yaml")).Configurations)
        {
            Assert.Equal(configuration.SpecJson, TrialSpecJson.Write(TrialSpecJson.Parse(configuration.SpecJson)));
        }
    }

    [Fact]
    public void Plan_SameFileTwice_HasTheSameId()
    {
        var a = SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "t.yaml"));
        var b = SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "other.yaml"));

        Assert.Equal(a.Id, b.Id);
        Assert.StartsWith("study-", a.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_ReplaceSeedsAndEpochs()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(TutorialGrid, "t.yaml", new SweepOverrides(Seeds: 2, Epochs: 50)));

        Assert.Equal([0, 1], plan.Definition.Seeds);
        Assert.All(plan.Configurations, c => Assert.Equal(50, c.Spec.Epochs));
    }

    [Fact]
    public void Parse_SeedList_KeepsTheGivenSeeds()
    {
        var definition = SweepFile.Parse(Base.Replace("seeds: 3", "seeds: [4, 9]", StringComparison.Ordinal), "t.yaml");

        Assert.Equal([4, 9], definition.Seeds);
    }

    [Theory]
    [InlineData("activation: relu", "activaton: relu", "t.yaml: trial.layers.0.activaton: unknown key (did you mean 'activation'?); allowed here: activation, activity_regularizer, bias_initializer, bias_regularizer, kernel_initializer, kernel_regularizer, type, units")]
    [InlineData("units: 500", "units: 0", "t.yaml: trial.layers.0.units: 0 is out of range; allowed: 1 to 100000")]
    [InlineData("units: 500", "units: many", "t.yaml: trial.layers.0.units: expected a whole number, got 'many'")]
    [InlineData("units: 500", "units: 2.5", "t.yaml: trial.layers.0.units: expected a whole number, got 2.5")]
    [InlineData("type: dense\n      units: 500", "type: conv9\n      units: 500", "t.yaml: trial.layers.0.type: 'conv9' is not allowed (did you mean 'conv2d'?); allowed: dense, conv2d, max_pooling2d, flatten, reshape, lstm, activation, dropout")]
    [InlineData("kind: none, l1", "kind: l3, l1", "t.yaml: trial.layers.0.activity_regularizer.kind: 'l3' is not allowed (did you mean 'l1'?); allowed: none, l1, l2, l1_l2")]
    [InlineData("l1: 1.0e-4", "l1: -1", "t.yaml: trial.layers.0.activity_regularizer.l1: -1 is out of range; allowed: >= 0")]
    [InlineData("train_rows: 30", "train_rows: 100", "t.yaml: trial.dataset.train_rows: 100 is out of range; allowed: 1 to 99")]
    [InlineData("seeds: 3", "seeds: 0", "t.yaml: seeds: 0 is out of range; allowed: 1 to 100000")]
    [InlineData("name: study", "name: Study Two", "t.yaml: name: 'Study Two' is not allowed; use 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit")]
    [InlineData("{type: dense, units: 1, activation: sigmoid}", "{type: dense, units: 1, activation: relu}", "t.yaml: trial.layers: binary_crossentropy needs a sigmoid on the final layer")]
    [InlineData("epochs: 4000", "epochz: 4000", "t.yaml: trial.epochz: unknown key (did you mean 'epochs'?); allowed here: backend, batch_size, dataset, early_stopping, epochs, layers, learning_rate_schedule, loss, optimizer, reduce_lr_on_plateau")]
    [InlineData("epochs: 4000", "batch_size: 8", "t.yaml: trial.epochs: is required")]
    [InlineData("epochs: 4000", "epochs: 2147483647", "t.yaml: trial.epochs: 2147483647 is out of range; allowed: 1 to 1000000")]
    [InlineData("epochs: 4000", "epochs: 10\n  optimizer: {name: adam, beta_1: 1}", "t.yaml: trial.optimizer.beta_1: 1 is out of range; allowed: >= 0 and < 1")]
    [InlineData("seeds: 3", "seeds: 3\nretries: 11", "t.yaml: retries: 11 is out of range; allowed: 0 to 10")]
    [InlineData("seeds: 3", "seeds: 3\ntrial_time_limit: 0", "t.yaml: trial_time_limit: 0 is out of range; allowed: > 0 and <= 604800")]
    [InlineData("seeds: 3", "seeds: 3\nretry: 1", "t.yaml: retry: unknown key (did you mean 'retries'?); allowed here: baseline, description, grid, metric, name, race, retries, seeds, trial, trial_time_limit")]
    [InlineData("seeds: 3", "seeds: [1, 1.5]", "t.yaml: seeds.1: expected a whole number, got 1.5")]
    [InlineData("{type: dense, units: 1, activation: sigmoid}", "{type: dense, units: 1, activation: sigmoid, activity_regularizer: {kind: l1}}", "t.yaml: trial.layers: an activity_regularizer on the output layer is not supported; put it on a hidden layer")]
    [InlineData("name: study", "name: [study", "t.yaml: line 2, column 1: invalid YAML: the text cannot be read from here on; is a '[' or '{' left open?")]
    [InlineData("name: study", "{[a, b]: 1}: 2", "t.yaml: line 1, column 1: invalid YAML: a key must be a plain name, not a list or mapping")]
    [InlineData("name: study", "name: &n study\ndescription: *n", "t.yaml: line 1, column 7: invalid YAML: anchors (&n) are not supported: write the value out where it is used")]
    [InlineData("name: study", "name: !!str study", "t.yaml: line 1, column 7: invalid YAML: tags (tag:yaml.org,2002:str) are not supported")]
    public void Parse_InvalidSetting_NamesFileKeyAndWhatIsAllowed(string from, string to, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Base.Replace(from, to, StringComparison.Ordinal), "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Parse_Race_TakesItsSeedsAndLooksFromTheRace()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(TutorialGrid.Replace("seeds: 3", "race: {min_seeds: 3, max_seeds: 10, round_seeds: 2, margin: 0.005}", StringComparison.Ordinal), "t.yaml"));

        Assert.Equal(new RaceDefinition(3, 10, 2, 0.05, 0.005), plan.Definition.Race);
        Assert.Equal(Enumerable.Range(0, 10), plan.Definition.Seeds);
        Assert.Equal([3, 5, 7, 9, 10], plan.Definition.Race!.Looks());
        Assert.Equal(50, plan.TrialCount);
    }

    [Fact]
    public void Parse_RaceWithConfirm_AddsFreshSeedsAfterMaxSeeds()
    {
        var plan = SweepPlan.Expand(SweepFile.Parse(TutorialGrid.Replace("seeds: 3", "race: {min_seeds: 3, max_seeds: 10, confirm: 4}", StringComparison.Ordinal), "t.yaml"));

        Assert.Equal(new RaceDefinition(3, 10, 1, 0.05, 0, 4), plan.Definition.Race);
        Assert.Equal(Enumerable.Range(0, 14), plan.Definition.Seeds);
        Assert.Equal(10, plan.Definition.Race!.Looks()[^1]);
        Assert.Equal(70, plan.TrialCount);
    }

    [Theory]
    [InlineData("race: {min_seeds: 3, max_seeds: 10}\nseeds: 3", "t.yaml: seeds: a raced sweep's seeds are 0 to race.max_seeds less one; remove seeds")]
    [InlineData("race: {min_seeds: 3}", "t.yaml: race.max_seeds: is required")]
    [InlineData("race: {max_seeds: 10}", "t.yaml: race.min_seeds: is required")]
    [InlineData("race: {min_seeds: 1, max_seeds: 10}", "t.yaml: race.min_seeds: 1 is out of range; allowed: 2 to 9")]
    [InlineData("race: {min_seeds: 10, max_seeds: 10}", "t.yaml: race.min_seeds: 10 is out of range; allowed: 2 to 9")]
    [InlineData("race: {min_seeds: 3, max_seeds: 2}", "t.yaml: race.max_seeds: 2 is out of range; allowed: 3 to 10000")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, round_seeds: 8}", "t.yaml: race.round_seeds: 8 is out of range; allowed: 1 to 7")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, alpha: 0.6}", "t.yaml: race.alpha: 0.6 is out of range; allowed: > 0 and <= 0.5")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, alpha: 0}", "t.yaml: race.alpha: 0 is out of range; allowed: > 0 and <= 0.5")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, margin: -0.1}", "t.yaml: race.margin: -0.1 is out of range; allowed: >= 0")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, confirm: -1}", "t.yaml: race.confirm: -1 is out of range; allowed: 0 to 10000")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, confirm: 1}", "t.yaml: race.confirm: 1 seed cannot be compared with the baseline (Welch's test needs 2 at least); allowed: 0 (no confirmation) or 2 to 10000")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, confirm: 3}\nbaseline: none", "t.yaml: race.confirm: a confirmation compares the race's survivors with the baseline, and the sweep has none; name one (baseline:) or remove confirm")]
    [InlineData("race: {min_seeds: 3, max_seeds: 10, confirms: 5}", "t.yaml: race.confirms: unknown key (did you mean 'confirm'?); allowed here: alpha, confirm, margin, max_seeds, min_seeds, round_seeds")]
    [InlineData("race: 5", "t.yaml: race: expected a mapping, got 5")]
    public void Parse_BadRace_NamesTheSettingAndWhatIsAllowed(string race, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(TutorialGrid.Replace("seeds: 3", race.Replace("\\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal), "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Expand_RaceOfOneConfiguration_IsRefused()
    {
        var definition = SweepFile.Parse(Base.Replace("seeds: 3", "race: {min_seeds: 3, max_seeds: 10}", StringComparison.Ordinal), "t.yaml");

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(definition));

        Assert.Equal("t.yaml: race: a race needs 2 configurations at least; the grid has 1", error.Message);
    }

    [Fact]
    public void Parse_RaceWithSeedsOverride_IsRefused()
    {
        var text = TutorialGrid.Replace("seeds: 3", "race: {min_seeds: 3, max_seeds: 10}", StringComparison.Ordinal);

        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(text, "t.yaml", new SweepOverrides(Seeds: 4)));

        Assert.Equal("t.yaml: race: --seeds does not apply to a raced sweep; change race.max_seeds instead", error.Message);
    }

    [Fact]
    public void Parse_Aliases_AreRefusedBeforeAnyIsExpanded()
    {
        // Nine levels of ten aliases each: a billion nodes if they were expanded.
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 8).Select(i =>
            $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10))}]\n"));

        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(text, "lol.yaml"));

        Assert.Equal("lol.yaml: line 1, column 4: invalid YAML: anchors (&a) are not supported: write the value out where it is used", error.Message);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefusedWithTheLimitNotAStackOverflow()
    {
        var text = "name: x\ntrial: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(text, "deep.yaml"));

        Assert.Equal($"deep.yaml: line 2, column {7 + YamlToJson.MaxDepth}: invalid YAML: lists and mappings nest more than {YamlToJson.MaxDepth} deep here", error.Message);
    }

    [Fact]
    public void Parse_SecondDocument_IsRefusedWhereItBegins()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(Base + "\n---\nname: other\n", "two.yaml"));

        Assert.Equal($"two.yaml: line {Base.Count(c => c == '\n') + 2}, column 1: invalid YAML: a sweep file is one YAML document; a second one begins here ('---')", error.Message);
    }

    [Fact]
    public void Parse_GridAboveTheLimits_IsRefusedFromItsValueCountsBeforeItIsExpanded()
    {
        var values = "[" + string.Join(", ", Enumerable.Range(1, 1000)) + "]";
        var combinations = Base + $"\ngrid:\n  epochs: {values}\n  batch_size: {values}\n  layers.0.units: [1, 2]\n";
        var trials = Base.Replace("seeds: 3", "seeds: 100000", StringComparison.Ordinal) + $"\ngrid:\n  epochs: {values}\n";

        var tooMany = Assert.Throws<SweepFileException>(() => SweepFile.Parse(combinations, "t.yaml"));
        var tooLong = Assert.Throws<SweepFileException>(() => SweepFile.Parse(trials, "t.yaml"));

        Assert.Equal("t.yaml: grid: 1000 x 1000 x 2 values make 2000000 combinations, above the limit of 1000000 a sweep may have; split the study into several sweeps", tooMany.Message);
        Assert.Equal("t.yaml: seeds: 1000 grid combinations x 100000 seeds = 100000000 trials, above the limit of 10000000 a sweep may have", tooLong.Message);
    }

    [Fact]
    public void Expand_MoreTrialsThanTheCallerAccepts_StopsExpandingAtTheLimit()
    {
        var grid = Base + "\ngrid:\n  epochs: [" + string.Join(", ", Enumerable.Range(1, 1000)) + "]\n";

        var definition = SweepFile.Parse(grid, "t.yaml");

        var error = Assert.Throws<GridLimitException>(() => SweepPlan.Expand(definition, maxTrials: 100));
        var plan = SweepPlan.Expand(definition, maxTrials: 3000);

        Assert.Equal((34, 3, 100), (error.Configurations, error.Seeds, error.Limit));
        Assert.Equal("the sweep has at least 102 trials (34 configurations or more x 3 seeds), above the limit of 100", error.Message);
        Assert.Equal(3000, plan.TrialCount);
    }

    [Fact]
    public void Parse_InvalidYaml_NamesLineAndColumn()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse("name: a\ntrial: [1, 2\n", "bad.yaml"));

        Assert.StartsWith("bad.yaml: line 3, column 1: invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_GridIndexOutOfRange_NamesThePath()
    {
        var definition = SweepFile.Parse(Base + "\ngrid:\n  layers.5.units: [1, 2]\n", "t.yaml");

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(definition));

        Assert.Equal("t.yaml: grid.layers.5: index 5 is out of range; the list has 2 items (0 to 1)", error.Message);
    }

    [Fact]
    public void Expand_InvalidGridValue_NamesTheCell()
    {
        var definition = SweepFile.Parse(Base + "\ngrid:\n  layers.0.units: [8, -1]\n", "t.yaml");

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(definition));

        Assert.Equal("t.yaml: trial.layers.0.units: -1 is out of range; allowed: 1 to 100000 (in the grid cell layers.0.units=-1)", error.Message);
    }

    [Fact]
    public void Parse_SameSettingTwiceInTheGrid_IsRejected()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(Base + "\ngrid:\n  layers.0.units: [1]\n  layers[0].units: [2]\n", "t.yaml"));

        Assert.Equal("t.yaml: grid.layers[0].units: names the setting layers.0.units a second time", error.Message);
    }

    [Fact]
    public void Expand_KerasLinearDenseThenActivation_IsThePlacementBeforeConfiguration()
    {
        var keras = Base.Replace("activation: relu\n      activity_regularizer: {kind: none, l1: 1.0e-4}", "activity_regularizer: {kind: l1, l1: 1.0e-4}\n    - {type: activation, activation: relu}", StringComparison.Ordinal);
        var placed = Base.Replace("kind: none, l1: 1.0e-4", "kind: l1, l1: 1.0e-4, placement: before", StringComparison.Ordinal);

        var a = SweepPlan.Expand(SweepFile.Parse(keras, "a.yaml")).Configurations.Single();
        var b = SweepPlan.Expand(SweepFile.Parse(placed, "b.yaml")).Configurations.Single();

        Assert.Equal(b.SpecJson, a.SpecJson);
        Assert.Equal(2, a.Spec.Layers.Count);
    }

    [Fact]
    public void Parse_EmptyGridAxis_IsRejected()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Parse(Base + "\ngrid:\n  epochs: []\n", "t.yaml"));

        Assert.Equal("t.yaml: grid.epochs: needs at least one value", error.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Load("/nonexistent/sweep.yaml"));

        Assert.StartsWith("/nonexistent/sweep.yaml: cannot be read: ", error.Message, StringComparison.Ordinal);
    }
}
