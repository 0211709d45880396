using Sweep.Training.Specs;
using Sweep.Training.Torch;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Regularizers;

/// <summary>
/// A 2-2-1 network with known weights on three rows. By hand, the hidden layer's linear output is
/// [[2.1, -0.3], [-0.65, 2.2], [0.05, -1.6]] and its ReLU output [[2.1, 0], [0, 2.2], [0.05, 0]].
/// </summary>
public sealed class ActivityPenaltyTests
{
    private const double C1 = 0.01;
    private const double C2 = 0.001;

    // sum(|x|) and sum(x^2) of the hidden layer before and after its ReLU, computed by hand.
    private const double L1Before = 2.1 + 0.3 + 0.65 + 2.2 + 0.05 + 1.6;
    private const double L1After = 2.1 + 2.2 + 0.05;
    private const double L2Before = (2.1 * 2.1) + (0.3 * 0.3) + (0.65 * 0.65) + (2.2 * 2.2) + (0.05 * 0.05) + (1.6 * 1.6);
    private const double L2After = (2.1 * 2.1) + (2.2 * 2.2) + (0.05 * 0.05);
    private const int Rows = 3;

    [Theory]
    [InlineData(RegularizerKind.L1, Placement.Before, ActivityReduction.Sum, C1 * L1Before)]
    [InlineData(RegularizerKind.L1, Placement.After, ActivityReduction.Sum, C1 * L1After)]
    [InlineData(RegularizerKind.L1, Placement.Before, ActivityReduction.BatchMean, C1 * L1Before / Rows)]
    [InlineData(RegularizerKind.L1, Placement.After, ActivityReduction.BatchMean, C1 * L1After / Rows)]
    [InlineData(RegularizerKind.L2, Placement.Before, ActivityReduction.Sum, C2 * L2Before)]
    [InlineData(RegularizerKind.L2, Placement.After, ActivityReduction.Sum, C2 * L2After)]
    [InlineData(RegularizerKind.L2, Placement.Before, ActivityReduction.BatchMean, C2 * L2Before / Rows)]
    [InlineData(RegularizerKind.L2, Placement.After, ActivityReduction.BatchMean, C2 * L2After / Rows)]
    [InlineData(RegularizerKind.L1L2, Placement.Before, ActivityReduction.Sum, (C1 * L1Before) + (C2 * L2Before))]
    [InlineData(RegularizerKind.L1L2, Placement.After, ActivityReduction.Sum, (C1 * L1After) + (C2 * L2After))]
    [InlineData(RegularizerKind.L1L2, Placement.Before, ActivityReduction.BatchMean, ((C1 * L1Before) + (C2 * L2Before)) / Rows)]
    [InlineData(RegularizerKind.L1L2, Placement.After, ActivityReduction.BatchMean, ((C1 * L1After) + (C2 * L2After)) / Rows)]
    public void Run_Training_PenaltyEqualsHandComputedValue(RegularizerKind kind, Placement placement, ActivityReduction reduction, double expected)
    {
        using var network = KnownNetwork(kind, placement, reduction);
        using var x = Rows3();

        var pass = network.Run(x, training: true, observe: false);

        Assert.Equal(expected, pass.Penalty!.item<float>(), 1e-6);
    }

    [Theory]
    [InlineData(Placement.Before, ActivityReduction.Sum)]
    [InlineData(Placement.After, ActivityReduction.BatchMean)]
    public void Run_Evaluation_PerRowPenaltiesSumToTheBatchPenalty(Placement placement, ActivityReduction reduction)
    {
        using var network = KnownNetwork(RegularizerKind.L1L2, placement, reduction);
        using var x = Rows3();

        var pass = network.Run(x, training: false, observe: true);
        var activity = Assert.Single(pass.Activities);
        var perRow = activity.PerRow;
        Assert.Equal(reduction, activity.Reduction);
        Assert.Equal(0, activity.Layer);

        var (l1, l2) = placement == Placement.Before ? (L1Before, L2Before) : (L1After, L2After);
        Assert.Equal(new long[] { Rows }, perRow.shape);
        Assert.Equal((C1 * l1) + (C2 * l2), perRow.sum().item<float>(), 1e-6);
        var firstRow = placement == Placement.Before
            ? (C1 * (2.1 + 0.3)) + (C2 * ((2.1 * 2.1) + (0.3 * 0.3)))
            : (C1 * 2.1) + (C2 * 2.1 * 2.1);
        Assert.Equal(firstRow, perRow[0].item<float>(), 1e-6);
    }

    [Fact]
    public void Run_ObservedLayer_IsTheRegularizedLayersActivatedOutput()
    {
        using var network = KnownNetwork(RegularizerKind.L1, Placement.Before, ActivityReduction.Sum);
        using var x = Rows3();

        var observed = network.Run(x, training: false, observe: true).Observed!;

        Assert.Equal(new[] { 2.1f, 0f, 0f, 2.2f, 0.05f, 0f }, observed.data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(0, network.ObservedLayerIndex);
    }

    [Fact]
    public void Evaluate_BatchesOfTwo_ScoresEachBatchAsMeanLossPlusItsPenalty()
    {
        using var network = KnownNetwork(RegularizerKind.L1, Placement.After, ActivityReduction.Sum);
        using var x = Rows3();
        using var y = tensor(new float[] { 1, 0, 1 }, [3, 1]);

        var evaluation = TorchEngine.Evaluate(network, new Training.Losses.BinaryCrossEntropy(), x, y, batchSize: 2, observe: true);

        // Logits are the ReLU rows summed: 2.1, 2.2, 0.05. Batches [0, 1] and [2], weighted by size.
        static double Bce(double z, double label) => Math.Log(1 + Math.Exp(-z)) + ((1 - label) * z);
        var first = ((Bce(2.1, 1) + Bce(2.2, 0)) / 2) + (C1 * (2.1 + 2.2));
        var second = Bce(0.05, 1) + (C1 * 0.05);
        Assert.Equal(((first * 2) + second) / 3, evaluation.Loss, 1e-6);
        Assert.Equal(2.0 / 3, evaluation.Accuracy, 1e-12);
        Assert.Equal((2.1 + 2.2 + 0.05) / 6, evaluation.ActivationMean, 1e-6);
        Assert.Equal(0.5, evaluation.ZeroFraction, 1e-12);
    }

    private static Tensor Rows3() => tensor(new float[] { 1, 2, -1, 0.5f, 0.3f, -0.7f }, [3, 2]);

    private static SequentialNetwork KnownNetwork(RegularizerKind kind, Placement placement, ActivityReduction reduction)
    {
        var activity = new ActivityRegularizerSpec(kind, kind == RegularizerKind.L2 ? null : C1, kind == RegularizerKind.L1 ? null : C2, placement, reduction);
        using var generator = new Generator(0);
        var network = new SequentialNetwork([new DenseSpec(2, Activation.Relu, activity), new DenseSpec(1, Activation.Sigmoid, null)], [2], generator);
        var values = new Dictionary<string, float[]>
        {
            ["layers.0.kernel"] = [1, -2, 0.5f, 1],
            ["layers.0.bias"] = [0.1f, -0.3f],
            ["layers.1.kernel"] = [1, 1],
            ["layers.1.bias"] = [0],
        };
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                parameter.copy_(tensor(values[name]).reshape(parameter.shape));
            }
        }

        return network;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
