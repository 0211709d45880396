using System.Globalization;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>How numbers look in tables.</summary>
internal static class Numbers
{
    public static string MeanStd(MetricSummary summary) => summary.N switch
    {
        0 => "-",
        1 => F(summary.Mean),
        _ => $"{F(summary.Mean)} ± {F(summary.StandardDeviation)}",
    };

    public static string Interval(MetricSummary summary) =>
        summary.N > 1 ? $"[{F(summary.ConfidenceLow)}, {F(summary.ConfidenceHigh)}]" : "-";

    public static string Signed(double value) => double.IsNaN(value) ? "-" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    /// <summary>A p-value: three decimals, or an upper bound when it is smaller than 0.001.</summary>
    public static string P(double value) => double.IsNaN(value) ? "-" : value < 0.001 ? "<0.001" : value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The line a ranking on test rows carries: the choice of the best was made on the rows its result is reported on, as the
    /// tutorial's <c>validation_data=(testX, testy)</c> does; null for a ranking on other rows.
    /// </summary>
    public static string? SelectionNote(Metric metric, bool validationRows = false) => !metric.OnTestRows ? null
        : validationRows
            ? $"Selection used the test rows: {metric.Name} ranks on the rows the results report (--metric val_accuracy ranks on the validation rows)."
            : $"Selection used the test rows: {metric.Name} ranks on the rows the results report (dataset.validation_fraction or validation_rows keeps rows apart to select on).";

    /// <summary>▲ for better than the baseline, ▼ for worse, nothing for no difference; a space follows a mark.</summary>
    public static string Mark(Verdict verdict) => verdict switch
    {
        Verdict.Better => "▲ ",
        Verdict.Worse => "▼ ",
        _ => "",
    };

    /// <summary>The metrics tables show beside the ranking metric, at most <paramref name="count"/> of them.</summary>
    public static Metric[] Others(Metric metric, int count = 3) =>
        new[] { Metric.TestAccuracy, Metric.TrainAccuracy, Metric.TestLoss, Metric.ZeroFraction }.Where(m => m != metric).Take(count).ToArray();
}
