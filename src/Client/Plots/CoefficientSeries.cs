namespace Sweep.Client.Plots;

/// <summary>Configurations that differ only in one coefficient, named after the regularizer it belongs to.</summary>
internal sealed record CoefficientSeries(string Name, IReadOnlyList<CoefficientPoint> Points);
