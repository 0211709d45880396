using Microsoft.Extensions.Hosting;

namespace Sweep.Client.Hosting;

/// <summary>
/// The embedded host leaves Ctrl+C and SIGTERM to the command line, which cancels the command and
/// then stops the host; the default console lifetime would swallow the signal and stop nothing.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
