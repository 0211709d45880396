using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Cli;

/// <summary>TorchSharp trials two at a time, as a user runs them: no attempt may fail by chance.</summary>
public sealed partial class TorchTrialsTests
{
    // 2 configurations x 100 seeds, with an activity penalty, a kernel penalty (l1_l2: both penalty sums) and Adam.
    private const string TorchSweep = """
        name: torch-two-at-a-time
        seeds: 100
        retries: 0
        trial:
          dataset: {kind: circles, samples: 100, noise: 0.1, random_state: 1, train_rows: 30}
          layers:
            - type: dense
              units: 32
              activation: relu
              activity_regularizer: {kind: l1, l1: 1.0e-4, placement: before, reduction: sum}
              kernel_regularizer: {kind: l1_l2, l1: 1.0e-4, l2: 1.0e-4}
            - {type: dense, units: 1, activation: sigmoid}
          epochs: 1000
          backend: torch
        grid:
          optimizer.name: [adam, rmsprop]
        """;

    [Fact]
    public async Task Run_TwoHundredTorchTrialsTwoAtATimeBesideABusyCore_NoAttemptFails()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("torch.yaml", TorchSweep);
        using var busy = Process.Start(new ProcessStartInfo("sh", ["-c", "exec yes > /dev/null"]) { UseShellExecute = false })!;
        (int ExitCode, string Output, string Error) run;
        try
        {
            run = await SweepProcess.RunAsync("run", file, "--parallel", "2", "--store", temp.Store);
        }
        finally
        {
            busy.Kill();
        }

        var id = SweepId().Match(run.Output).Groups[1].Value;
        var results = await SweepProcess.RunAsync("results", id, "--format", "json", "--store", temp.Store);

        Assert.True(run.ExitCode == 0, run.Error);
        var trials = JsonNode.Parse(results.Output)!["trials"]!.AsArray();
        Assert.Equal(200, trials.Count);
        var failed = trials.SelectMany(t => t!["attempts"]!.AsArray()).Where(a => a!["error"] is not null).Select(a => (string?)a!["error"]).ToArray();
        Assert.True(failed.Length == 0, $"{failed.Length} attempts failed; the first: {failed.FirstOrDefault()}");
        Assert.All(trials, t => Assert.Equal(("completed", "torch"), ((string?)t!["state"], (string?)t!["backend"])));
    }

    [GeneratedRegex(@"sweep (torch-two-at-a-time-[0-9a-f]{8})")]
    private static partial Regex SweepId();
}
