namespace Sweep.Client.Plots;

/// <summary>One configuration's learning curves: training and test, of accuracy or of loss.</summary>
internal sealed record CurvePair(string Label, Curve Train, Curve Test);
