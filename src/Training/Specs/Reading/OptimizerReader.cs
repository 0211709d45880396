namespace Sweep.Training.Specs.Reading;

/// <summary>Reads <c>optimizer</c>: each tf.keras optimizer with its own settings and defaults.</summary>
internal static class OptimizerReader
{
    public static readonly string[] Names = ["sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam"];

    public static OptimizerSpec Read(SpecObject? optimizer)
    {
        if (optimizer is null)
        {
            return OptimizerSpec.Adam();
        }

        var name = optimizer.Choice("name", null, Names);
        switch (name)
        {
            case "sgd":
                optimizer.Allow("name", "learning_rate", "momentum", "nesterov", "decay");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.01),
                    Momentum: optimizer.Double("momentum", 0.0, 0.0, 1.0),
                    Nesterov: optimizer.Bool("nesterov", false),
                    Decay: optimizer.Double("decay", 0.0, 0.0));
            case "rmsprop":
                optimizer.Allow("name", "learning_rate", "rho", "momentum", "epsilon", "centered");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.001),
                    Epsilon: Epsilon(optimizer),
                    Momentum: optimizer.Double("momentum", 0.0, 0.0, 1.0),
                    Rho: optimizer.Double("rho", 0.9, 0.0, 1.0, maxExclusive: true),
                    Centered: optimizer.Bool("centered", false));
            case "adagrad":
                optimizer.Allow("name", "learning_rate", "initial_accumulator_value", "epsilon");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.001),
                    Epsilon: Epsilon(optimizer),
                    InitialAccumulatorValue: optimizer.Double("initial_accumulator_value", 0.1, 0.0));
            case "adadelta":
                optimizer.Allow("name", "learning_rate", "rho", "epsilon");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.001),
                    Epsilon: Epsilon(optimizer),
                    Rho: optimizer.Double("rho", 0.95, 0.0, 1.0, maxExclusive: true));
            case "adam":
                optimizer.Allow("name", "learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.001),
                    Beta(optimizer, "beta_1", 0.9),
                    Beta(optimizer, "beta_2", 0.999),
                    Epsilon(optimizer),
                    optimizer.Bool("amsgrad", false));
            default:
                optimizer.Allow("name", "learning_rate", "beta_1", "beta_2", "epsilon");
                return new OptimizerSpec(
                    name,
                    LearningRate(optimizer, 0.001),
                    Beta(optimizer, "beta_1", 0.9),
                    Beta(optimizer, "beta_2", 0.999),
                    Epsilon(optimizer));
        }
    }

    private static double LearningRate(SpecObject optimizer, double fallback) =>
        optimizer.Double("learning_rate", fallback, 0.0, minExclusive: true);

    private static double Epsilon(SpecObject optimizer) => optimizer.Double("epsilon", 1e-7, 0.0);

    private static double Beta(SpecObject optimizer, string key, double fallback) =>
        optimizer.Double(key, fallback, 0.0, 1.0, maxExclusive: true);
}
