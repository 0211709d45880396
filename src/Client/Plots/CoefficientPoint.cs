using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>A configuration on a coefficient plot: its one non-zero regularization coefficient and its metric.</summary>
internal sealed record CoefficientPoint(double Coefficient, MetricSummary Summary, string Label, string ConfigurationId);
