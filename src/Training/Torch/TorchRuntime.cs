using Sweep.Training.Engine;
using static TorchSharp.torch;

namespace Sweep.Training.Torch;

/// <summary>
/// libtorch, loaded once per process with one intra-op thread (parallelism is across trials). Loading the native
/// library takes about 0.3 s of CPU, so a process loads it only when a trial needs it (the fused path trains dense
/// models without it): a host that knows its trials will need it starts it in the background
/// (<see cref="LoadInBackground"/>, <see cref="AutoTrainer.Prepare"/>), so that it overlaps the rest of the host's
/// start-up instead of holding the first trial, and a trial waits for it (<see cref="EnsureLoaded"/>).
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Task> Loading = new(() => Task.Run(() => set_num_threads(1)));

    /// <summary>Starts loading libtorch on a pool thread, unless it is loading or loaded.</summary>
    public static void LoadInBackground() => _ = Loading.Value;

    /// <summary>Whether this process has begun loading libtorch.</summary>
    public static bool Started => Loading.IsValueCreated;

    /// <summary>Returns once libtorch is loaded; throws what loading it threw (a missing native library, say).</summary>
    public static void EnsureLoaded() => Loading.Value.GetAwaiter().GetResult();
}
