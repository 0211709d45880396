namespace Sweep.Training.Engine;

/// <summary>Loss and accuracy of a model on a set of rows, as Keras <c>evaluate</c> reports them (<see cref="EvaluationTally"/>).</summary>
internal readonly record struct Evaluation(double Loss, double Accuracy, double ActivationMean, double ZeroFraction, IReadOnlyList<PenaltyContribution> Penalties);
