using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Specs;

/// <summary>A trial parses its configuration once: the data file it needs first, then its spec, from the same parsed JSON.</summary>
public sealed class TrialSpecDocumentTests : IDisposable
{
    private const string Sweep = """
        trial:
          dataset: {kind: csv, path: points.csv, train_rows: 3}
          layers:
            - {type: dense, units: 4, activation: relu}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 2
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("sweep-trial-document-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void DataFile_CsvConfiguration_IsItsPathAndHash()
    {
        var path = Write("points.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var configuration = SweepPlan.Expand(SweepFile.Parse(Sweep, Path.Combine(directory, "sweep.yaml"))).Configurations.Single();

        var trial = TrialSpecDocument.Parse(configuration.SpecJson);

        Assert.Equal((path, DataFiles.HashOfFile(path)), trial.DataFile);
        Assert.Equal(configuration.SpecJson, TrialSpecJson.Write(trial.Read()));
    }

    [Fact]
    public void Read_WithTheCopyItsDataFileNames_ReadsTheCopy()
    {
        var path = Write("points.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var configuration = SweepPlan.Expand(SweepFile.Parse(Sweep, Path.Combine(directory, "sweep.yaml"))).Configurations.Single();
        var copy = Write("copy.csv", File.ReadAllText(path));
        File.Delete(path);
        var trial = TrialSpecDocument.Parse(configuration.SpecJson);

        var (named, sha256) = trial.DataFile!.Value;
        var files = new DataFiles().WithCopy(named, sha256, copy);
        var spec = trial.Read(files);

        Assert.Equal(configuration.SpecJson, TrialSpecJson.Write(spec));
        Assert.Equal(copy, files.ForTraining(spec).Dataset.Path);
    }

    [Theory]
    [InlineData("""{"dataset":{"kind":"moons","train_rows":2}}""")]
    [InlineData("""{"dataset":{"kind":"csv","path":"/data/points.csv"}}""")]
    [InlineData("""{"epochs":1}""")]
    public void DataFile_NoCsvFileWithItsHash_IsNull(string json)
    {
        Assert.Null(TrialSpecDocument.Parse(json).DataFile);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
