using System.Net;
using System.Net.Sockets;

namespace Sweep.Client.Hosting;

/// <summary>Finds unused loopback ports, so that several embedded clusters can run side by side.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
