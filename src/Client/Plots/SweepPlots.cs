using ScottPlot;
using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;

namespace Sweep.Client.Plots;

/// <summary>
/// The plots Sweep draws, as ScottPlot plots: learning curves with ±1 std bands, a metric against a coefficient on a
/// log axis with 95% intervals, sparsity against accuracy, and a 2-D dataset. Colours follow the configurations' order.
/// </summary>
internal static class SweepPlots
{
    public const int DefaultWidth = 1000;
    public const int DefaultHeight = 600;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Color ColorOf(int index) => Palette.GetColor(index);

    /// <summary>Mean test curves (solid) and training curves (dashed) per configuration, each with a ±1 std band.</summary>
    /// <param name="title">The figure's title.</param>
    /// <param name="quantity">What the curves show: accuracy or loss.</param>
    /// <param name="pairs">Each configuration's training and evaluated curves.</param>
    /// <param name="evaluated">The rows the solid curves are on: validation or test.</param>
    public static Plot Curves(string title, string quantity, IReadOnlyList<CurvePair> pairs, string evaluated = "test")
    {
        var plot = NewPlot(title, "epoch", quantity);
        for (var i = 0; i < pairs.Count; i++)
        {
            var color = ColorOf(i);
            foreach (var (curve, test) in new[] { (pairs[i].Train, false), (pairs[i].Test, true) })
            {
                if (curve.IsEmpty)
                {
                    continue;
                }

                var band = plot.Add.FillY(curve.Epochs, Offset(curve, -1), Offset(curve, 1));
                band.FillColor = color.WithAlpha(test ? 0.18 : 0.10);
                band.LineWidth = 0;
                var line = plot.Add.ScatterLine(curve.Epochs, curve.Mean, color);
                line.LineWidth = 2;
                line.LinePattern = test ? LinePattern.Solid : LinePattern.Dashed;
                line.LegendText = test ? pairs[i].Label : "";
            }
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"solid: {evaluated}, dashed: training; bands ±1 std", LineWidth = 0 });
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Each configuration's mean and 95% interval at each decision of a race, a cross where it was eliminated.</summary>
    public static Plot Race(string title, string metric, IReadOnlyList<RaceSeries> series)
    {
        var plot = NewPlot(title, "seeds at the decision", metric);
        for (var i = 0; i < series.Count; i++)
        {
            var color = ColorOf(i);
            var s = series[i];

            // Side by side at each decision, so that intervals of equal means do not hide each other.
            var shift = (i - ((series.Count - 1) / 2.0)) * Math.Min(0.06, 0.8 / series.Count);
            var xs = s.Points.Select(p => p.Seeds + shift).ToArray();
            var ys = s.Points.Select(p => p.Summary.Mean).ToArray();
            var half = s.Points.Select(p => p.Summary.N > 1 ? p.Summary.ConfidenceHigh - p.Summary.Mean : 0).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, half);
            bars.Color = color;
            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 1.5f;
            line.MarkerSize = 5;
            line.LegendText = s.Label;
            if (s.Eliminated)
            {
                var cross = plot.Add.Marker(xs[^1], ys[^1], MarkerShape.Cross, 14, color);
                cross.MarkerLineWidth = 2.5f;
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>The metric's mean against the coefficient (log axis) with 95% intervals; the baseline as a band.</summary>
    public static Plot Coefficients(string title, string metric, IReadOnlyList<CoefficientSeries> series, ConfigurationAggregate? baseline)
    {
        var plot = NewPlot(title, "coefficient (log scale)", metric);
        for (var i = 0; i < series.Count; i++)
        {
            var color = ColorOf(i);
            var xs = series[i].Points.Select(p => Math.Log10(p.Coefficient)).ToArray();
            var ys = series[i].Points.Select(p => p.Summary.Mean).ToArray();
            var half = series[i].Points.Select(p => p.Summary.N > 1 ? p.Summary.ConfidenceHigh - p.Summary.Mean : 0).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, half);
            bars.Color = color;
            bars.LineWidth = 1.5f;
            var line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = series[i].Name;
        }

        if (baseline?.Metrics[metric] is { N: > 0 } summary)
        {
            var gray = Colors.Black;
            if (summary.N > 1)
            {
                plot.Add.VerticalSpan(summary.ConfidenceLow, summary.ConfidenceHigh, Colors.Gray.WithAlpha(0.25));
            }

            var line = plot.Add.HorizontalLine(summary.Mean, 1.5f, gray, LinePattern.Dashed);
            line.LegendText = $"baseline: {baseline.Configuration.Label} (95% CI)";
        }

        var decades = series.SelectMany(s => s.Points).Select(p => Math.Log10(p.Coefficient)).ToArray();
        if (decades.Length > 0)
        {
            plot.Axes.SetLimitsX(Math.Floor(decades.Min() - 0.5), Math.Ceiling(decades.Max() + 0.5));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = decade => $"1e{decade:0}",
        };
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Each configuration's trials as faint points, and its means with ±1 std bars in both directions.</summary>
    public static Plot Sparsity(string title, string xLabel, string yLabel, IReadOnlyList<SparsityPoints> configurations)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        for (var i = 0; i < configurations.Count; i++)
        {
            var c = configurations[i];
            var color = ColorOf(i);
            var trials = plot.Add.ScatterPoints(c.X, c.Y, color.WithAlpha(0.35));
            trials.MarkerSize = 5;
            var (xStd, yStd) = (Spread(c.XSummary), Spread(c.YSummary));
            var bars = new ScottPlot.Plottables.ErrorBar([c.XSummary.Mean], [c.YSummary.Mean], [xStd], [xStd], [yStd], [yStd]) { Color = color, LineWidth = 1.5f };
            plot.Add.Plottable(bars);
            var mean = plot.Add.ScatterPoints(new[] { c.XSummary.Mean }, new[] { c.YSummary.Mean }, color);
            mean.MarkerSize = 11;
            mean.MarkerShape = MarkerShape.FilledDiamond;
            mean.LegendText = c.Label;
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "diamonds: means ±1 std; dots: trials", LineWidth = 0 });
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>A 2-D dataset as in the tutorial: colour by label, training rows filled, test rows hollow.</summary>
    public static Plot Data(string title, LabeledPoints points, bool[] isTrain)
    {
        var plot = NewPlot(title, "x0", "x1");
        foreach (var label in points.Labels.Distinct().Order())
        {
            foreach (var train in new[] { true, false })
            {
                var rows = Enumerable.Range(0, points.Labels.Length).Where(r => points.Labels[r] == label && isTrain[r] == train).ToArray();
                if (rows.Length == 0)
                {
                    continue;
                }

                var scatter = plot.Add.ScatterPoints(rows.Select(r => points.Features[r][0]).ToArray(), rows.Select(r => points.Features[r][1]).ToArray(), ColorOf(label));
                scatter.MarkerSize = train ? 9 : 7;
                scatter.MarkerShape = train ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
                scatter.MarkerLineWidth = 1.5f;
                scatter.LegendText = $"class {label}, {(train ? "training" : "test")} ({rows.Length})";
            }
        }

        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Writes a plot as PNG or SVG, chosen by the file's extension.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public static void Save(Plot plot, string path, int width, int height)
    {
        if (IsSvg(path))
        {
            plot.SaveSvg(path, width, height);
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }

    /// <summary>True for an .svg file, false for a .png one.</summary>
    /// <exception cref="ArgumentException">The extension is neither.</exception>
    public static bool IsSvg(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => true,
        ".png" => false,
        _ => throw new ArgumentException($"--out: '{Path.GetFileName(path)}' must end in .png or .svg"),
    };

    /// <summary>The plot as the bytes of a PNG or the text of an SVG, for embedding.</summary>
    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        plot.Legend.FontSize = 12;
        return plot;
    }

    private static double[] Offset(Curve curve, int sign) => curve.Mean.Select((m, i) => m + (sign * curve.Std[i])).ToArray();

    private static double Spread(MetricSummary summary) => summary.N > 1 ? summary.StandardDeviation : 0;
}
