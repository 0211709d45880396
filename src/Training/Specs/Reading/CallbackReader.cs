namespace Sweep.Training.Specs.Reading;

/// <summary>Reads the learning-rate schedule and the Keras callbacks ReduceLROnPlateau and EarlyStopping.</summary>
internal static class CallbackReader
{
    public static readonly string[] Monitors = ["loss", "accuracy", "val_loss", "val_accuracy"];

    public static ScheduleSpec? Schedule(SpecObject trial)
    {
        if (!trial.Has("learning_rate_schedule"))
        {
            return null;
        }

        var schedule = trial.Object("learning_rate_schedule");
        var kind = schedule.Enum<ScheduleKind>("kind", null);
        switch (kind)
        {
            case ScheduleKind.StepDecay:
                schedule.Allow("kind", "drop", "every");
                return new ScheduleSpec(kind, Drop: schedule.Double("drop", 0.5, 0.0, minExclusive: true), Every: schedule.Int("every", 10, 1));
            case ScheduleKind.ExponentialDecay:
                schedule.Allow("kind", "rate");
                return new ScheduleSpec(kind, Rate: schedule.Double("rate", null, 0.0, minExclusive: true));
            default:
                schedule.Allow("kind", "boundaries", "values");
                var boundaries = Numbers(schedule, "boundaries", (item, key) => item.Int(key, null, 1));
                var values = Numbers(schedule, "values", (item, key) => item.Double(key, null, 0.0, minExclusive: true));
                for (var i = 1; i < boundaries.Count; i++)
                {
                    if (boundaries[i] <= boundaries[i - 1])
                    {
                        throw new SpecException(schedule.KeyPath("boundaries"), "must be strictly increasing epochs");
                    }
                }

                if (values.Count != boundaries.Count + 1)
                {
                    throw new SpecException(schedule.KeyPath("values"), $"needs one value more than boundaries ({boundaries.Count + 1}), got {values.Count}");
                }

                return new ScheduleSpec(kind, Boundaries: boundaries, Values: values);
        }
    }

    public static PlateauSpec? Plateau(SpecObject trial)
    {
        if (!trial.Has("reduce_lr_on_plateau"))
        {
            return null;
        }

        var plateau = trial.Object("reduce_lr_on_plateau");
        plateau.Allow("monitor", "factor", "patience", "mode", "min_delta", "epsilon", "cooldown", "min_lr");
        var defaults = new PlateauSpec();
        return new PlateauSpec(
            plateau.Choice("monitor", defaults.Monitor, Monitors),
            plateau.Double("factor", defaults.Factor, 0.0, 1.0, minExclusive: true, maxExclusive: true),
            plateau.Int("patience", defaults.Patience, 0),
            plateau.Enum<MonitorMode>("mode", defaults.Mode),
            MinDelta(plateau, defaults.MinDelta),
            plateau.Int("cooldown", defaults.Cooldown, 0),
            plateau.Double("min_lr", defaults.MinLr, 0.0));
    }

    public static EarlyStoppingSpec? EarlyStopping(SpecObject trial)
    {
        if (!trial.Has("early_stopping"))
        {
            return null;
        }

        var stopping = trial.Object("early_stopping");
        stopping.Allow("monitor", "min_delta", "patience", "mode", "baseline", "restore_best_weights");
        var defaults = new EarlyStoppingSpec();
        return new EarlyStoppingSpec(
            stopping.Choice("monitor", defaults.Monitor, Monitors),
            stopping.Double("min_delta", defaults.MinDelta, 0.0),
            stopping.Int("patience", defaults.Patience, 0),
            stopping.Enum<MonitorMode>("mode", defaults.Mode),
            stopping.Has("baseline") ? stopping.Double("baseline", null, double.NegativeInfinity) : null,
            stopping.Bool("restore_best_weights", defaults.RestoreBestWeights));
    }

    // Keras 2.2 called min_delta "epsilon"; either name is accepted, not both.
    private static double MinDelta(SpecObject plateau, double fallback)
    {
        if (plateau.Has("min_delta") && plateau.Has("epsilon"))
        {
            throw new SpecException(plateau.KeyPath("epsilon"), "is the old name of min_delta; give one of them");
        }

        return plateau.Has("epsilon") ? plateau.Double("epsilon", null, 0.0) : plateau.Double("min_delta", fallback, 0.0);
    }

    private static List<T> Numbers<T>(SpecObject owner, string key, Func<SpecObject, string, T> read)
    {
        var items = owner.Array(key);
        var values = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = new SpecObject(new System.Text.Json.Nodes.JsonObject { [$"{i}"] = items[i]?.DeepClone() }, owner.KeyPath(key));
            values.Add(read(item, $"{i}"));
        }

        return values;
    }
}
