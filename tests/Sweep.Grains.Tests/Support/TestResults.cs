using Orleans.TestingHost;

namespace Sweep.Grains.Tests.Support;

/// <summary>A results store of its own for each test cluster: a fresh SQLite file that its silos share.</summary>
internal static class TestResults
{
    private const string PathKey = "Sweep:Tests:ResultsPath";

    /// <summary>Gives the cluster a fresh results file, in a folder removed when the test process ends.</summary>
    public static TestClusterBuilder WithResults(this TestClusterBuilder builder)
    {
        builder.Properties[PathKey] = Path.Combine(Folder, $"{Guid.NewGuid():N}.db");
        return builder;
    }

    /// <summary>Registers the cluster's results store in a silo; the cluster must have been built <see cref="WithResults"/>.</summary>
    public static ISiloBuilder AddTestResults(this ISiloBuilder silo) =>
        silo.AddSqliteResultsStore(silo.Configuration[PathKey] ?? throw new InvalidOperationException($"the test cluster has no {PathKey}: build it WithResults()"));

    private static string Folder { get; } = CreateFolder();

    private static string CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-test-results-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the folder stays in the temporary directory.
            }
        };
        return folder;
    }
}
