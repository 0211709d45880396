namespace Sweep.Bench.Tests;

/// <summary>A fresh folder per test, deleted afterwards.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sweep-bench-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
