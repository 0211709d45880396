namespace Sweep.Training.Sweeps;

/// <summary>A sweep file that cannot be run: the message names the file, the key path and what is allowed.</summary>
public sealed class SweepFileException(string file, string message, Exception? inner = null)
    : Exception($"{file}: {message}", inner)
{
    /// <summary>The file at fault, as the user named it.</summary>
    public string File { get; } = file;
}
