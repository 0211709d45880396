using System.CommandLine;
using System.Globalization;

namespace Sweep.Client.Cli;

/// <summary>Options several commands take.</summary>
internal static class SharedOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = "Directory of the embedded store (default: $SWEEP_HOME, else ~/.sweep)",
    };

    public static Option<int?> Seeds() => Positive("--seeds", "Run seeds 0..N-1 instead of the file's seeds", Training.Sweeps.SweepDefinition.MaxSeeds);

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

    public static Option<int?> Positive(string name, string description, int max = int.MaxValue) => WholeNumber(name, description, 1, max);

    /// <summary>
    /// An option that takes a whole number from <paramref name="min"/> to <paramref name="max"/>. The value is parsed here,
    /// so that a word or a number too large for an int is refused with the option's range (exit 2) instead of failing
    /// when the command reads the option.
    /// </summary>
    public static Option<int?> WholeNumber(string name, string description, int min, int max = int.MaxValue)
    {
        var range = max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";
        return new Option<int?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    // Digits too many for a long are a number all the same: out of range, not malformed.
                    var digits = token.TrimStart('-', '+');
                    result.AddError(digits.Length > 0 && digits.All(char.IsAsciiDigit)
                        ? $"{name} must be {range}, got {token}"
                        : $"{name} must be a whole number {range}, got '{token}'");
                    return null;
                }

                if (value < min || value > max)
                {
                    result.AddError(value > max && max == int.MaxValue ? $"{name} must be at most {max}, got {value}" : $"{name} must be {range}, got {value}");
                    return null;
                }

                return (int)value;
            },
        };
    }
}
