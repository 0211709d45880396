using System.CommandLine;

namespace Sweep.Client.Cli;

/// <summary>Options several commands take.</summary>
internal static class SharedOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = "Directory of the embedded store (default: $SWEEP_HOME, else ~/.sweep)",
    };

    public static Option<int?> Seeds() => Positive("--seeds", "Run seeds 0..N-1 instead of the file's seeds", 100_000);

    public static Option<int?> Epochs() => Positive("--epochs", "Train every configuration for this many epochs", Training.Specs.TrialSpecReader.MaxEpochs);

    public static Option<string?> Cluster() => new("--cluster")
    {
        Description = "A cluster's Redis connection string (host:port); without it (and $SWEEP_CLUSTER) the embedded store is used",
    };

    public static Option<string?> ClusterId() => new("--cluster-id")
    {
        Description = "The cluster's id (default: $SWEEP_CLUSTER_ID, else sweep)",
    };

    public static Argument<string> SweepId() => new("id") { Description = "The sweep: the id that run printed (sweep list shows them), a unique prefix of it, or the sweep's name" };

    public static Option<string?> Metric()
    {
        var option = new Option<string?>("--metric") { Description = "Rank by this metric (default: the sweep file's metric)" };
        option.AcceptOnlyFromAmong(Training.Sweeps.Metric.All.Select(m => m.Name).ToArray());
        return option;
    }

    public static Option<int?> Positive(string name, string description, int max = int.MaxValue)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { } value && (value < 1 || value > max))
            {
                result.AddError(max == int.MaxValue ? $"{name} must be at least 1, got {value}" : $"{name} must be from 1 to {max}, got {value}");
            }
        });
        return option;
    }
}
