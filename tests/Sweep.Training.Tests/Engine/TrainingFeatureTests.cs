using Sweep.Training.Specs;
using Sweep.Training.Torch;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Engine;

public sealed class TrainingFeatureTests
{
    [Fact]
    public void Run_Dropout_DropsAboutRateAndScalesKeptUnitsInTrainingOnly()
    {
        // 2000 hidden units of exactly 1, summed by the output: the logit counts the kept units / (1 - rate).
        var one = new InitializerSpec("ones");
        LayerSpec[] layers =
        [
            new DenseSpec(2000, Activation.Linear, null, one, InitializerSpec.Zeros),
            new DropoutSpec(0.3),
            new DenseSpec(1, Activation.Sigmoid, null, one, InitializerSpec.Zeros),
        ];
        using var generator = new Generator(5);
        using var network = new SequentialNetwork(layers, [1], generator);
        using var x = ones(1, 1);

        var training = network.Run(x, training: true, observe: false).Logits.item<float>();
        var evaluation = network.Run(x, training: false, observe: false).Logits.item<float>();

        var kept = training * 0.7;
        Assert.Equal(Math.Round(kept), kept, 0.05);
        Assert.InRange(kept, 1300, 1500);
        Assert.Equal(2000f, evaluation);
    }

    [Fact]
    public void WeightPenalty_KernelL2AndBiasL1_EqualHandComputedValues()
    {
        LayerSpec[] layers =
        [
            new DenseSpec(
                2,
                Activation.Relu,
                null,
                new InitializerSpec("constant", Value: 0.5),
                new InitializerSpec("constant", Value: -0.25),
                new RegularizerSpec(RegularizerKind.L2, null, 0.01),
                new RegularizerSpec(RegularizerKind.L1, 0.1, null)),
            new DenseSpec(1, Activation.Sigmoid, null),
        ];
        using var generator = new Generator(0);
        using var network = new SequentialNetwork(layers, [3], generator);

        var penalties = network.WeightPenalties().ToDictionary(p => p.Name, p => (double)p.Value.item<float>());

        // Kernel: 3 x 2 entries of 0.5, so 0.01 * 6 * 0.25; bias: 0.1 * 2 * 0.25.
        Assert.Equal(["layers.0.kernel", "layers.0.bias"], penalties.Keys);
        Assert.Equal(0.015, penalties["layers.0.kernel"], 1e-7);
        Assert.Equal(0.05, penalties["layers.0.bias"], 1e-7);
        Assert.Equal(0.065, network.WeightPenalty()!.item<float>(), 1e-7);
    }

    [Fact]
    public void Train_EarlyStoppingPatienceZero_StopsAfterTwoEpochs()
    {
        var spec = TutorialSpecs.Create(50, units: 8) with { EarlyStopping = new EarlyStoppingSpec(Monitor: "loss", Mode: MonitorMode.Max, Patience: 0) };

        var result = new TorchTrainer().Train(spec, 0, null, default);

        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.History.Loss.Length);
    }

    [Fact]
    public void Train_Schedule_RecordsTheRateOfEveryEpoch()
    {
        var spec = TutorialSpecs.Create(6, units: 8) with
        {
            LearningRateSchedule = new ScheduleSpec(ScheduleKind.Piecewise, Boundaries: [2, 4], Values: [0.01, 0.001, 0.0001]),
        };

        var result = new TorchTrainer().Train(spec, 0, null, default);

        Assert.Equal([0.01f, 0.01f, 0.001f, 0.001f, 0.0001f, 0.0001f], result.History.LearningRate);
    }

    [Fact]
    public void Train_Regularizers_ReportEachContributionToTheTrainLoss()
    {
        var activity = new ActivityRegularizerSpec(RegularizerKind.L1, 1e-3, null, Placement.After, ActivityReduction.Sum);
        var spec = TutorialSpecs.Create(5, activity, units: 8);
        spec = spec with
        {
            Layers = [((DenseSpec)spec.Layers[0]) with { KernelRegularizer = new RegularizerSpec(RegularizerKind.L2, null, 1e-3) }, spec.Layers[1]],
        };

        var result = new TorchTrainer().Train(spec, 0, null, default);

        Assert.Equal(["layers.0.activity", "layers.0.kernel"], result.Penalties.Select(p => p.Name));
        Assert.All(result.Penalties, p => Assert.True(p.Value > 0));
        Assert.True(result.TrainLoss > result.Penalties.Sum(p => p.Value));
    }
}
