namespace Sweep.Client.Tests;

/// <summary>A fresh store directory and sweep file per test, deleted afterwards.</summary>
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

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
