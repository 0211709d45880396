namespace Sweep.Grains.Tests.Support;

/// <summary>Every test class in this collection shares one two-silo cluster.</summary>
[CollectionDefinition(SweepClusterFixture.Collection)]
public sealed class SweepClusterCollection : ICollectionFixture<SweepClusterFixture>;
