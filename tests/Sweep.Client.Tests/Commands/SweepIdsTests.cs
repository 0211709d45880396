using Sweep.Client.Commands;

namespace Sweep.Client.Tests.Commands;

public sealed class SweepIdsTests
{
    private static readonly (string Id, string Name)[] Sweeps =
    [
        ("tutorial-1a2b3c4d", "tutorial"),
        ("tutorial-1a9f0000", "tutorial"),
        ("coefficients-77aa0011", "coefficients"),
        ("c-00000000", "c"),
    ];

    [Theory]
    [InlineData("tutorial-1a2b3c4d", "tutorial-1a2b3c4d")]
    [InlineData("tutorial-1a2", "tutorial-1a2b3c4d")]
    [InlineData("coeff", "coefficients-77aa0011")]
    [InlineData("coefficients", "coefficients-77aa0011")]
    [InlineData("c", "c-00000000")]
    public void Resolve_IdUniquePrefixOrName_GivesTheSweep(string given, string expected) =>
        Assert.Equal(expected, SweepIds.Resolve(given, Sweeps));

    [Theory]
    [InlineData("tutorial", "'tutorial' matches 2 sweeps: tutorial-1a2b3c4d, tutorial-1a9f0000; give more of the id")]
    [InlineData("tutorial-1a", "'tutorial-1a' matches 2 sweeps: tutorial-1a2b3c4d, tutorial-1a9f0000; give more of the id")]
    public void Resolve_SeveralMatches_ListsThem(string given, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => SweepIds.Resolve(given, Sweeps)).Message);

    [Fact]
    public void Resolve_NoMatch_SaysSo() =>
        Assert.Equal("no sweep with id 'moons'", Assert.Throws<KeyNotFoundException>(() => SweepIds.Resolve("moons", Sweeps)).Message);
}
