using Sweep.Training.Specs;

namespace Sweep.Training.Sweeps;

/// <summary>
/// One distinct configuration of a sweep. <see cref="Label"/> names the grid values that
/// produced it (the first of several equal in effect).
/// </summary>
public sealed record SweepConfiguration(string Id, string Label, TrialSpec Spec, string SpecJson);
