namespace Sweep.Client.Tests.Support;

/// <summary>
/// A fresh store directory and sweep file per test, deleted afterwards unless <c>SWEEP_KEEP_TEST_FILES</c> is set
/// (then its path is printed, so the silo logs of a failed cluster test can be read).
/// </summary>
internal sealed class TemporaryStore : IDisposable
{
    public TemporaryStore()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sweep-tests-" + Guid.NewGuid().ToString("N"));

    public string Store => Path.Combine(Root, "store");

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SWEEP_KEEP_TEST_FILES") is { Length: > 0 })
        {
            Console.Error.WriteLine($"test files kept in {Root}");
            return;
        }

        Directory.Delete(Root, recursive: true);
    }
}
