using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results;
using Sweep.Grains.Results.Racing;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Output;

/// <summary>
/// Results for other tools: JSON with per-configuration aggregates and per-trial results (histories on request), CSV with
/// one row per configuration or per trial, or the histories in long format (one row per trial, epoch and metric). Every
/// export has the grid settings (<see cref="GridSettings"/>) beside the label. Column names are stable. With a set of
/// configuration ids, only their rows, at their ranks in the whole sweep.
/// </summary>
internal static class ResultsDocument
{
    public static string Json(SweepReport report, IReadOnlyList<TrialRecord> records, bool history, IReadOnlySet<string>? only = null) =>
        Document(report, records, history, only).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The document of <see cref="Json"/> as a tree: <c>sweep</c>, <c>ranked_by</c>, <c>ranked_on_rows</c>, <c>configurations</c> and <c>trials</c>.</summary>
    public static JsonObject Document(SweepReport report, IReadOnlyList<TrialRecord> records, bool history, IReadOnlySet<string>? only = null)
    {
        var labels = report.Ranking.ToDictionary(a => a.Configuration.Id, a => a.Configuration.Label);
        var settings = GridSettings.Of(report.Ranking.Select(a => a.Configuration));
        var (metric, byBound) = Ranks(report);
        var document = new JsonObject
        {
            ["sweep"] = Sweep(report.Status),
            ["ranked_by"] = report.RankedBy,
            ["ranked_on_rows"] = report.RankingMetric.Rows,
            ["configurations"] = new JsonArray(report.Ranking.Select((a, rank) => (a, rank)).Where(r => Kept(only, r.a.Configuration.Id)).Select(r => (JsonNode)new JsonObject
            {
                ["rank"] = r.rank + 1,
                ["id"] = r.a.Configuration.Id,
                ["label"] = r.a.Configuration.Label,
                ["settings"] = settings.Json(r.a.Configuration.Id),
                ["spec"] = JsonNode.Parse(r.a.Configuration.SpecJson),
                ["completed"] = r.a.Completed,
                ["failed"] = r.a.Failed,
                ["diverged"] = r.a.Diverged,
                ["metrics"] = new JsonObject(r.a.Metrics.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)Summary(pair.Value)))),
                ["rank_by_bound"] = byBound[r.a.Configuration.Id],
                ["is_baseline"] = r.a.Configuration.Id == report.BaselineId,
                ["vs_baseline"] = r.a.VersusBaseline is { } c ? Versus(c, metric) : null,
            }).ToArray()),
            ["trials"] = new JsonArray(records.Where(r => Kept(only, r.Outcome.ConfigurationId)).Select(record => (JsonNode)Trial(record, labels, settings, history)).ToArray()),
        };
        document["sweep"]!["baseline_id"] = report.BaselineId;
        if (report.Race is { } race)
        {
            AddRace(document, race);
        }

        return document;
    }

    /// <summary>The document of <see cref="Json"/> without its <c>trials</c>: the sweep and its ranked configurations.</summary>
    public static string Ranking(SweepReport report)
    {
        var document = Document(report, [], history: false);
        document.Remove("trials");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// One configuration as <see cref="Json"/> with <c>--history</c> has it: <c>sweep</c>, <c>ranked_by</c>, its
    /// <c>configuration</c> object and (unless <paramref name="trials"/> is false) its finished <c>trials</c>, each with its
    /// history unless <paramref name="history"/> is false; null for a configuration the sweep lacks.
    /// </summary>
    public static string? Configuration(SweepReport report, IReadOnlyList<TrialRecord> records, string configurationId, bool trials = true, bool history = true)
    {
        var document = Document(report, records, history, new HashSet<string>(StringComparer.Ordinal) { configurationId });
        if (document["configurations"]!.AsArray() is not [JsonObject configuration])
        {
            return null;
        }

        var result = new JsonObject
        {
            ["sweep"] = document["sweep"]!.DeepClone(),
            ["ranked_by"] = report.RankedBy,
            ["configuration"] = configuration.DeepClone(),
        };
        if (trials)
        {
            result["trials"] = document["trials"]!.DeepClone();
        }

        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// One finished trial as <see cref="Json"/> with <c>--history</c> has it: <c>sweep</c>, <c>ranked_by</c>, its
    /// <c>configuration</c> object and the <c>trial</c> object; null for a trial the sweep lacks or that has not finished.
    /// </summary>
    public static string? Trial(SweepReport report, IReadOnlyList<TrialRecord> records, string configurationId, int seed)
    {
        var mine = records.Where(r => r.Outcome.ConfigurationId == configurationId && r.Outcome.Seed == seed).ToArray();
        var document = Document(report, mine, history: true, new HashSet<string>(StringComparer.Ordinal) { configurationId });
        if (document["configurations"]!.AsArray() is not [JsonObject configuration] || document["trials"]!.AsArray() is not [JsonObject trial])
        {
            return null;
        }

        return new JsonObject
        {
            ["sweep"] = document["sweep"]!.DeepClone(),
            ["ranked_by"] = report.RankedBy,
            ["configuration"] = configuration.DeepClone(),
            ["trial"] = trial.DeepClone(),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// A page of a sweep's finished trials: <c>sweep_id</c>, <c>offset</c>, <c>limit</c>, <c>total</c> (the finished trials
    /// in all) and <c>trials</c>, each the trial object of <see cref="Json"/> without its <c>penalties</c>.
    /// </summary>
    public static string Trials(string sweepId, TrialPage page, int offset, int limit)
    {
        var labels = page.Configurations.ToDictionary(c => c.Id, c => c.Label);
        var settings = GridSettings.Of(page.Configurations);
        return new JsonObject
        {
            ["sweep_id"] = sweepId,
            ["offset"] = offset,
            ["limit"] = limit,
            ["total"] = page.Total,
            ["trials"] = new JsonArray(page.Trials.Select(t => (JsonNode)Trial(t, labels, settings)).ToArray()),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// The sweeps of a store or cluster as <c>sweep list</c> shows them, oldest first: each as the <c>sweep</c> object of
    /// <see cref="Json"/> without the baseline, which only a sweep's report knows.
    /// </summary>
    /// <remarks>
    /// With <paramref name="paces"/>, each sweep also has <c>trials_per_second</c> (over its latest run, <see
    /// cref="SweepPace.TrialsPerSecond"/>) and <c>eta_seconds</c> (what a running sweep still needs at that rate), null where
    /// not known.
    /// </remarks>
    public static string Sweeps(IEnumerable<SweepStatus> statuses, IReadOnlyDictionary<string, SweepPace>? paces = null, DateTimeOffset now = default) =>
        new JsonObject
        {
            ["sweeps"] = new JsonArray(statuses.Select(s =>
            {
                var sweep = Sweep(s);
                if (paces is not null)
                {
                    var pace = paces.GetValueOrDefault(s.SweepId);
                    sweep["trials_per_second"] = pace?.TrialsPerSecond(s, now) is { } rate ? JsonValue.Create(rate) : null;
                    sweep["eta_seconds"] = pace?.Remaining(s, now) is { } left ? JsonValue.Create(Math.Round(left.TotalSeconds, 1)) : null;
                }

                return (JsonNode)sweep;
            }).ToArray()),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>A sweep's state and counts: the <c>sweep</c> object of <see cref="Json"/> but its baseline and race.</summary>
    public static JsonObject Sweep(SweepStatus status) => new()
    {
        ["id"] = status.SweepId,
        ["name"] = status.Name,
        ["state"] = status.State.ToString().ToLowerInvariant(),
        ["configurations"] = status.Configurations,
        ["trials"] = status.Total,
        ["completed"] = status.Completed,
        ["failed"] = status.Failed,
        ["diverged"] = status.Diverged,
        ["created"] = status.Created,
        ["finished"] = status.Finished,
        ["trace_id"] = status.TraceId,
    };

    // A raced sweep's race: its settings and spending under "sweep", and what it made of each configuration.
    private static void AddRace(JsonObject document, RaceStanding race)
    {
        document["sweep"]!["race"] = new JsonObject
        {
            ["min_seeds"] = race.MinSeeds,
            ["max_seeds"] = race.MaxSeeds,
            ["round_seeds"] = race.RoundSeeds,
            ["alpha"] = race.Alpha,
            ["margin"] = race.Margin,
            ["finished"] = race.Progress.Finished,
            ["seeds"] = race.Progress.Seeds,
            ["trials"] = race.Trials,
            ["confirm"] = race.Confirm,
            ["trials_run"] = race.Run,
            ["trials_saved"] = race.Ended ? race.Saved : null,
        };
        foreach (var configuration in document["configurations"]!.AsArray().OfType<JsonObject>())
        {
            var id = (string)configuration["id"]!;
            configuration["race"] = new JsonObject
            {
                ["state"] = race.StateOf(id).ToString().ToLowerInvariant(),
                ["eliminated"] = race.EliminationOf(id) is { } e
                    ? new JsonObject { ["at_seeds"] = e.Seeds, ["by"] = e.By, ["by_label"] = race.Label(e.By), ["difference"] = JsonNumber(e.Difference), ["lower_bound"] = JsonNumber(e.LowerBound) }
                    : null,
            };
        }
    }

    /// <summary>The ranked table as Markdown, to paste into notes, issues or a README.</summary>
    public static string Markdown(SweepReport report, IReadOnlySet<string>? only = null)
    {
        var (metric, byBound) = Ranks(report);
        var hasBaseline = report.Ranking.Any(a => a.Configuration.Id == report.BaselineId);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Status.SweepId}, ranked by mean {metric.Name}:");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| # | configuration | n | {metric.Name} (mean ± std) | 95% CI |{(hasBaseline ? " Δ vs baseline [95% CI] | p (Holm) |" : "")} # by bound |");
        text.AppendLine(hasBaseline ? "|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|");
        var rank = 0;
        foreach (var a in report.Ranking)
        {
            if (!Kept(only, a.Configuration.Id, ref rank))
            {
                continue;
            }

            var s = a.Metrics[metric.Name];
            var versus = a.Configuration.Id == report.BaselineId
                ? " baseline | |"
                : a.VersusBaseline is { } c
                    ? $" {Numbers.Mark(c.VerdictFor(metric.HigherIsBetter))}{Numbers.Signed(c.Difference)} [{Numbers.Signed(c.ConfidenceLow)}, {Numbers.Signed(c.ConfidenceHigh)}] | {Numbers.P(c.AdjustedP)} |"
                    : " - | - |";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {rank} | {a.Configuration.Label.Replace("|", "\\|", StringComparison.Ordinal)} | {a.Completed} | {Numbers.MeanStd(s)} | {Numbers.Interval(s)} |{(hasBaseline ? versus : "")} {byBound[a.Configuration.Id]} |");
        }

        if (hasBaseline)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"▲/▼: better/worse than the baseline at p ≤ {Comparison.Alpha} after Holm's correction for {report.Ranking.Count(a => a.VersusBaseline is not null)} comparisons (Welch's t-test).");
        }

        if (Numbers.SelectionNote(metric, report.HasValidationRows) is { } note)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        if (hasBaseline && RaceText.ComparisonNote(report.Race) is { } comparisons)
        {
            text.AppendLine();
            text.AppendLine(comparisons);
        }

        return text.ToString();
    }

    public static string ConfigurationsCsv(SweepReport report, IReadOnlySet<string>? only = null) => ResultsTable.Configurations(report, only).ToCsv();

    public static string TrialsCsv(SweepReport report, IReadOnlySet<string>? only = null) => ResultsTable.Trials(report, only).ToCsv();

    /// <summary>
    /// The histories in long format, for plotting tools: one row per trial, epoch (from 1) and metric (<c>loss</c>,
    /// <c>accuracy</c>, <c>val_loss</c>, <c>val_accuracy</c>, <c>learning_rate</c>), empty where the value is not finite.
    /// </summary>
    public static string HistoryCsv(SweepReport report, IReadOnlyList<TrialRecord> records, IReadOnlySet<string>? only = null)
    {
        var labels = report.Ranking.ToDictionary(a => a.Configuration.Id, a => a.Configuration.Label);
        var settings = GridSettings.Of(report.Ranking.Select(a => a.Configuration));
        var header = new List<string> { "configuration_id", "label", "seed", "epoch", "metric", "value" };
        header.InsertRange(2, settings.Columns(header).Select(ResultsTable.Quote));
        var csv = new StringBuilder().AppendLine(string.Join(',', header));
        foreach (var record in records.Where(r => Kept(only, r.Outcome.ConfigurationId)))
        {
            var id = record.Outcome.ConfigurationId;
            var prefix = string.Join(',', new[] { id, ResultsTable.Quote(labels.GetValueOrDefault(id, "")) }.Concat(settings.Texts(id).Select(ResultsTable.Quote)));
            var seed = record.Outcome.Seed.ToString(CultureInfo.InvariantCulture);
            foreach (var (metric, values) in Histories(record))
            {
                for (var epoch = 0; epoch < values.Length; epoch++)
                {
                    csv.Append(prefix).Append(',').Append(seed).Append(',').Append(epoch + 1).Append(',').Append(metric).Append(',')
                        .Append(Number(values[epoch])).AppendLine();
                }
            }
        }

        return csv.ToString();
    }

    private static (string Metric, float[] Values)[] Histories(TrialRecord record) =>
    [
        ("loss", record.Loss),
        ("accuracy", record.Accuracy),
        ("val_loss", record.ValLoss),
        ("val_accuracy", record.ValAccuracy),
        ("learning_rate", record.LearningRate),
    ];

    private static bool Kept(IReadOnlySet<string>? only, string configurationId) => only is null || only.Contains(configurationId);

    // Counts the rank of every configuration, kept or not, so a kept row shows its rank in the whole sweep.
    private static bool Kept(IReadOnlySet<string>? only, string configurationId, ref int rank)
    {
        rank++;
        return Kept(only, configurationId);
    }

    private static JsonObject Trial(TrialRecord record, Dictionary<string, string> labels, GridSettings settings, bool history)
    {
        var trial = Trial(record.Outcome, labels, settings);
        trial["penalties"] = new JsonObject(record.Penalties.Select(p => KeyValuePair.Create(p.Name, JsonNumber(p.Value))));
        if (history)
        {
            trial["history"] = new JsonObject(Histories(record).Select(h => KeyValuePair.Create(h.Metric, (JsonNode?)Floats(h.Values))));
        }

        return trial;
    }

    private static JsonObject Trial(TrialOutcome outcome, Dictionary<string, string> labels, GridSettings settings) => new()
        {
            ["configuration_id"] = outcome.ConfigurationId,
            ["label"] = labels.GetValueOrDefault(outcome.ConfigurationId),
            ["settings"] = settings.Json(outcome.ConfigurationId),
            ["seed"] = outcome.Seed,
            ["state"] = outcome.State.ToString().ToLowerInvariant(),
            ["silo"] = outcome.Silo,
            ["started"] = outcome.Started,
            ["finished"] = outcome.Finished,
            ["error"] = outcome.Error,
            ["attempts"] = new JsonArray(outcome.AttemptLog.Select(a => (JsonNode)new JsonObject
            {
                ["number"] = a.Number,
                ["silo"] = a.Silo,
                ["started"] = a.Started,
                ["ended"] = a.Ended,
                ["error"] = a.Error,
                ["run"] = a.Run,
            }).ToArray()),
            ["metrics"] = outcome.Metrics is null ? null : new JsonObject(Metric.All.Select(m => KeyValuePair.Create(m.Name, (JsonNode?)JsonNumber(m.Of(outcome.Metrics))))),
            ["backend"] = outcome.Metrics?.Backend,
        };

    private static (Metric Metric, IReadOnlyDictionary<string, int> ByBound) Ranks(SweepReport report) => (report.RankingMetric, report.PlacesByBound());

    private static string Verdict(Comparison comparison, Metric metric) => comparison.VerdictFor(metric.HigherIsBetter).ToString().ToLowerInvariant();

    private static JsonObject Versus(Comparison c, Metric metric) => new()
    {
        ["metric"] = metric.Name,
        ["difference"] = JsonNumber(c.Difference),
        ["ci95_low"] = JsonNumber(c.ConfidenceLow),
        ["ci95_high"] = JsonNumber(c.ConfidenceHigh),
        ["t"] = JsonNumber(c.T),
        ["df"] = JsonNumber(c.DegreesOfFreedom),
        ["p"] = JsonNumber(c.P),
        ["p_holm"] = JsonNumber(c.AdjustedP),
        ["prob_better"] = JsonNumber(c.ProbabilityOfImprovement),
        ["verdict"] = Verdict(c, metric),
    };

    /// <summary>A metric's summary as every document has it: <c>n</c>, <c>mean</c>, <c>std</c>, <c>min</c>, <c>max</c>, <c>ci95_low</c>, <c>ci95_high</c>.</summary>
    public static JsonObject Summary(MetricSummary s) => new()
    {
        ["n"] = s.N,
        ["mean"] = JsonNumber(s.Mean),
        ["std"] = JsonNumber(s.StandardDeviation),
        ["min"] = JsonNumber(s.Min),
        ["max"] = JsonNumber(s.Max),
        ["ci95_low"] = JsonNumber(s.ConfidenceLow),
        ["ci95_high"] = JsonNumber(s.ConfidenceHigh),
    };

    // JSON has no NaN: an undefined statistic (the deviation of one value) is null.
    public static JsonNode? JsonNumber(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonArray Floats(float[] values) => new(values.Select(v => (JsonNode?)(float.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray());

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
