using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>One configuration of a race: its summary at each decision it took part in, and whether it was eliminated.</summary>
internal sealed record RaceSeries(string Label, (int Seeds, MetricSummary Summary)[] Points, bool Eliminated);
