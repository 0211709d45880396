using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sweep.Bench;

/// <summary>The benchmark's figures as one JSON document, section by section, written when the run ends.</summary>
internal sealed class BenchResults
{
    private readonly JsonObject root = new();

    public BenchResults(string file)
    {
        root["machine"] = new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["cpu"] = Cpu(),
            ["dotnet"] = Environment.Version.ToString(),
            ["vector256"] = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        };
        root["sweep_file"] = file;
        root["date"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The processor's model name, from /proc/cpuinfo where there is one.</summary>
    public static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";

    public void Add(string section, JsonNode value) => root[section] = value;

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        root["peak_working_set_mib"] = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        await File.WriteAllTextAsync(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
    }

    /// <summary>A number rounded for reading, as JSON; null when undefined.</summary>
    public static JsonNode? Number(double value, int digits = 4) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, digits)) : null;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
