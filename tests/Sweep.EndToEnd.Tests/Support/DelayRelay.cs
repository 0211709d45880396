using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// A TCP relay on loopback that forwards every connection to <c>127.0.0.1:upstream</c> and holds each chunk of bytes, in
/// each direction, for <see cref="Delay"/> before passing it on, in order: a slow network between two processes of one
/// machine, whose kernel has no netem. Written for the tests, as no maintained .NET package relays with a delay.
/// </summary>
internal sealed class DelayRelay : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly int upstream;
    private readonly Task accepting;
    private int connections;

    /// <param name="upstream">The loopback port relayed to.</param>
    /// <param name="delay">How long each chunk is held, one way.</param>
    /// <param name="port">The loopback port to listen on; 0 (default): one the kernel picks.</param>
    public DelayRelay(int upstream, TimeSpan delay, int port = 0)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        this.upstream = upstream;
        Delay = delay;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>How long each chunk is held, one way.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The connections relayed so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>The port to connect to instead of the upstream one.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = server.NoDelay = true;
                await server.ConnectAsync(IPAddress.Loopback, upstream, stop.Token);
                await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // One side closed or the relay stops: the connection ends, as a network's would.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var held = Channel.CreateUnbounded<(byte[] Bytes, long Due)>();
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
            {
                await held.Writer.WriteAsync((buffer[..read], Environment.TickCount64 + (long)Delay.TotalMilliseconds), stop.Token);
            }

            held.Writer.Complete();
        });
        await foreach (var (bytes, due) in held.Reader.ReadAllAsync(stop.Token))
        {
            var wait = due - Environment.TickCount64;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), stop.Token);
            }

            await to.WriteAsync(bytes, stop.Token);
        }

        await reading;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }
}
