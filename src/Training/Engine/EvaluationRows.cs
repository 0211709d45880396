namespace Sweep.Training.Engine;

/// <summary>The rows an evaluation scores.</summary>
internal enum EvaluationRows
{
    /// <summary>The rows the model trains on.</summary>
    Train,

    /// <summary>The training rows set aside to validate (<c>validation_rows</c>, <c>validation_fraction</c>).</summary>
    Validation,

    /// <summary>The test rows.</summary>
    Test,
}
