using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Fused;

public sealed class FusedOptimizerTests(ITestOutputHelper output)
{
    private const int Size = 37;
    private const int Steps = 50;
    private const int LearningRateChange = 20;

    // Each rule with its interesting settings, learning rates large enough that the parameters move by about their size.
    private static readonly Dictionary<string, OptimizerSpec> Cases = new()
    {
        ["sgd"] = new("sgd", 0.05),
        ["sgd momentum"] = new("sgd", 0.05, Momentum: 0.9),
        ["sgd nesterov"] = new("sgd", 0.05, Momentum: 0.8, Nesterov: true),
        ["sgd decay"] = new("sgd", 0.05, Decay: 0.03),
        ["sgd nesterov decay"] = new("sgd", 0.05, Momentum: 0.7, Nesterov: true, Decay: 0.03),
        ["rmsprop"] = new("rmsprop", 0.01, Epsilon: 1e-4, Rho: 0.8),
        ["rmsprop momentum"] = new("rmsprop", 0.01, Epsilon: 1e-4, Momentum: 0.7, Rho: 0.8),
        ["rmsprop centered"] = new("rmsprop", 0.01, Epsilon: 1e-4, Rho: 0.8, Centered: true),
        ["rmsprop centered momentum"] = new("rmsprop", 0.01, Epsilon: 1e-4, Momentum: 0.7, Rho: 0.8, Centered: true),
        ["rmsprop defaults"] = new("rmsprop", 0.01),
        ["adagrad"] = new("adagrad", 0.1, Epsilon: 1e-3, InitialAccumulatorValue: 0.02),
        ["adagrad defaults"] = new("adagrad", 0.1),
        ["adadelta"] = new("adadelta", 1.0, Epsilon: 1e-4, Rho: 0.9),
        ["adadelta defaults"] = new("adadelta", 1.0),
        ["adam"] = new("adam", 0.02, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-4),
        ["adam amsgrad"] = new("adam", 0.02, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-4, Amsgrad: true),
        ["adam defaults"] = new("adam", 0.02),
        ["adamax"] = new("adamax", 0.02, Beta1: 0.8, Beta2: 0.95, Epsilon: 1e-4),
        ["adamax defaults"] = new("adamax", 0.02),
        ["nadam"] = new("nadam", 0.02, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-4),
        ["nadam defaults"] = new("nadam", 0.02),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Step_FiftySteps_AgreesWithTorchRuleToFloatRounding(string name)
    {
        var spec = Cases[name];
        var random = new Random(20240611);
        var initial = Values(random);
        var fusedParameters = (float[])initial.Clone();
        var gradients = new float[Size];
        using var w = tensor(initial).requires_grad_();
        using var torchRule = TorchOptimizers.Create(spec, [w]);
        var fused = FusedOptimizers.Create(spec, Size);
        var largest = 0.0;
        var largestShare = 0.0;

        for (var step = 0; step < Steps; step++)
        {
            if (step == LearningRateChange)
            {
                torchRule.LearningRate = fused.LearningRate = spec.LearningRate * 0.37;
            }

            Fill(random, gradients);
            using (NewDisposeScope())
            {
                w.grad = tensor(gradients);
                torchRule.Step();
            }

            fused.Step(fusedParameters, gradients);

            var expected = w.data<float>().ToArray();
            for (var i = 0; i < Size; i++)
            {
                var difference = Math.Abs((double)expected[i] - fusedParameters[i]);
                var scale = Math.Max(Math.Abs(expected[i]), Math.Abs(fusedParameters[i]));
                // Bit for bit but for libtorch's float32 square root, which is sometimes an ulp off.
                var allowed = Math.Max(1e-6 * scale, 1e-7);
                largestShare = Math.Max(largestShare, difference / allowed);
                Assert.True(
                    difference <= allowed,
                    $"{name}, step {step + 1}, parameter {i}: torch {expected[i]:R}, fused {fusedParameters[i]:R}");
                largest = 1e-6 * scale >= 1e-7 ? Math.Max(largest, difference / scale) : largest;
            }
        }

        Assert.NotEqual(initial, fusedParameters);
        var identical = w.data<float>().ToArray().Zip(fusedParameters).Count(p => p.First.Equals(p.Second));
        output.WriteLine($"{name}: largest relative difference {largest:E2} where |w| >= 0.1, at worst {largestShare:P0} of the tolerance; {identical} of {Size} identical");
    }

    [Fact]
    public void Create_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => FusedOptimizers.Create(new OptimizerSpec("adamw", 0.01), Size));

        Assert.Equal("spec", error.ParamName);
    }

    // Parameters of both signs between 0.01 and 1 in size.
    private static float[] Values(Random random) =>
        [.. Enumerable.Range(0, Size).Select(_ => (float)((random.Next(2) * 2) - 1) * (float)Math.Pow(10, -2 * random.NextDouble()))];

    // Gradients of both signs from 1e-4 to 10 in size, and about one in eight exactly zero (parameter 0 always).
    private static void Fill(Random random, float[] gradients)
    {
        for (var i = 0; i < gradients.Length; i++)
        {
            var sign = random.Next(2) == 0 ? -1 : 1;
            var magnitude = (float)Math.Pow(10, -4 + (5 * random.NextDouble()));
            gradients[i] = i == 0 || random.Next(8) == 0 ? 0f : sign * magnitude;
        }
    }
}
