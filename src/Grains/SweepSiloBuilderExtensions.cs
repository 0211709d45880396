using Microsoft.Extensions.DependencyInjection;
using Sweep.Grains.Data;
using Sweep.Grains.Execution;
using Sweep.Grains.ResultsStore;
using Sweep.Training.Engine;

namespace Sweep.Grains;

/// <summary>Wires Sweep's grains and their services into a silo.</summary>
public static class SweepSiloBuilderExtensions
{
    /// <summary>
    /// Adds the trial executor, the puller that takes trials for it, and the TorchSharp trainer. The host must also register a grain
    /// storage named <see cref="StorageNames.Sweeps"/> and a results store that every silo of the cluster shares
    /// (<see cref="AddSqliteResultsStore"/> on one machine, <see cref="AddPostgresResultsStore"/> on many).
    /// </summary>
    /// <remarks>
    /// A sweep grain keeps its queue and its leases in memory, and the work board its version, so each must have one activation
    /// in the cluster, also while silos join, leave or restart. Orleans' default grain directory is eventually consistent and
    /// allows a second activation in those moments (a silo that joined then long-polled a board nobody updated, and missed a
    /// whole sweep); the strongly consistent in-cluster directory does not.
    /// </remarks>
    public static ISiloBuilder AddSweep(this ISiloBuilder builder, Action<TrialExecutionOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<TrialExecutionOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

#pragma warning disable ORLEANSEXP003 // Evaluation API in Orleans 10; the alternative is duplicate sweep grains.
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // Grain calls carry the caller's span context, so that Orleans' own spans, when exported, nest in the sweep's trace.
        builder.AddActivityPropagation();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ITrialTrainer, AutoTrainer>();
        builder.Services.AddSingleton<TrialExecutor>();
        builder.Services.AddSingleton<DataFileCache>();
        builder.Services.AddSingleton<ResultsRecorder>();
        builder.Services.AddSingleton<TrialPuller>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<TrialPuller>());
        return builder;
    }

    /// <summary>Keeps results in the SQLite file <paramref name="databasePath"/>: the silos that share it must share its machine.</summary>
    public static ISiloBuilder AddSqliteResultsStore(this ISiloBuilder builder, string databasePath)
    {
        builder.Services.AddSingleton<IResultsStore>(services => new SqliteResultsStore(databasePath, services.GetService<TimeProvider>()));
        return builder;
    }

    /// <summary>Keeps results in the PostgreSQL database of <paramref name="connectionString"/> (Npgsql syntax), which every silo writes.</summary>
    public static ISiloBuilder AddPostgresResultsStore(this ISiloBuilder builder, string connectionString)
    {
        builder.Services.AddSingleton<IResultsStore>(services => new PostgresResultsStore(connectionString, services.GetService<TimeProvider>()));
        return builder;
    }
}
