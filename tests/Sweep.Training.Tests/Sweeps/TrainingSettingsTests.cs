using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Sweeps;

public sealed class TrainingSettingsTests
{
    private const string Base = """
        trial:
          dataset: {kind: moons, train_rows: 50}
          layers:
            - {type: dense, units: 16, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 10
        """;

    [Fact]
    public void Parse_EverySetting_FillsKerasDefaults()
    {
        var text = Base.Replace("{type: dense, units: 16, activation: relu}", "{type: dense, units: 16, activation: relu, kernel_initializer: he_normal, bias_initializer: {name: constant, value: 0.1}, kernel_regularizer: {kind: l2}}\n    - {type: dropout, rate: 0.25}", StringComparison.Ordinal)
            + """

              optimizer: {name: sgd, momentum: 0.9, nesterov: true}
              learning_rate_schedule: {kind: step_decay}
              reduce_lr_on_plateau: {factor: 0.2, patience: 5, epsilon: 0.01}
              early_stopping: {monitor: val_accuracy, restore_best_weights: true}
            """;

        var spec = SweepPlan.Expand(SweepFile.Parse(text, "t.yaml")).Configurations.Single().Spec;

        var dense = Assert.IsType<DenseSpec>(spec.Layers[0]);
        Assert.Equal(new InitializerSpec("he_normal"), dense.KernelInitializer);
        Assert.Equal(new InitializerSpec("constant", Value: 0.1), dense.BiasInitializer);
        Assert.Equal(new RegularizerSpec(RegularizerKind.L2, null, 0.01), dense.KernelRegularizer);
        Assert.Equal(new DropoutSpec(0.25), spec.Layers[1]);
        Assert.Equal(new OptimizerSpec("sgd", 0.01, Momentum: 0.9, Nesterov: true, Decay: 0), spec.Optimizer);
        Assert.Equal(new ScheduleSpec(ScheduleKind.StepDecay, Drop: 0.5, Every: 10), spec.LearningRateSchedule);
        Assert.Equal(new PlateauSpec("val_loss", 0.2, 5, MonitorMode.Auto, 0.01, 0, 0), spec.ReduceLrOnPlateau);
        Assert.Equal(new EarlyStoppingSpec("val_accuracy", 0, 0, MonitorMode.Auto, null, true), spec.EarlyStopping);
    }

    [Theory]
    [InlineData("sgd", """{"name":"sgd","learning_rate":0.01,"momentum":0,"nesterov":false,"decay":0}""")]
    [InlineData("rmsprop", """{"name":"rmsprop","learning_rate":0.001,"epsilon":1E-07,"momentum":0,"rho":0.9,"centered":false}""")]
    [InlineData("adagrad", """{"name":"adagrad","learning_rate":0.001,"epsilon":1E-07,"initial_accumulator_value":0.1}""")]
    [InlineData("adadelta", """{"name":"adadelta","learning_rate":0.001,"epsilon":1E-07,"rho":0.95}""")]
    [InlineData("adamax", """{"name":"adamax","learning_rate":0.001,"beta_1":0.9,"beta_2":0.999,"epsilon":1E-07}""")]
    [InlineData("nadam", """{"name":"nadam","learning_rate":0.001,"beta_1":0.9,"beta_2":0.999,"epsilon":1E-07}""")]
    public void Parse_OptimizerByName_HasTfKerasDefaults(string name, string expected)
    {
        var json = SweepPlan.Expand(SweepFile.Parse(Base + $"\n  optimizer: {{name: {name}}}\n", "t.yaml")).Configurations.Single().SpecJson;

        Assert.Contains($"\"optimizer\":{expected}", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimizer: {name: sgd, beta_1: 0.5}", "t.yaml: trial.optimizer.beta_1: unknown key; allowed here: decay, learning_rate, momentum, name, nesterov")]
    [InlineData("optimizer: {name: adamw}", "t.yaml: trial.optimizer.name: 'adamw' is not allowed (did you mean 'adam'?); allowed: sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam")]
    [InlineData("optimizer: {name: sgd, nesterov: yes}", "t.yaml: trial.optimizer.nesterov: expected true or false, got 'yes'")]
    [InlineData("reduce_lr_on_plateau: {factor: 1.0}", "t.yaml: trial.reduce_lr_on_plateau.factor: 1 is out of range; allowed: > 0 and < 1")]
    [InlineData("reduce_lr_on_plateau: {epsilon: 0.1, min_delta: 0.1}", "t.yaml: trial.reduce_lr_on_plateau.epsilon: is the old name of min_delta; give one of them")]
    [InlineData("reduce_lr_on_plateau: {monitor: val_acc}", "t.yaml: trial.reduce_lr_on_plateau.monitor: 'val_acc' is not allowed (did you mean 'val_accuracy'?); allowed: loss, accuracy, val_loss, val_accuracy")]
    [InlineData("learning_rate_schedule: {kind: piecewise, boundaries: [5, 3], values: [1, 2, 3]}", "t.yaml: trial.learning_rate_schedule.boundaries: must be strictly increasing epochs")]
    [InlineData("learning_rate_schedule: {kind: piecewise, boundaries: [5], values: [1]}", "t.yaml: trial.learning_rate_schedule.values: needs one value more than boundaries (2), got 1")]
    [InlineData("learning_rate_schedule: {kind: cosine}", "t.yaml: trial.learning_rate_schedule.kind: 'cosine' is not allowed; allowed: step_decay, exponential_decay, piecewise")]
    [InlineData("early_stopping: {patience: -1}", "t.yaml: trial.early_stopping.patience: -1 is out of range; allowed: >= 0")]
    public void Parse_BadTrainingSetting_NamesKeyAndWhatIsAllowed(string line, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Base + $"\n  {line}\n", "t.yaml")));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("{type: dropout, rate: 1}", "t.yaml: trial.layers.0.rate: 1 is out of range; allowed: >= 0 and < 1")]
    [InlineData("{type: dropout, rate: -0.1}", "t.yaml: trial.layers.0.rate: -0.1 is out of range; allowed: >= 0 and < 1")]
    [InlineData("{type: dense, units: 16, kernel_initializer: glorot}", "t.yaml: trial.layers.0.kernel_initializer.name: 'glorot' is not allowed (did you mean 'glorot_uniform'?); allowed: glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, random_uniform, random_normal, truncated_normal, orthogonal, zeros, ones, constant")]
    [InlineData("{type: dense, units: 16, kernel_initializer: {name: random_uniform, minval: 0.1, maxval: 0.1}}", "t.yaml: trial.layers.0.kernel_initializer.maxval: must be above minval (0.1)")]
    [InlineData("{type: dense, units: 16, kernel_initializer: {name: he_normal, stddev: 1}}", "t.yaml: trial.layers.0.kernel_initializer.stddev: unknown key; allowed here: name")]
    public void Parse_BadLayerSetting_NamesLayerIndexAndKey(string layer, string expected)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Base.Replace("{type: dense, units: 16, activation: relu}", layer, StringComparison.Ordinal), "t.yaml")));

        Assert.Equal(expected, error.Message);
    }
}
