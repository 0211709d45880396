namespace Sweep.Grains.Contracts;

/// <summary>One run of a sweep's file (a row of <c>sweep_runs</c>): which file, with which text, when.</summary>
/// <param name="Run">Its number, unique in the store; trial attempts carry the run that handed them out.</param>
/// <param name="Started">When the run started the sweep.</param>
/// <param name="File">The sweep file's path, as the run was given it.</param>
/// <param name="Sha256">The SHA-256 of <paramref name="Text"/> in UTF-8, in lowercase hex.</param>
/// <param name="Text">The file's text.</param>
/// <param name="Seeds">The run's <c>--seeds</c>; null for the file's.</param>
/// <param name="Epochs">The run's <c>--epochs</c>; null for the file's.</param>
[GenerateSerializer]
[Alias("Sweep.SweepRun")]
public sealed record SweepRun(
    [property: Id(0)] long Run,
    [property: Id(1)] DateTimeOffset Started,
    [property: Id(2)] string File,
    [property: Id(3)] string Sha256,
    [property: Id(4)] string Text,
    [property: Id(5)] int? Seeds,
    [property: Id(6)] int? Epochs);
