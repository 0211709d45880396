using System.CommandLine;
using Sweep.Client.Commands;

namespace Sweep.Client.Cli;

/// <summary>The <c>sweep</c> command line.</summary>
internal static class SweepCli
{
    public static RootCommand Create() => new("Sweep: repeat-seed hyperparameter sweeps of Keras-style models on Orleans")
    {
        new RunCommand(),
        new SubmitCommand(),
        new ListCommand(),
        new StatusCommand(),
        new WatchCommand(),
        new CancelCommand(),
        new RetryCommand(),
        new BestCommand(),
        new ResultsCommand(),
        new PlotCommand(),
        new ReportCommand(),
        new ServeCommand(),
        new DatasetCommand(),
    };
}
