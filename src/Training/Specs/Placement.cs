namespace Sweep.Training.Specs;

/// <summary>Where an activity regularizer reads its layer's output.</summary>
public enum Placement
{
    /// <summary>On the activated output, as <c>Dense(units, activation, activity_regularizer=...)</c>.</summary>
    After,

    /// <summary>On the linear output, as a linear <c>Dense</c> with the regularizer followed by <c>Activation</c>.</summary>
    Before,
}
