using Sweep.Grains.Contracts;

namespace Sweep.Client.Plots;

/// <summary>One configuration on the sparsity plot: every trial's (x, y) and the configuration's summaries.</summary>
internal sealed record SparsityPoints(string Label, double[] X, double[] Y, MetricSummary XSummary, MetricSummary YSummary);
