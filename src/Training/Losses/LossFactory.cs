namespace Sweep.Training.Losses;

/// <summary>Builds the loss a trial names.</summary>
internal static class LossFactory
{
    public const string Binary = "binary_crossentropy";
    public const string Categorical = "categorical_crossentropy";
    public const string SparseCategorical = "sparse_categorical_crossentropy";

    public static readonly string[] Names = [Binary, Categorical, SparseCategorical];

    public static ILoss Create(string name) => name == Binary ? new BinaryCrossEntropy() : new CategoricalCrossEntropy();
}
