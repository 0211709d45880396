using Sweep.Training.Initializers;
using Sweep.Training.Specs;

namespace Sweep.Training.Tests.Initializers;

public sealed class ConstantInitializerTests
{
    [Theory]
    [InlineData("zeros", null, 0f)]
    [InlineData("ones", null, 1f)]
    [InlineData("constant", null, 0f)]
    [InlineData("constant", 0.7, 0.7f)]
    [InlineData("constant", -3.0, -3f)]
    public void Create_ConstantFamily_EveryValueExact(string name, double? value, float expected)
    {
        var sample = Sample.Draw(InitializerFactory.Create(new InitializerSpec(name, Value: value)), [3, 3, 2, 4]);

        Assert.Equal(72, sample.Values.Length);
        Assert.All(sample.Values, v => Assert.Equal(expected, v));
    }
}
