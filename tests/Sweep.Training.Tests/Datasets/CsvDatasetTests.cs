using Sweep.Training.Datasets;
using Sweep.Training.Specs;
using Sweep.Training.Sweeps;
using Sweep.Training.Tests.Engine;
using Sweep.Training.Torch;

namespace Sweep.Training.Tests.Datasets;

public sealed class CsvDatasetTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sweep-csv-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Train_ExportedCirclesAsCsv_GivesTheSameResultAsTheGenerator()
    {
        var generated = TutorialSpecs.Create(30, units: 16);
        var path = Write("circles.csv", DatasetExport.Csv(generated.Dataset));
        var fromCsv = generated with { Dataset = new DatasetSpec(DatasetKind.Csv, null, null, 0, null, 30, Path: path, Features: ["x0", "x1"], Label: "label") };

        var expected = new TorchTrainer().Train(generated, 4, null, default);
        var actual = new TorchTrainer().Train(fromCsv, 4, null, default);

        Assert.Equal(expected.History.ValLoss, actual.History.ValLoss);
        Assert.Equal(expected.TestAccuracy, actual.TestAccuracy);
    }

    [Fact]
    public void Csv_Circles_RoundTripsTheFixtureBitForBit()
    {
        using var fixture = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "circles_100_noise0.1_rs1.json")));
        var bits = fixture.RootElement.GetProperty("X_bits_hex").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetString()).ToArray()).ToArray();

        var lines = DatasetExport.Csv(new DatasetSpec(DatasetKind.Circles, 100, 0.1, 1, 0.8, null)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("x0,x1,label", lines[0]);
        for (var row = 0; row < 100; row++)
        {
            var cells = lines[row + 1].Split(',');
            var parsed = cells[..2].Select(c => BitConverter.DoubleToInt64Bits(double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToString("x16")).ToArray();
            Assert.Equal(bits[row], parsed);
        }
    }

    [Fact]
    public void Parse_CsvRelativeToTheSweepFile_DefaultsFeaturesToEveryOtherColumn()
    {
        Write("data.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var sweep = Write("sweep.yaml", """
            trial:
              dataset: {kind: csv, path: data.csv, test_fraction: 0.5, standardize: true}
              layers: [{type: dense, units: 1, activation: sigmoid}]
              epochs: 1
            """);

        var dataset = SweepPlan.Expand(SweepFile.Load(sweep)).Configurations.Single().Spec.Dataset;

        Assert.Equal(Path.Combine(directory, "data.csv"), dataset.Path);
        Assert.Equal(["a", "b"], dataset.Features);
        Assert.Equal("label", dataset.Label);
        Assert.Equal(0.5, dataset.TestFraction);
        Assert.True(dataset.Standardize);
    }

    [Fact]
    public void Parse_CsvChangedAfterTheSweepWasRead_IsANewConfigurationAndOldTrialsFail()
    {
        var data = Write("data.csv", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        var sweep = Write("sweep.yaml", "trial:\n  dataset: {kind: csv, path: data.csv, train_rows: 2}\n  layers: [{type: dense, units: 1, activation: sigmoid}]\n  epochs: 1\n");
        var before = SweepPlan.Expand(SweepFile.Load(sweep)).Configurations.Single();

        File.WriteAllText(data, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,9,1\n");
        var after = SweepPlan.Expand(SweepFile.Load(sweep)).Configurations.Single();
        var stale = Assert.Throws<SpecException>(() => TrialSpecJson.Parse(before.SpecJson));

        Assert.Equal(64, before.Spec.Dataset.Sha256!.Length);
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(after.SpecJson, TrialSpecJson.Write(TrialSpecJson.Parse(after.SpecJson)));
        Assert.Equal($"dataset.sha256: {data} has changed since the configuration was made: its SHA-256 is {after.Spec.Dataset.Sha256}, not {before.Spec.Dataset.Sha256}", stale.Message);
    }

    [Theory]
    [InlineData("a,b,label\n1,x,0\n2,3,1\n", "row 2, column b: 'x' is not a number")]
    [InlineData("a,b,label\n1,2,x\n2,3,1\n", "row 2, column label: 'x' is not a label; allowed: a class index 0, 1, 2, ...")]
    [InlineData("a,b,label\n1,2\n2,3,1\n", "row 2 has 2 cells, the header 3")]
    public void Load_BadCsv_NamesFileRowAndColumn(string text, string problem)
    {
        var path = Write("bad.csv", text);
        var spec = new DatasetSpec(DatasetKind.Csv, null, null, 0, null, 1, Path: path, Features: ["a", "b"], Label: "label");

        var error = Assert.Throws<DataContentException>(() => DatasetLoader.Load(spec));

        Assert.Equal($"{path}: {problem}", error.Message);
    }

    [Fact]
    public void Read_QuotedCellHoldingAComma_IsOneCell()
    {
        var path = Write("names.csv", "name,a,label\n\"Smith, J\",1,0\n\"Lee, K\",2,1\n");

        var points = CsvTable.Read(path, ["a"], "label");

        Assert.Equal([[1.0], [2.0]], points.Features);
        Assert.Equal([0, 1], points.Labels);
    }

    [Fact]
    public void Read_TabsAroundNamesAndLabels_AreDropped()
    {
        var path = Write("tabs.csv", "a,\tlabel\t\n1,\t0\n2, 1\t\n");

        var points = CsvTable.Read(path, ["a"], "label");

        Assert.Equal(["a", "label"], CsvTable.Header(path));
        Assert.Equal([0, 1], points.Labels);
    }

    [Fact]
    public void Header_QuotedNamesWithACommaAndDoubledQuotes_AreUnescaped()
    {
        var path = Write("quoted.csv", "\"height, cm\",\"weight \"\"kg\"\"\", label \n1,2,0\n");

        Assert.Equal(["height, cm", "weight \"kg\"", "label"], CsvTable.Header(path));
    }

    [Theory]
    [InlineData("name,a,label\n\"Smith, J\",1\n\"Lee, K\",2,1\n", "row 2 has 2 cells, the header 3")]
    [InlineData("name,a,label\n\"two\nlines\",1,0\n\"x\",2,1,9\n", "row 4 has 4 cells, the header 3")]
    [InlineData("name,a,label\n\"two\nlines\",x,0\n\"x\",2,1\n", "row 2, column a: 'x' is not a number")]
    [InlineData("name,a,label\nn,\"1\"\"5\",0\nx,2,1\n", "row 2, column a: '1\"5' is not a number")]
    public void Read_BadRowWithQuotedCells_NamesTheLineTheRowStartsOn(string text, string problem)
    {
        var path = Write("bad.csv", text);

        var error = Assert.Throws<DataContentException>(() => CsvTable.Read(path, ["a"], "label"));

        Assert.Equal($"{path}: {problem}", error.Message);
    }

    [Fact]
    public void LineOf_RowAfterAQuotedLineBreakAndAnEmptyLine_IsTheLineItStartsOn()
    {
        var path = Write("lines.csv", "name,a,label\n\"two\nlines\",1,0\n\n\"x\",2,1\n");

        Assert.Equal([2, 5], [CsvTable.LineOf(path, 0), CsvTable.LineOf(path, 1)]);
    }

    [Fact]
    public void Parse_MissingCsvOrColumn_IsRejectedBeforeRunning()
    {
        Write("data.csv", "a,b,y\n1,2,0\n");
        var missing = Write("missing.yaml", "trial:\n  dataset: {kind: csv, path: nope.csv, train_rows: 1}\n  layers: [{type: dense, units: 1, activation: sigmoid}]\n  epochs: 1\n");
        var column = Write("column.yaml", "trial:\n  dataset: {kind: csv, path: data.csv, label: z, train_rows: 1}\n  layers: [{type: dense, units: 1, activation: sigmoid}]\n  epochs: 1\n");

        var noFile = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Load(missing)));
        var noColumn = Assert.Throws<SweepFileException>(() => SweepPlan.Expand(SweepFile.Load(column)));

        Assert.StartsWith($"{missing}: trial.dataset.path: {Path.Combine(directory, "nope.csv")}: cannot be read: ", noFile.Message, StringComparison.Ordinal);
        Assert.Equal($"{column}: trial.dataset.label: 'z' is not allowed; allowed: a, b, y", noColumn.Message);
    }

    [Fact]
    public void Stratified_KeepsEachLabelsShareAndIsSeeded()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 70 ? 0 : 1).ToArray();

        var (train, test) = DatasetSplitter.Stratified(labels, 0.2, 3);
        var again = DatasetSplitter.Stratified(labels, 0.2, 3);
        var other = DatasetSplitter.Stratified(labels, 0.2, 4);

        Assert.Equal(14, test.Count(i => labels[i] == 0));
        Assert.Equal(6, test.Count(i => labels[i] == 1));
        Assert.Equal(100, train.Concat(test).Distinct().Count());
        Assert.Equal(test, again.Test);
        Assert.NotEqual(test, other.Test);
        Assert.Equal(test.Order(), test);
    }

    [Fact]
    public void Load_Standardize_UsesTrainingRowsOnly()
    {
        var path = Write("s.csv", "a,label\n1,0\n3,1\n100,0\n");
        var spec = new DatasetSpec(DatasetKind.Csv, null, null, 0, null, 2, Path: path, Features: ["a"], Label: "label", Standardize: true);

        using var data = DatasetLoader.Load(spec);

        // Training rows 1 and 3: mean 2, population std 1.
        Assert.Equal([-1f, 1f], data.TrainX.data<float>().ToArray());
        Assert.Equal([98f], data.TestX.data<float>().ToArray());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
