using System.Buffers.Binary;
using System.Xml.Linq;
using ScottPlot;
using Sweep.Client.Commands;
using Sweep.Client.Plots;
using Sweep.Client.Tests.Support;

namespace Sweep.Client.Tests.Plots;

public sealed class PlotTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Coefficients_GroupsConfigurationsThatDifferOnlyInTheCoefficient()
    {
        var data = SyntheticSweep.Create();

        var series = Coefficients.Series(data.Report.Ranking, "test_accuracy");

        Assert.Equal(7, data.Report.Ranking.Length);
        Assert.Equal(["l1 activity of layer 0 (after, batch_mean)", "l1 activity of layer 0 (before, batch_mean)"], series.Select(s => s.Name).Order());
        Assert.All(series, s => Assert.Equal([1e-4, 1e-3, 1e-2], s.Points.Select(p => p.Coefficient)));
        var point = series.SelectMany(s => s.Points).First();
        Assert.Equal(data.Report.Ranking.Single(a => a.Configuration.Label == point.Label).Metrics["test_accuracy"], point.Summary);
    }

    [Fact]
    public void Coefficients_LeavesOutConfigurationsWithTwoCoefficients()
    {
        var spec = System.Text.Json.Nodes.JsonNode.Parse("""{"layers": [{"type": "dense", "kernel_regularizer": {"kind": "l1_l2", "l1": 0.01, "l2": 0.001}}, {"type": "dropout", "rate": 0.5}]}""")!.AsObject();

        var leaves = Coefficients.Leaves(spec).ToArray();

        Assert.Equal(["layers.0.kernel_regularizer.l1", "layers.0.kernel_regularizer.l2", "layers.1.rate"], leaves.Select(l => l.Path));
        Assert.Equal("l1_l2 kernel of layer 0, l2", leaves[1].Name);
        Assert.Equal("rate of layer 1", leaves[2].Name);
    }

    [Theory]
    [InlineData("curves", 6, 12)]
    [InlineData("coefficients", 3, 2)]
    [InlineData("sparsity", 7, 7)]
    [InlineData("data", 4, 0)]
    public void Draw_EachKind_HasOneSeriesPerConfigurationOrGroup(string kind, int series, int bandsOrBars)
    {
        var data = SyntheticSweep.Create();

        var plot = PlotCommand.Draw(kind, data, [], loss: false, "zero_fraction");

        Assert.Equal(series, PlotCommand.Series(plot));
        Assert.Equal(bandsOrBars, plot.GetPlottables<ScottPlot.Plottables.FillY>().Count() + plot.GetPlottables<ScottPlot.Plottables.ErrorBar>().Count());
    }

    [Fact]
    public void Draw_Coefficients_ShowsTheBaselineIntervalAsABand()
    {
        var data = SyntheticSweep.Create();

        var plot = PlotCommand.Draw("coefficients", data, [], loss: false, "zero_fraction");

        var band = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.VerticalSpan>());
        var summary = data.Baseline!.Metrics["test_accuracy"];
        Assert.Equal(summary.ConfidenceLow, band.Bottom, 1e-12);
        Assert.Equal(summary.ConfidenceHigh, band.Top, 1e-12);
        Assert.Equal(summary.Mean, Assert.Single(plot.GetPlottables<ScottPlot.Plottables.HorizontalLine>()).Y, 1e-12);
    }

    [Fact]
    public void Draw_DataKind_ShowsEveryRowOnce()
    {
        var plot = PlotCommand.Draw("data", SyntheticSweep.Create(), [], loss: false, "zero_fraction");

        var scatters = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.Equal(100, scatters.Sum(s => s.Data.GetScatterPoints().Count));
        Assert.Equal(30, scatters.Where(s => s.MarkerShape == MarkerShape.FilledCircle).Sum(s => s.Data.GetScatterPoints().Count));
    }

    [Fact]
    public void Draw_NamedConfigurations_AreTheOnlyCurves()
    {
        var data = SyntheticSweep.Create();
        var second = data.Report.Ranking[1].Configuration;

        var plot = PlotCommand.Draw("curves", data, ["#1", second.Id[..6]], loss: true, "zero_fraction");

        Assert.Equal(2, PlotCommand.Series(plot));
        Assert.Equal(4, plot.GetPlottables<ScottPlot.Plottables.FillY>().Count());
    }

    [Fact]
    public void Save_Png_IsAValidImageOfTheRequestedSize()
    {
        using var temp = new TemporaryStore();
        var path = Path.Combine(temp.Root, "curves.png");

        SweepPlots.Save(PlotCommand.Draw("curves", SyntheticSweep.Create(), [], loss: false, "zero_fraction"), path, 640, 480);

        var png = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(480, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void Save_Svg_IsValidXmlOfTheRequestedSizeNamingEverySeries()
    {
        using var temp = new TemporaryStore();
        var path = Path.Combine(temp.Root, "sparsity.svg");
        var data = SyntheticSweep.Create();

        SweepPlots.Save(PlotCommand.Draw("sparsity", data, [], loss: false, "activation_mean"), path, 1200, 700);

        var svg = XDocument.Load(path).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("1200", (string?)svg.Attribute("width"));
        Assert.Equal("700", (string?)svg.Attribute("height"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToHashSet();
        Assert.All(data.Report.Ranking, a => Assert.Contains(a.Configuration.Label, texts));
    }

    [Theory]
    [InlineData("plot.jpg", "--out: '")]
    [InlineData("plot", "must end in .png or .svg")]
    public void Save_OtherExtension_IsRefused(string name, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SweepPlots.Save(new Plot(), name, 10, 10));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_DataOfSequences_NamesTheSweepAndTheFeatureCount()
    {
        var yaml = SyntheticSweep.Circles.Replace(
            "{kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}",
            "{kind: blobs, samples: 60, centers: 2, n_features: 3, train_rows: 30}",
            StringComparison.Ordinal);
        var data = SyntheticSweep.Create(yaml);

        var error = Assert.Throws<ArgumentException>(() => PlotCommand.Draw("data", data, [], loss: false, "zero_fraction"));

        Assert.Equal($"sweep {data.SweepId}: --kind data draws 2-D datasets; its blobs dataset has 3 features", error.Message);
    }

    [Fact]
    public void Select_UnknownConfiguration_ListsTheSweepsConfigurations()
    {
        var data = SyntheticSweep.Create();

        var error = Assert.Throws<ArgumentException>(() => data.Select(["l3"]));

        Assert.StartsWith($"--configs: sweep {data.SweepId} has no configuration 'l3'; give an id, a label, a rank (#1) or a grid setting (name=value); its configurations: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(data.Report.Ranking[0].Configuration.Label, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coefficients_SweepWithoutCoefficients_IsRefusedWithTheSweepId()
    {
        var yaml = SyntheticSweep.Circles.Replace(
            "layers.0.activity_regularizer.kind: [none, l1]\n  layers.0.activity_regularizer.placement: [before, after]\n  layers.0.activity_regularizer.l1: [1.0e-4, 1.0e-3, 1.0e-2]",
            "layers.0.units: [4, 8]",
            StringComparison.Ordinal);
        var data = SyntheticSweep.Create(yaml);

        var error = Assert.Throws<ArgumentException>(() => PlotCommand.Draw("coefficients", data, [], loss: false, "zero_fraction"));

        Assert.StartsWith($"sweep {data.SweepId} has no configuration with exactly one non-zero regularization coefficient", error.Message, StringComparison.Ordinal);
    }
}
