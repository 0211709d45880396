using Sweep.Training.Specs;

namespace Sweep.Training.Sweeps;

/// <summary>
/// One distinct configuration of a sweep. <see cref="Label"/> names the grid values that
/// produced it (the first of several equal in effect); <see cref="SettingsJson"/> holds the same values as a JSON object,
/// keyed by the names the label uses, one per grid axis that matters for this configuration.
/// </summary>
public sealed record SweepConfiguration(string Id, string Label, TrialSpec Spec, string SpecJson, string SettingsJson);
