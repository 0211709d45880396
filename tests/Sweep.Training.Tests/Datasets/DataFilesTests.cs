using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Datasets;

/// <summary>A sweep read on a silo that has only a copy of its CSV file, under another name, is the sweep the client read.</summary>
public sealed class DataFilesTests : IDisposable
{
    private const string Sweep = """
        trial:
          dataset: {kind: csv, path: data/points.csv, train_rows: 20}
          layers:
            - {type: dense, units: 8, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 5
        grid:
          layers.0.units: [4, 8]
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("sweep-data-files-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Parse_WithACopyOfAFileMissingHere_GivesTheSameSweepAsTheFileAndTrainsOnTheCopy()
    {
        var original = Write("client/data/points.csv", DatasetExport.Csv(new DatasetSpec(DatasetKind.Moons, 40, 0.2, 3, null, null)));
        var sweepFile = Path.Combine(directory, "client", "sweep.yaml");
        var expected = SweepPlan.Expand(SweepFile.Parse(Sweep, sweepFile));
        var sha256 = expected.Configurations[0].Spec.Dataset.Sha256!;
        var copy = Path.Combine(directory, "silo", $"{sha256}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Move(original, copy);

        var files = new DataFiles().WithCopy(original, sha256, copy);
        var actual = SweepPlan.Expand(SweepFile.Parse(Sweep, sweepFile), files);
        var trial = TrialSpecJson.Parse(actual.Configurations[1].SpecJson, files);

        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Configurations.Select(c => c.SpecJson), actual.Configurations.Select(c => c.SpecJson));
        Assert.Equal(original, trial.Dataset.Path);
        Assert.Equal(copy, files.ForTraining(trial).Dataset.Path);
        Assert.Equal(trial with { Dataset = trial.Dataset with { Path = copy } }, files.ForTraining(trial));
        var result = new TorchTrainer().Train(files.ForTraining(trial), 0, null, default);
        Assert.Equal(5, result.History.Loss.Length);
    }

    [Fact]
    public void Parse_WithoutACopyOfAFileMissingHere_NamesTheFile()
    {
        var sweepFile = Path.Combine(directory, "client", "sweep.yaml");

        var error = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Parse(Sweep, sweepFile), new DataFiles()));

        Assert.Contains(Path.Combine(directory, "client", "data", "points.csv"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrialWhoseFileDiffersFromItsCopy_SaysTheFileChanged()
    {
        var path = Write("client/data/points.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n");
        var json = SweepPlan.Expand(SweepFile.Parse(Sweep.Replace("train_rows: 20", "train_rows: 2", StringComparison.Ordinal), Path.Combine(directory, "client", "sweep.yaml"))).Configurations[0].SpecJson;
        var other = Write("silo/other.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,1\n");
        var otherSha = DataFiles.HashOfFile(other);

        var error = Assert.Throws<SpecException>(() => TrialSpecJson.Parse(json, new DataFiles().WithCopy(path, otherSha, other)));

        Assert.Contains($"has changed since the configuration was made: its SHA-256 is {otherSha}", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
