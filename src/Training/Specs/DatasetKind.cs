namespace Sweep.Training.Specs;

/// <summary>The built-in datasets.</summary>
public enum DatasetKind
{
    /// <summary>scikit-learn's <c>make_circles</c>, reproduced bit for bit.</summary>
    Circles,

    /// <summary>scikit-learn's <c>make_moons</c>, reproduced bit for bit.</summary>
    Moons,
}
