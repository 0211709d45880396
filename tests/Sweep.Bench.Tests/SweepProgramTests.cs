namespace Sweep.Bench.Tests;

public sealed class SweepProgramTests
{
    [Fact]
    public void Locate_NoPath_TakesTheApphostBuiltBesideTheBenchmark()
    {
        var program = SweepProgram.Locate(null, "--sweep");

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "sweep.exe" : "sweep"), program.Path);
    }

    [Fact]
    public void Locate_MissingPath_NamesTheOptionAndThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "sweep");

        var error = Assert.Throws<ArgumentException>(() => SweepProgram.Locate(missing, "--sweep"));

        Assert.Equal($"--sweep: no sweep program at {missing}", error.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_IsAnsweredByTheSweepCommandLine()
    {
        var program = SweepProgram.Locate(null, "--sweep");

        var (exitCode, _, error, _) = await program.RunAsync(["rnu"], CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("sweep: unknown command 'rnu'; commands: run, submit,", BenchProcess.Flatten(error), StringComparison.Ordinal);
    }
}
