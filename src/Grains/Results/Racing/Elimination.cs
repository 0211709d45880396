namespace Sweep.Grains.Results.Racing;

/// <summary>
/// A configuration dropped from a race at a look: another one beat it by more than the margin with the race's error
/// control.
/// </summary>
/// <param name="ConfigurationId">The configuration dropped.</param>
/// <param name="By">The configuration that beat it by the most (the highest lower bound of the difference).</param>
/// <param name="Seeds">The seeds each had at that look.</param>
/// <param name="Difference">The mean paired difference, oriented so that positive means <paramref name="By"/> is better.</param>
/// <param name="LowerBound">The lower confidence bound of that difference at the look's level; above the margin.</param>
[GenerateSerializer]
[Alias("Sweep.Elimination")]
public sealed record Elimination(
    [property: Id(0)] string ConfigurationId,
    [property: Id(1)] string By,
    [property: Id(2)] int Seeds,
    [property: Id(3)] double Difference,
    [property: Id(4)] double LowerBound);
