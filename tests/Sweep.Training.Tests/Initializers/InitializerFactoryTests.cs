using Sweep.Training.Initializers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Initializers;

public sealed class InitializerFactoryTests
{
    [Theory]
    [InlineData("glorot_uniform", 1.0, "FanAvg", "Uniform")]
    [InlineData("glorot_normal", 1.0, "FanAvg", "TruncatedNormal")]
    [InlineData("he_uniform", 2.0, "FanIn", "Uniform")]
    [InlineData("he_normal", 2.0, "FanIn", "TruncatedNormal")]
    [InlineData("lecun_uniform", 1.0, "FanIn", "Uniform")]
    [InlineData("lecun_normal", 1.0, "FanIn", "TruncatedNormal")]
    public void Create_VarianceScalingName_KerasPreset(string name, double scale, string mode, string distribution)
    {
        var initializer = Assert.IsType<VarianceScalingInitializer>(InitializerFactory.Create(new(name)));

        Assert.Equal(
            (scale, Enum.Parse<FanMode>(mode), Enum.Parse<ScalingDistribution>(distribution)),
            (initializer.Scale, initializer.Mode, initializer.Distribution));
    }

    [Fact]
    public void Create_ParametersLeftNull_KerasDefaults()
    {
        var uniform = Assert.IsType<RandomUniformInitializer>(InitializerFactory.Create(new("random_uniform")));
        var normal = Assert.IsType<RandomNormalInitializer>(InitializerFactory.Create(new("random_normal")));
        var truncated = Assert.IsType<TruncatedNormalInitializer>(InitializerFactory.Create(new("truncated_normal")));
        var orthogonal = Assert.IsType<OrthogonalInitializer>(InitializerFactory.Create(new("orthogonal")));
        var constant = Assert.IsType<ConstantInitializer>(InitializerFactory.Create(new("constant")));

        Assert.Equal((-0.05, 0.05), (uniform.Minval, uniform.Maxval));
        Assert.Equal((0.0, 0.05), (normal.Mean, normal.Stddev));
        Assert.Equal((0.0, 0.05), (truncated.Mean, truncated.Stddev));
        Assert.Equal(1.0, orthogonal.Gain);
        Assert.Equal(0.0, constant.Value);
        Assert.Equal(0.0, Assert.IsType<ConstantInitializer>(InitializerFactory.Create(new("zeros"))).Value);
        Assert.Equal(1.0, Assert.IsType<ConstantInitializer>(InitializerFactory.Create(new("ones"))).Value);
    }

    [Fact]
    public void Create_ParametersGiven_Used()
    {
        var uniform = Assert.IsType<RandomUniformInitializer>(InitializerFactory.Create(new("random_uniform", Minval: -1, Maxval: 2)));
        var normal = Assert.IsType<RandomNormalInitializer>(InitializerFactory.Create(new("random_normal", Mean: 1, Stddev: 3)));
        var truncated = Assert.IsType<TruncatedNormalInitializer>(InitializerFactory.Create(new("truncated_normal", Mean: -1, Stddev: 0.5)));
        var orthogonal = Assert.IsType<OrthogonalInitializer>(InitializerFactory.Create(new("orthogonal", Gain: 1.5)));
        var constant = Assert.IsType<ConstantInitializer>(InitializerFactory.Create(new("constant", Value: 0.25)));

        Assert.Equal((-1.0, 2.0), (uniform.Minval, uniform.Maxval));
        Assert.Equal((1.0, 3.0), (normal.Mean, normal.Stddev));
        Assert.Equal((-1.0, 0.5), (truncated.Mean, truncated.Stddev));
        Assert.Equal(1.5, orthogonal.Gain);
        Assert.Equal(0.25, constant.Value);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Create_EveryName_Float32OfTheShapeWithoutGrad(string name)
    {
        using var generator = new Generator(1);

        using var tensor = InitializerFactory.Create(new(name)).Create([3, 3, 4, 6], generator);

        Assert.Equal(new long[] { 3, 3, 4, 6 }, tensor.shape);
        Assert.Equal(ScalarType.Float32, tensor.dtype);
        Assert.False(tensor.requires_grad);
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingAllowedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => InitializerFactory.Create(new("GlorotUniform")));

        Assert.Equal(
            "Unknown initializer 'GlorotUniform'. Allowed: glorot_uniform, glorot_normal, he_uniform, he_normal, "
            + "lecun_uniform, lecun_normal, random_uniform, random_normal, truncated_normal, orthogonal, zeros, ones, "
            + "constant. (Parameter 'spec')",
            error.Message);
    }

    [Fact]
    public void Create_ParameterTheInitializerLacks_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => InitializerFactory.Create(new("random_normal", Gain: 2, Value: 1)));

        Assert.Equal("Initializer 'random_normal' has no parameter value, gain; it takes mean, stddev. (Parameter 'spec')", error.Message);
    }

    [Fact]
    public void Create_ParameterOnParameterlessInitializer_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => InitializerFactory.Create(new("he_normal", Stddev: 0.1)));

        Assert.Equal("Initializer 'he_normal' has no parameter stddev; it takes no parameters. (Parameter 'spec')", error.Message);
    }

    public static TheoryData<string> AllNames => [.. InitializerFactory.Names];
}
