namespace Sweep.Training.Specs;

/// <summary>A trial or sweep description that cannot run, with the key path at fault.</summary>
public sealed class SpecException(string path, string problem) : Exception(path.Length == 0 ? problem : $"{path}: {problem}")
{
    /// <summary>The dotted key path of the offending setting (empty for the document itself).</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong and what is allowed.</summary>
    public string Problem { get; } = problem;
}
