using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Sweep.Grains.Storage;

/// <summary>
/// Registers the SQLite grain storage provider, which keeps grain state in a local file so a single-process
/// silo finds it again after a restart.
/// </summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage provider named <paramref name="name"/> to the silo.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">
    /// The provider name that grains refer to, as in <c>[PersistentState("state", "name")]</c>. Use
    /// <c>"Default"</c> (<see cref="Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME"/>) to make
    /// it the storage for grains that name none.
    /// </param>
    /// <param name="configure">Sets the options; <see cref="SqliteGrainStorageOptions.DatabasePath"/> is required.</param>
    /// <returns>The same silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(
        this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>
    /// Adds a SQLite grain storage provider named <paramref name="name"/> to a silo's services.
    /// </summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="name">The provider name that grains refer to.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteGrainStorageOptions.DatabasePath"/> is required.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddSqliteGrainStorage(
        this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SqliteGrainStorageOptions>(name)
            .Configure(configure)
            .Validate(
                static options => !string.IsNullOrWhiteSpace(options.DatabasePath),
                $"{nameof(SqliteGrainStorageOptions)}.{nameof(SqliteGrainStorageOptions.DatabasePath)} is required " +
                $"for SQLite grain storage '{name}': set it to the path of the database file.")
            .Validate(
                static options => options.BusyTimeout >= TimeSpan.Zero,
                $"{nameof(SqliteGrainStorageOptions)}.{nameof(SqliteGrainStorageOptions.BusyTimeout)} must not be " +
                $"negative for SQLite grain storage '{name}'.")
            // Fails host start rather than the first grain activation that happens to need the storage.
            .ValidateOnStart();
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);

        return services.AddGrainStorage(name, Create);
    }

    private static SqliteGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);

        // Deliberately not the silo-wide IGrainStorageSerializer: Orleans registers its Newtonsoft JSON
        // serializer there, while grain state here is [GenerateSerializer] types meant for Orleans' own codec.
        var serializer = options.GrainStorageSerializer
            ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());

        return new SqliteGrainStorage(
            name,
            options,
            serializer,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SqliteGrainStorage>>());
    }
}
