using Microsoft.Extensions.DependencyInjection;
using Sweep.Grains.Execution;
using Sweep.Training.Engine;

namespace Sweep.Grains;

/// <summary>Wires Sweep's grains and their services into a silo.</summary>
public static class SweepSiloBuilderExtensions
{
    /// <summary>
    /// Adds the trial executor, the puller that takes trials for it, and the TorchSharp trainer. The host must also register a grain
    /// storage named <see cref="StorageNames.Sweeps"/>.
    /// </summary>
    public static ISiloBuilder AddSweep(this ISiloBuilder builder, Action<TrialExecutionOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<TrialExecutionOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITrialTrainer, TorchTrainer>();
        builder.Services.AddSingleton<TrialExecutor>();
        builder.Services.AddSingleton<TrialPuller>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<TrialPuller>());
        return builder;
    }
}
