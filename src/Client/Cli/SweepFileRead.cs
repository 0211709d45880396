using Sweep.Training.Sweeps;

namespace Sweep.Client.Cli;

/// <summary>A sweep file as a command read it.</summary>
/// <param name="Path">The path given on the command line.</param>
/// <param name="Text">The file's text, as it is sent to the sweep's grain.</param>
/// <param name="Overrides">The command line's <c>--seeds</c> and <c>--epochs</c>.</param>
/// <param name="Plan">The sweep, expanded into its configurations.</param>
internal sealed record SweepFileRead(string Path, string Text, SweepOverrides Overrides, SweepPlan Plan);
