using System.Security.Cryptography;
using Sweep.Training.Files;
using Sweep.Training.Specs;

namespace Sweep.Training.Datasets;

/// <summary>
/// Where the data files a sweep names are read. By default each file is read at its path. A silo of a
/// cluster reads instead the copy that was sent with the sweep: the sweep names each file by its path on the
/// machine that submitted it, which need not exist on the silo. A copy is known by the SHA-256 it was
/// checked against when it was stored, so it is never hashed again; a file read at its path is hashed once
/// per instance, however many grid cells name it.
/// </summary>
public sealed class DataFiles
{
    private readonly Dictionary<string, (string Copy, string Sha256)> copies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabeledPoints> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> splits = new(StringComparer.Ordinal);

    /// <summary>The SHA-256 of a data file's content, in lowercase hex: what names the file in a configuration and in storage.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The SHA-256 of the file at <paramref name="path"/>, in lowercase hex.</summary>
    public static string HashOfFile(string path)
    {
        InputFile.Check(path, InputFile.MaxDataFileBytes, "a data file");
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Adds a local copy of the file a sweep names <paramref name="path"/>, whose content has the SHA-256 <paramref name="sha256"/>.</summary>
    /// <returns>This instance.</returns>
    public DataFiles WithCopy(string path, string sha256, string copy)
    {
        copies[path] = (copy, sha256.ToLowerInvariant());
        return this;
    }

    /// <summary>The file to read for the path a sweep names: its copy if there is one, else the path itself.</summary>
    public string Locate(string path) => copies.TryGetValue(path, out var copy) ? copy.Copy : path;

    /// <summary>The SHA-256 of the content read for <paramref name="path"/>, in lowercase hex.</summary>
    public string Sha256(string path)
    {
        if (copies.TryGetValue(path, out var copy))
        {
            return copy.Sha256;
        }

        if (!hashes.TryGetValue(path, out var hash))
        {
            hash = HashOfFile(path);
            hashes[path] = hash;
        }

        return hash;
    }

    /// <summary>
    /// The rows of the CSV file a sweep names <paramref name="path"/>, read once per instance for each choice of columns,
    /// so that checking a grid of many configurations over one file reads it once.
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read, is empty, or lacks a column.</exception>
    /// <exception cref="DataContentException">A cell is not a number, a label not a class index, or a row is short (named by row and column).</exception>
    public LabeledPoints Table(string path, IReadOnlyList<string> features, string label)
    {
        var key = $"{path}\n{label}\n{string.Join('\n', features)}";
        if (!tables.TryGetValue(key, out var table))
        {
            table = CsvTable.Read(Locate(path), features, label);
            tables[key] = table;
        }

        return table;
    }

    /// <summary>
    /// What splitting <paramref name="dataset"/> into training, validation and test rows says (null: it splits), worked out
    /// once per instance for each dataset, so that checking a grid of many configurations over one dataset splits it once.
    /// </summary>
    public string? SplitProblem(DatasetSpec dataset)
    {
        var key = System.Text.Json.JsonSerializer.Serialize(dataset);
        if (!splits.TryGetValue(key, out var problem))
        {
            try
            {
                var points = dataset.Kind == DatasetKind.Csv ? Table(dataset.Path!, dataset.Features!, dataset.Label!) : DatasetLoader.Read(dataset);
                var (rest, _) = DatasetLoader.Split(dataset, points);
                DatasetLoader.CarveValidation(dataset, points.Labels, rest);
                problem = null;
            }
            catch (InvalidDataException e)
            {
                problem = e.Message;
            }

            splits[key] = problem;
        }

        return problem;
    }

    /// <summary>The spec to train: the same, but reading its CSV file from the local copy if there is one.</summary>
    public TrialSpec ForTraining(TrialSpec spec) =>
        spec.Dataset is { Kind: DatasetKind.Csv, Path: { } path } && copies.ContainsKey(path)
            ? spec with { Dataset = spec.Dataset with { Path = Locate(path) } }
            : spec;
}
