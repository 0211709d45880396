namespace Sweep.Training.Tests;

public sealed class ProbeTests
{
    [Fact]
    public void Torch_Loads() => Assert.Equal(3f, Probe.Sum());
}
