using Sweep.Training.Datasets;

namespace Sweep.Training.Specs.Reading;

/// <summary>
/// The SHA-256 of each data file, computed once per reading of a sweep: every grid cell names the
/// same file, and hashing a large CSV once per cell would read it hundreds of times.
/// </summary>
internal sealed class FileFingerprints
{
    private readonly Dictionary<string, string> hashes = new(StringComparer.Ordinal);

    public string Of(string path)
    {
        if (!hashes.TryGetValue(path, out var hash))
        {
            hash = CsvTable.Sha256(path);
            hashes[path] = hash;
        }

        return hash;
    }
}
