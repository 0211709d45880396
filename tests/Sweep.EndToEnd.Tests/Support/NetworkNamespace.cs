using System.Diagnostics;
using System.Security.Cryptography;

namespace Sweep.EndToEnd.Tests.Support;

/// <summary>
/// A Linux network namespace with one link to this one (a veth pair with an address at each end), made with ip(8) and
/// removed on dispose: a host of its own on this machine, whose link a test cuts as a cable would be cut. The packets
/// sent over a cut link vanish: nothing answers, nothing refuses.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    /// <summary>.ci/run sets this where it runs as root, so that CI always runs the network tests.</summary>
    public const string RequireVariable = "SWEEP_REQUIRE_NETNS";

    private readonly string hostLink;
    private readonly string innerLink;

    private NetworkNamespace(string id, int subnet)
    {
        Name = $"sweep-{id}";
        hostLink = $"swh{id}";
        innerLink = $"swn{id}";
        HostAddress = $"10.231.{subnet}.1";
        Address = $"10.231.{subnet}.2";
    }

    /// <summary>The namespace's name, for <c>ip netns exec</c>.</summary>
    public string Name { get; }

    /// <summary>The namespace's address on its link.</summary>
    public string Address { get; }

    /// <summary>This namespace's address on the link.</summary>
    public string HostAddress { get; }

    /// <summary>Why namespaces cannot be made here; null where they can (Linux, root, ip with netns).</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux's";
        }

        if (Mono.Unix.Native.Syscall.geteuid() != 0)
        {
            return "making network namespaces needs root";
        }

        try
        {
            // Root without CAP_NET_ADMIN (a default container) lists namespaces but cannot make one: try.
            var probe = $"sweep-probe-{Environment.ProcessId}";
            using var ip = Process.Start(new ProcessStartInfo("ip", ["netns", "add", probe]) { RedirectStandardError = true })!;
            var error = ip.StandardError.ReadToEnd();
            ip.WaitForExit();
            if (ip.ExitCode != 0)
            {
                return $"ip netns add failed: {error.Trim()}";
            }

            using var delete = Process.Start(new ProcessStartInfo("ip", ["netns", "del", probe]))!;
            delete.WaitForExit();
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "ip (iproute2) is not installed";
        }
    }

    /// <summary>
    /// Skips the calling test, with the reason, where namespaces cannot be made; unless <see cref="RequireVariable"/> is
    /// set: then that fails the test.
    /// </summary>
    public static void SkipUnlessAvailable()
    {
        var reason = Unavailable();
        Assert.True(reason is null || Environment.GetEnvironmentVariable(RequireVariable) != "1", $"{RequireVariable}=1 but {reason}");
        Skip.IfNot(reason is null, reason);
    }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var made = new NetworkNamespace(id, RandomNumberGenerator.GetInt32(1, 255));
        try
        {
            await IpAsync("netns", "add", made.Name);
            await IpAsync("link", "add", made.hostLink, "type", "veth", "peer", "name", made.innerLink);
            await IpAsync("link", "set", made.innerLink, "netns", made.Name);
            await IpAsync("addr", "add", $"{made.HostAddress}/30", "dev", made.hostLink);
            await IpAsync("link", "set", made.hostLink, "up");
            await IpAsync("netns", "exec", made.Name, "ip", "addr", "add", $"{made.Address}/30", "dev", made.innerLink);
            await IpAsync("netns", "exec", made.Name, "ip", "link", "set", made.innerLink, "up");
            await IpAsync("netns", "exec", made.Name, "ip", "link", "set", "lo", "up");
            return made;
        }
        catch
        {
            await made.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cuts the link at the namespace's end: what this side sends is lost, and nothing comes back.</summary>
    public Task CutAsync() => IpAsync("netns", "exec", Name, "ip", "link", "set", innerLink, "down");

    /// <summary>Mends the link.</summary>
    public Task MendAsync() => IpAsync("netns", "exec", Name, "ip", "link", "set", innerLink, "up");

    public async ValueTask DisposeAsync()
    {
        // Deleting one end of a veth pair deletes both; the namespace goes once no process runs in it.
        await IpAsync(allowFailure: true, "link", "del", hostLink);
        await IpAsync(allowFailure: true, "netns", "del", Name);
    }

    private static Task IpAsync(params string[] arguments) => IpAsync(false, arguments);

    private static async Task IpAsync(bool allowFailure, params string[] arguments)
    {
        using var ip = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true })!;
        var error = await ip.StandardError.ReadToEndAsync();
        await ip.WaitForExitAsync();
        Assert.True(allowFailure || ip.ExitCode == 0, $"ip {string.Join(' ', arguments)}: exit {ip.ExitCode}, {error}");
    }
}
