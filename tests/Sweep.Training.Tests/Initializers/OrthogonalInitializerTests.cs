using Sweep.Training.Initializers;
using static TorchSharp.torch;

namespace Sweep.Training.Tests.Initializers;

public sealed class OrthogonalInitializerTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(64, 64, 1.0)]
    [InlineData(7, 3, 1.0)]
    [InlineData(3, 7, 1.0)]
    [InlineData(64, 64, 2.5)]
    [InlineData(7, 3, 2.5)]
    [InlineData(3, 7, 2.5)]
    public void Create_Matrix_GramOfTheSmallerSideIsGainSquaredIdentity(long rows, long cols, double gain)
    {
        using var generator = new Generator(11);
        using var w = new OrthogonalInitializer(gain).Create([rows, cols], generator);

        Assert.Equal(new[] { rows, cols }, w.shape);
        // Columns are orthogonal when there are at least as many rows (W^T W), rows otherwise (W W^T).
        using var gram = rows >= cols ? w.t().matmul(w) : w.matmul(w.t());
        AssertGainSquaredIdentity(gram, Math.Min(rows, cols), gain);
    }

    [Fact]
    public void Create_Square_BothGramsAreIdentity()
    {
        using var generator = new Generator(5);
        using var w = new OrthogonalInitializer().Create([40, 40], generator);

        using var columns = w.t().matmul(w);
        using var rowsGram = w.matmul(w.t());
        AssertGainSquaredIdentity(columns, 40, 1.0);
        AssertGainSquaredIdentity(rowsGram, 40, 1.0);
    }

    [Fact]
    public void Create_ConvolutionShape_FlattensAllButTheLastDimension()
    {
        using var generator = new Generator(5);
        using var w = new OrthogonalInitializer().Create([2, 3, 4, 5], generator);

        Assert.Equal(new long[] { 2, 3, 4, 5 }, w.shape);
        using var flat = w.reshape(24, 5);
        using var gram = flat.t().matmul(flat);
        AssertGainSquaredIdentity(gram, 5, 1.0);
    }

    [Fact]
    public void Create_Vector_Throws()
    {
        using var generator = new Generator(5);

        var error = Assert.Throws<ArgumentException>(() => new OrthogonalInitializer().Create([5], generator));

        Assert.Equal("The orthogonal initializer needs a shape of rank 2 or more; got (5). (Parameter 'shape')", error.Message);
    }

    [Fact]
    public void Create_ManyDraws_DiagonalIsCentred()
    {
        // Q * sign(diag(R)) is Haar-distributed, so every entry has mean 0. Without the sign
        // correction, LAPACK's Householder QR gives a diagonal that is negative on average.
        using var generator = new Generator(9);
        var initializer = new OrthogonalInitializer();
        double sum = 0;
        const int Draws = 400;
        for (var i = 0; i < Draws; i++)
        {
            using var w = initializer.Create([4, 4], generator);
            using var trace = w.diagonal().sum();
            sum += trace.item<float>();
        }

        // The trace of a Haar 4x4 orthogonal matrix has std 1, so the mean of 400 has std 0.05.
        Assert.InRange(sum / Draws, -0.25, 0.25);
    }

    private static void AssertGainSquaredIdentity(Tensor gram, long size, double gain)
    {
        using var expected = eye(size).mul_(gain * gain);
        using var difference = gram.sub(expected).abs().max();
        var worst = difference.item<float>();
        Assert.True(worst <= Tolerance * gain * gain, $"max |gram - gain^2 I| = {worst}");
    }
}
