using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Sweep.Grains.Contracts;
using Sweep.Grains.Results.Racing;

namespace Sweep.Client.Output;

/// <summary>A sweep's progress with each silo's share: what <c>sweep watch</c> shows.</summary>
internal static class SiloView
{
    /// <summary>The headline above a table of silos, and a raced sweep's race under it.</summary>
    public static IRenderable Render(SweepStatus status, TimeSpan elapsed, RaceStanding? race = null) =>
        race is null
            ? new Rows(new Markup(Markup.Escape(Headline(status, elapsed))), Table(status))
            : new Rows(new Markup(Markup.Escape(Headline(status, elapsed))), new Markup(Markup.Escape("race: " + RaceText.Summary(race))), Table(status));

    /// <summary>Each silo's running and finished trials and its share of the finished ones.</summary>
    public static Table Table(SweepStatus status)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("silo")
            .AddColumn(new TableColumn("running").RightAligned())
            .AddColumn(new TableColumn("finished").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned());
        foreach (var silo in status.Silos)
        {
            var share = status.Done == 0 ? "-" : (100.0 * silo.Finished / status.Done).ToString("0", CultureInfo.InvariantCulture) + "%";
            table.AddRow(Markup.Escape(silo.Silo), $"{silo.Running}", $"{silo.Finished}", share);
        }

        return table;
    }

    /// <summary>One line: state, counts, each silo's running and finished trials, and a raced sweep's race.</summary>
    public static string Line(SweepStatus status, TimeSpan elapsed, RaceStanding? race = null)
    {
        var silos = string.Join("; ", status.Silos.Select(s => $"{s.Silo}: {s.Running} running, {s.Finished} finished"));
        var line = silos.Length == 0 ? Headline(status, elapsed) : $"{Headline(status, elapsed)} | {silos}";
        return race is null ? line : $"{line} | race: {RaceText.Summary(race)}";
    }

    private static string Headline(SweepStatus status, TimeSpan elapsed)
    {
        var failed = status.Failed > 0 ? $", {status.Failed} failed" : "";
        return $"sweep {status.SweepId} {status.State.ToString().ToLowerInvariant()}: {status.Done}/{status.Total} trials done{failed}, {status.Running} running, watched for {Numbers.Duration(elapsed)}";
    }
}
