using System.CommandLine;
using Sweep.Training.Sweeps;

namespace Sweep.Client.Cli;

/// <summary>
/// The sweep file a command starts (<c>FILE</c>) with the overrides it takes from the command line (<c>--seeds</c>,
/// <c>--epochs</c>): read and expanded the same way by <c>run</c> and <c>submit</c>. One instance per command.
/// </summary>
internal sealed class SweepFileInput
{
    private readonly Argument<FileInfo> file = new("file") { Description = "The sweep file (YAML)" };
    private readonly Option<int?> seeds = SharedOptions.Seeds();
    private readonly Option<int?> epochs = SharedOptions.Epochs();

    /// <summary>Adds the file argument and the two options to <paramref name="command"/>, in this order.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(file);
        command.Options.Add(seeds);
        command.Options.Add(epochs);
    }

    /// <summary>Reads the sweep file given, parses it with the overrides given, and expands it within <paramref name="limit"/>.</summary>
    /// <exception cref="ArgumentException">The sweep is above the limit and --force was not given.</exception>
    /// <exception cref="SweepFileException">The file cannot be read, or it or a configuration of it is invalid.</exception>
    public SweepFileRead Read(ParseResult result, GridLimit limit)
    {
        var path = result.GetValue(file)!.ToString();
        var overrides = new SweepOverrides(result.GetValue(seeds), result.GetValue(epochs));
        var text = SweepFile.ReadText(path);
        return new SweepFileRead(path, text, overrides, limit.Expand(result, SweepFile.Parse(text, path, overrides)));
    }
}
