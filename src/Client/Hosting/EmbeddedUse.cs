namespace Sweep.Client.Hosting;

/// <summary>
/// What a command needs from the embedded cluster.
/// </summary>
/// <param name="ParallelTrials">Trial slots of the embedded silo.</param>
/// <param name="Sweeps">The sweeps it trains trials of; empty for a process that only reads.</param>
/// <param name="Exclusive">True for a process that changes the store: it must be the only one that does.</param>
internal sealed record EmbeddedUse(int ParallelTrials, IReadOnlyCollection<string> Sweeps, bool Exclusive)
{
    /// <summary>Write every span to standard output when it ends (<c>--trace-console</c>).</summary>
    public bool TraceConsole { get; init; }

    /// <summary>Export Orleans' own spans with Sweep's (<c>--trace-orleans</c>).</summary>
    public bool OrleansSpans { get; init; }

    /// <summary>Reads results and progress; another process may be running a sweep on the store meanwhile.</summary>
    public static EmbeddedUse Queries { get; } = new(1, [], Exclusive: false);

    /// <summary>Changes a sweep without training (cancel).</summary>
    public static EmbeddedUse Changes { get; } = new(1, [], Exclusive: true);

    /// <summary>Runs one sweep with <paramref name="parallelTrials"/> slots.</summary>
    public static EmbeddedUse Run(string sweepId, int parallelTrials) => new(parallelTrials, [sweepId], Exclusive: true);
}
