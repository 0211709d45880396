using System.Diagnostics;

namespace Sweep.Grains.Telemetry;

/// <summary>The project's activity source: a span per sweep and per trial.</summary>
public static class SweepTelemetry
{
    /// <summary>The name to subscribe to (<c>AddSource(SweepTelemetry.SourceName)</c>).</summary>
    public const string SourceName = "Sweep";

    /// <summary>The source every Sweep span comes from.</summary>
    public static readonly ActivitySource Source = new(SourceName);
}
