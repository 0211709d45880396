using System.Text.Json.Nodes;
using Sweep.Training.Fused.Optimizers;
using Sweep.Training.Optimizers;
using Sweep.Training.Specs;
using Sweep.Training.Torch.Optimizers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Optimizers;

public sealed class OptimizerRegistryTests
{
    [Theory]
    [InlineData("sgd", typeof(TensorFlowSgd))]
    [InlineData("rmsprop", typeof(TensorFlowRmsProp))]
    [InlineData("adagrad", typeof(TensorFlowAdagrad))]
    [InlineData("adadelta", typeof(TensorFlowAdadelta))]
    [InlineData("adam", typeof(TensorFlowAdam))]
    [InlineData("adamax", typeof(TensorFlowAdamax))]
    [InlineData("nadam", typeof(TensorFlowNadam))]
    public void Create_KnownName_ReturnsTensorFlowRule(string name, Type expected)
    {
        using var w = zeros(2, dtype: float64).requires_grad_();

        using var optimizer = TorchOptimizers.Create(new OptimizerSpec(name, 0.01), [w]);

        Assert.IsType(expected, optimizer);
        Assert.Equal(0.01, optimizer.LearningRate);
    }

    [Fact]
    public void Create_UnknownName_ThrowsNamingTheAllowedNames()
    {
        using var w = zeros(2, dtype: float64).requires_grad_();

        var error = Assert.Throws<ArgumentException>(() => TorchOptimizers.Create(new OptimizerSpec("adamw", 0.01), [w]));

        Assert.Equal(
            "Unknown optimizer 'adamw'; expected one of sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam. (Parameter 'spec')",
            error.Message);
    }

    [Fact]
    public void Fused_UnknownName_SaysTheFusedPathHasNoSuchOptimizer()
    {
        var error = Assert.Throws<ArgumentException>(() => FusedOptimizers.Create(new OptimizerSpec("adamw", 0.01), 3));

        Assert.Equal("the fused path has no optimizer 'adamw' (Parameter 'spec')", error.Message);
    }

    [Fact]
    public void Engines_EachHaveARuleForEveryOptimizerAndNoOther()
    {
        Assert.Equal(OptimizerRegistry.Names.Order(), TorchOptimizers.Names.Order());
        Assert.Equal(OptimizerRegistry.Names.Order(), FusedOptimizers.Names.Order());
    }

    [Fact]
    public void Setting_OneTheOptimizerDoesNotHave_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new OptimizerSpec("sgd", 0.01).Setting(s => s.Beta1));

        Assert.Equal("optimizer 'sgd' has no setting s => s.Beta1 (Parameter 'spec')", error.Message);
    }

    [Fact]
    public void Read_AdamByNameOnly_IsTheDefaultOptimizer()
    {
        var optimizer = new SpecObject(new JsonObject { ["name"] = "adam" }, "optimizer");

        Assert.Equal(OptimizerSpec.Adam(), OptimizerRegistry.Named("adam").Read(optimizer));
    }
}
