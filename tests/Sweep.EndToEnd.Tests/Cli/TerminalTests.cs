using System.Text.RegularExpressions;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;

namespace Sweep.EndToEnd.Tests.Cli;

/// <summary>
/// Output that goes to a pipe or a file is plain text, whatever environment a terminal user has: no escape code, and the
/// same text under every <c>TERM</c>, <c>NO_COLOR</c>, <c>COLUMNS</c> and language.
/// </summary>
public sealed partial class TerminalTests
{
    public static TheoryData<string, string?> Environments => new()
    {
        { "TERM", "xterm-256color" },
        { "TERM", null },
        { "NO_COLOR", "1" },
        { "COLUMNS", "60" },
        { "LANG", "de_DE.UTF-8" },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task EveryCommand_OutputToAPipe_IsPlainTextAndTheSameInEveryEnvironment(string variable, string? value)
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("plain.yaml", TestSweeps.EightUnitsFiveEpochs);
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-256color" };
        if (value is null)
        {
            environment.Remove(variable);
        }
        else
        {
            environment[variable] = value;
        }

        var run = await SweepProcess.RunWithAsync(environment, "run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;
        var outputs = new List<(string Command, int ExitCode, string Output, string Error)> { ("run", run.ExitCode, run.Output, run.Error) };
        foreach (var command in new[] { "list", "status", "best", "results", "results --format csv", "results --format json", "best no-such-sweep", "run missing.yaml" })
        {
            var arguments = command.Split(' ').ToList();
            if (command is "status" or "best" or "results" || command.StartsWith("results ", StringComparison.Ordinal))
            {
                arguments.Insert(1, id);
            }

            arguments.AddRange(["--store", temp.Store]);
            var (exitCode, output, error) = await SweepProcess.RunWithAsync(environment, [.. arguments]);
            outputs.Add((command, exitCode, output, error));
        }

        Assert.Equal("plain-", id[..6]);
        Assert.All(outputs, o => Assert.False(o.Output.Contains('\u001b') || o.Error.Contains('\u001b'), $"{o.Command} under {variable}={value}: an escape code in {o.Output}{o.Error}"));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 2, 2], outputs.Select(o => o.ExitCode));
        Assert.Contains($"sweep {id}: 2 configurations x 2 seeds = 4 trials{Environment.NewLine}", run.Output, StringComparison.Ordinal);
        Assert.Contains("trials 4/4 100%", run.Error, StringComparison.Ordinal);

        // The reference: the same commands with none of the terminal variables set.
        var best = await SweepProcess.RunAsync("best", id, "--store", temp.Store);
        var csv = await SweepProcess.RunAsync("results", id, "--format", "csv", "--store", temp.Store);
        Assert.Equal(best.Output, outputs.Single(o => o.Command == "best").Output);
        Assert.Equal(csv.Output, outputs.Single(o => o.Command == "results --format csv").Output);
    }

    [Fact]
    public async Task ResultsOut_EveryFormat_WritesToTheFileWhatStandardOutputShows()
    {
        using var temp = new TemporaryStore();
        var file = temp.WriteFile("plain.yaml", TestSweeps.EightUnitsFiveEpochs);
        var run = await SweepProcess.RunAsync("run", file, "--store", temp.Store);
        var id = SweepId().Match(run.Output).Groups[1].Value;

        foreach (var format in new[] { "table", "csv", "json", "markdown" })
        {
            var path = Path.Combine(temp.Root, $"results.{format}");
            var shown = await SweepProcess.RunAsync("results", id, "--format", format, "--store", temp.Store);
            var written = await SweepProcess.RunAsync("results", id, "--format", format, "--out", path, "--store", temp.Store);

            Assert.Equal((0, ""), (written.ExitCode, written.Output));
            Assert.Equal($"wrote {path}", written.Error.Trim());
            Assert.Equal(shown.Output, File.ReadAllText(path));
        }
    }

    [GeneratedRegex(@"sweep (plain-[0-9a-f]{8})")]
    private static partial Regex SweepId();
}
