using System.Text.Json.Nodes;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Cli;

/// <summary>A raced sweep run by the real command: configurations drop out, their later seeds never run, the same file races alike.</summary>
public sealed class RaceTests
{
    // The tutorial's model with the penalty summed before the ReLU: 1e-2 kills it (0.486, every seed), 1e-6 is about
    // 0.04 below 1e-4 (README's coefficient study).
    internal const string Race = """
        name: mini-race
        race: {min_seeds: 3, max_seeds: 8, margin: 0.005}
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - type: dense
              units: 500
              activation: relu
              activity_regularizer: {kind: l1, placement: before, reduction: sum, l1: 1.0e-4}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 4000
        grid:
          layers.0.activity_regularizer.l1: [1.0e-6, 1.0e-4, 1.0e-2]
        """;

    [Fact]
    public async Task Run_Race_DropsTheHopelessEarlyAndRunsTheSameTrialsEachTime()
    {
        using var first = new TemporaryStore();
        using var second = new TemporaryStore();
        var file = first.WriteFile("race.yaml", Race);

        var run = await SweepProcess.RunAsync("run", file, "--store", first.Store);
        var again = await SweepProcess.RunAsync("run", file, "--store", second.Store, "--parallel", "1");
        var trials = await TrialsAsync(first.Store);
        var trialsAgain = await TrialsAsync(second.Store);
        var status = await SweepProcess.RunAsync("status", "mini-race", "--store", first.Store);

        Assert.True(run.ExitCode == 0, run.Error);
        var seeds = trials.GroupBy(t => t.Label).ToDictionary(g => g.Key, g => g.Select(t => t.Seed).Order().ToArray());

        // The killing penalty leaves after the first round; the winner gets at least as many seeds as any other.
        Assert.Equal([0, 1, 2], seeds["l1=0.01"]);
        Assert.True(seeds["l1=0.0001"].Length >= seeds.Values.Max(s => s.Length), string.Join("; ", seeds.Select(p => $"{p.Key}: {p.Value.Length}")));
        Assert.True(trials.Length < 24, $"{trials.Length} of 24 trials ran");
        Assert.Contains($"race: {trials.Length} of 24 trials trained; {24 - trials.Length} (", run.Output, StringComparison.Ordinal);
        Assert.Contains($"24: {trials.Length} completed, 0 failed, 0 diverged, {24 - trials.Length} not run", status.Output, StringComparison.Ordinal);

        // What the race made of each configuration, from the store: in status, the JSON and the CSV export.
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", "mini-race", "--format", "json", "--store", first.Store)).Output)!;
        var race = json["sweep"]!["race"]!;
        Assert.Equal((true, 24, trials.Length, 24 - trials.Length), ((bool)race["finished"]!, (int)race["trials"]!, (int)race["trials_run"]!, (int)race["trials_saved"]!));
        var states = json["configurations"]!.AsArray().ToDictionary(c => (string)c!["label"]!, c => c!["race"]!);
        Assert.Equal("eliminated", (string?)states["l1=0.01"]["state"]);
        Assert.Equal((3, "l1=0.0001"), ((int)states["l1=0.01"]["eliminated"]!["at_seeds"]!, (string?)states["l1=0.01"]["eliminated"]!["by_label"]));
        Assert.True((double)states["l1=0.01"]["eliminated"]!["lower_bound"]! > 0.005, "an elimination's lower bound is above the margin");
        Assert.Contains((string?)states["l1=0.0001"]["state"], new[] { "winner", "tied", "leader" });
        Assert.Equal(trials.Length, json["configurations"]!.AsArray().Sum(c => (int)c!["completed"]!));
        var statusLines = status.Output.Split('\n').Select(line => string.Join(" ", line.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
        Assert.Contains(statusLines, line => line.StartsWith("race finished at ", StringComparison.Ordinal));
        Assert.Contains(statusLines, line => line.StartsWith($"trials saved {24 - trials.Length} of 24 (", StringComparison.Ordinal));
        Assert.Contains(statusLines, line => line.StartsWith("l1=0.01 eliminated at 3 seeds by l1=0.0001: ", StringComparison.Ordinal));
        var watch = await SweepProcess.RunAsync("watch", "mini-race", "--store", first.Store);
        Assert.True(watch.ExitCode == 0, watch.Error);
        Assert.Contains(" | race: finished at ", watch.Output, StringComparison.Ordinal);
        var reportFolder = Path.Combine(first.Root, "report");
        var report = await SweepProcess.RunAsync("report", "mini-race", "--store", first.Store, "--out", reportFolder);
        Assert.True(report.ExitCode == 0, report.Error);
        var page = File.ReadAllText(Path.Combine(reportFolder, "index.html"));
        Assert.Contains("<section id=\"race\"><h2>Race</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"left\">l1=0.01</td><td class=\"left\">eliminated at 3 seeds by l1=0.0001: ", page, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(reportFolder, "race.png"))[..4]);
        var csv = CsvRows.Parse((await SweepProcess.RunAsync("results", "mini-race", "--format", "csv", "--store", first.Store)).Output);
        var header = csv[0];
        var stateColumn = Array.IndexOf(header, "race_state");
        Assert.True(stateColumn > 0, string.Join(", ", header));
        var labelColumn = Array.IndexOf(header, "label");
        Assert.Contains(csv[1..], row => row[labelColumn] == "l1=0.01" && row[stateColumn] == "eliminated");

        // One slot or two, the race runs the same trials: its decisions depend on the results only.
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(trials.Select(t => (t.Label, t.Seed)).Order(), trialsAgain.Select(t => (t.Label, t.Seed)).Order());
    }

    [Fact]
    public async Task Run_RaceWithConfirm_TrainsFreshSeedsForSurvivorsAndBaselineAndComparesOnThemOnly()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("race.yaml", Race.Replace(
            "race: {min_seeds: 3, max_seeds: 8, margin: 0.005}",
            "race: {min_seeds: 3, max_seeds: 8, margin: 0.005, confirm: 3}\nbaseline: {layers.0.activity_regularizer.l1: 1.0e-6}",
            StringComparison.Ordinal));

        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var json = JsonNode.Parse((await SweepProcess.RunAsync("results", "mini-race", "--format", "json", "--store", temp.Store)).Output)!;

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("on the 3 confirmation seeds only", run.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        var race = json["sweep"]!["race"]!;
        Assert.Equal((3, true), ((int)race["confirm"]!, (bool)race["finished"]!));
        var configurations = json["configurations"]!.AsArray().Select(c => c!.AsObject()).ToArray();
        var baseline = (string)configurations.Single(c => (bool)c["is_baseline"]!)["label"]!;
        var survivors = configurations.Where(c => (string?)c["race"]!["state"] is "winner" or "tied" or "leader" or "unseparated").Select(c => (string)c["label"]!).ToArray();
        Assert.NotEmpty(survivors);
        var values = json["trials"]!.AsArray()
            .Select(t => (Label: (string)t!["label"]!, Seed: (int)t["seed"]!, Value: (double)t["metrics"]!["test_accuracy"]!))
            .ToArray();

        var racing = values.Count(v => v.Seed < 8);
        Assert.Contains(
            $"race: {racing} of 24 trials trained; {24 - racing} ({100.0 * (24 - racing) / 24:0}%) were not needed; {values.Length - racing} more on its 3 confirmation seeds",
            run.Output,
            StringComparison.Ordinal);

        // The fresh seeds 8 to 10 went to the survivors and the baseline, and to no other configuration.
        Assert.Equal(survivors.Append(baseline).Distinct().Order(), values.Where(v => v.Seed >= 8).Select(v => v.Label).Distinct().Order());
        Assert.All(values.Where(v => v.Seed >= 8).GroupBy(v => v.Label), g => Assert.Equal([8, 9, 10], g.Select(v => v.Seed).Order()));

        // Each survivor's comparison with the baseline is made on those seeds only.
        double Confirmed(string label) => values.Where(v => v.Label == label && v.Seed >= 8).Average(v => v.Value);
        foreach (var survivor in survivors.Where(label => label != baseline))
        {
            var versus = configurations.Single(c => (string)c["label"]! == survivor)["vs_baseline"]!;
            Assert.Equal(Confirmed(survivor) - Confirmed(baseline), (double)versus["difference"]!, 1e-12);
        }

        Assert.All(configurations.Where(c => !survivors.Contains((string)c["label"]!) && (string)c["label"]! != baseline), c => Assert.Null(c["vs_baseline"]));
    }

    private static async Task<(string Label, int Seed)[]> TrialsAsync(string store)
    {
        var results = await SweepProcess.RunAsync("results", "mini-race", "--format", "json", "--store", store);
        Assert.True(results.ExitCode == 0, results.Error);
        return JsonNode.Parse(results.Output)!["trials"]!.AsArray().Select(t => ((string)t!["label"]!, (int)t["seed"]!)).ToArray();
    }
}
