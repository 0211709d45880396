using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sweep.Client.Output;
using Sweep.Grains;
using Sweep.Grains.ResultsStore;
using Sweep.Grains.Storage;
using Sweep.Grains.Telemetry;

namespace Sweep.Client.Hosting;

/// <summary>
/// A single Orleans silo inside the <c>sweep</c> process, on loopback, with its state in a
/// SQLite file. It is the default: no server is needed.
/// </summary>
internal sealed class EmbeddedCluster(IHost host, StoreLocation store, StoreLock? storeLock) : ISweepCluster
{

    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IGrainFactory>();

    public string Location => store.DatabasePath;

    /// <exception cref="ArgumentException"><paramref name="use"/> is exclusive and another process holds the store.</exception>
    public static async Task<EmbeddedCluster> StartAsync(StoreLocation store, EmbeddedUse use, CancellationToken cancellationToken)
    {
        StoreFiles.CreateDirectory(store.Directory);
        var storeLock = use.Exclusive ? StoreLock.Take(store, use.Sweeps) : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // The OpenTelemetry exporter reads the standard OTEL_* variables through configuration.
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        // To standard error, one plain line per message (no colour, no stack trace unless SWEEP_DEBUG is set).
        builder.Logging.AddConsole(options =>
        {
            options.LogToStandardErrorThreshold = LogLevel.Trace;
            options.FormatterName = LogLine.Name;
        });
        builder.Logging.AddConsoleFormatter<LogLine, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Error);

        // A failed attempt, and a result the store refused, are summarised at the end of the run (one line per distinct
        // error, naming the store and the cause) and kept in the trial's attempt log; as they happen, with their stack
        // traces, only on request. A grain-state write that fails is the caller's to report (the trial grain carries on
        // without it), so the storage's own line for it is shown on request only too.
        if (Environment.GetEnvironmentVariable(Cli.CliErrors.DebugVariable) is not { Length: > 0 })
        {
            builder.Logging.AddFilter("Sweep.Grains.Trials.TrialGrain", LogLevel.Critical);
            builder.Logging.AddFilter("Sweep.Grains.Storage", LogLevel.Critical);
        }
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddSqliteGrainStorage(StorageNames.Sweeps, options => options.DatabasePath = store.DatabasePath)
            .AddSqliteResultsStore(store.DatabasePath)
            .AddSweep(options =>
            {
                options.MaxConcurrentTrials = use.ParallelTrials;
                options.Sweeps = use.Sweeps;
            }));

        builder.Services.AddSweepOpenTelemetry(builder.Configuration, new TelemetrySettings("sweep", use.TraceConsole, use.OrleansSpans));

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            await ImportEarlierSweepsAsync(host.Services, cancellationToken);
        }
        catch
        {
            host.Dispose();
            storeLock?.Dispose();
            throw;
        }

        return new EmbeddedCluster(host, store, storeLock);
    }

    /// <summary>
    /// A store written before the results schema gets its sweeps' rows before anything else reads or writes it: a run
    /// that reuses their trials, or a query.
    /// </summary>
    private static async Task ImportEarlierSweepsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var results = (SqliteResultsStore)services.GetRequiredService<IResultsStore>();
        if (await results.LegacyImportPendingAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await LegacyImport.RunAsync(services.GetRequiredService<IGrainFactory>());
            await results.LegacyImportDoneAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        storeLock?.Dispose();
    }
}
