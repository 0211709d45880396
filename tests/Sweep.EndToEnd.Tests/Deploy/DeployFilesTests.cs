using System.Diagnostics;
using System.Text.RegularExpressions;
using Sweep.Client.Tests.Support;
using Sweep.EndToEnd.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Sweep.EndToEnd.Tests.Deploy;

/// <summary>
/// The container and Kubernetes files under <c>deploy/</c>: they parse, agree with each other, and
/// name only settings the silo has. Docker and kubectl check them too where they are installed.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Root = LocalCluster.RepositoryRoot();
    private static readonly string Deploy = Path.Combine(Root, "deploy");
    private static readonly string[] Silos = ["silo1", "silo2", "silo3"];

    [Fact]
    public void Yaml_EveryFileUnderDeploy_ParsesIntoMappings()
    {
        var expected = new Dictionary<string, int>
        {
            ["compose.yaml"] = 1,
            ["kubernetes/kustomization.yaml"] = 1,
            ["kubernetes/namespace.yaml"] = 1,
            ["kubernetes/postgres.yaml"] = 4,
            ["kubernetes/rbac.yaml"] = 3,
            ["kubernetes/redis.yaml"] = 3,
            ["kubernetes/silo.yaml"] = 1,
            ["otel-collector.yaml"] = 1,
        };

        var parsed = Directory.GetFiles(Deploy, "*.yaml", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(Deploy, path).Replace('\\', '/'), Documents);

        Assert.Equal(expected.OrderBy(file => file.Key, StringComparer.Ordinal), parsed.ToDictionary(file => file.Key, file => file.Value.Count).OrderBy(file => file.Key, StringComparer.Ordinal));
        Assert.All(parsed.Values.SelectMany(documents => documents), document => Assert.IsType<Dictionary<object, object>>(document));
    }

    [Fact]
    public void Compose_Services_AreRedisPostgresThreeSilosTheCollectorAndAClientProfile()
    {
        var services = Map(Compose()["services"]);

        Assert.Equal(["client", "otel-collector", "postgres", "redis", "silo1", "silo2", "silo3"], services.Keys.Cast<string>().Order(StringComparer.Ordinal));
        var client = Map(services["client"]);
        Assert.Equal(["client"], Strings(client["profiles"]));
        Assert.Equal(["dotnet", "/app/sweep.dll"], Strings(client["entrypoint"]));
        Assert.Equal("redis:6379", Map(client["environment"])["SWEEP_CLUSTER"]);
    }

    [Fact]
    public void ComposeSilos_Environment_UseRedisPostgresAndExportToTheCollector()
    {
        var services = Map(Compose()["services"]);
        var collector = Map(Map(Map(Map(Documents(Path.Combine(Deploy, "otel-collector.yaml")).Single())["receivers"])["otlp"])["protocols"]);

        Assert.Equal("0.0.0.0:4317", Map(collector["grpc"])["endpoint"]);
        Assert.Equal(["./otel-collector.yaml:/etc/otelcol/config.yaml:ro"], Strings(Map(services["otel-collector"])["volumes"]));
        Assert.Equal(["CMD", "redis-cli", "ping"], Strings(Map(Map(services["redis"])["healthcheck"])["test"]));
        var postgres = Map(Map(services["postgres"])["environment"]);
        Assert.All(Silos, name =>
        {
            var silo = Map(services[name]);
            var environment = Map(silo["environment"]);
            Assert.Equal("redis", environment["Sweep__Silo__Clustering"]);
            Assert.Equal("redis", environment["Sweep__Silo__Storage"]);
            Assert.Equal("redis:6379", environment["Sweep__Silo__Redis"]);
            Assert.Equal("postgres", environment["Sweep__Silo__Results"]);
            Assert.Equal($"Host=postgres;Username={postgres["POSTGRES_USER"]};Password={postgres["POSTGRES_PASSWORD"]};Database={postgres["POSTGRES_DB"]}", environment["Sweep__Silo__Postgres"]);
            Assert.Equal("service_healthy", Map(Map(silo["depends_on"])["postgres"])["condition"]);
            Assert.Equal("http://otel-collector:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("sweep-silo", environment["OTEL_SERVICE_NAME"]);
            Assert.Equal("deploy/Dockerfile", Map(silo["build"])["dockerfile"]);
            Assert.Equal("service_healthy", Map(Map(silo["depends_on"])["redis"])["condition"]);
            Assert.Equal(name, silo["hostname"]);
        });
    }

    [Fact]
    public void OtelCollector_Pipelines_CarryTracesAndMetricsFromOtlpToDebug()
    {
        var pipelines = Map(Map(Map(Documents(Path.Combine(Deploy, "otel-collector.yaml")).Single())["service"])["pipelines"]);

        Assert.Equal(["metrics", "traces"], pipelines.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.All(pipelines.Values, pipeline =>
        {
            Assert.Equal(["otlp"], Strings(Map(pipeline)["receivers"]));
            Assert.Equal(["debug"], Strings(Map(pipeline)["exporters"]));
        });
    }

    [Fact]
    public void KubernetesSilo_Deployment_RunsThreeLabelledSilosWithTheHostingEnvironment()
    {
        var deployment = Manifest("silo.yaml", "Deployment", "sweep-silo");
        var spec = Map(deployment["spec"]);
        var template = Map(spec["template"]);
        var pod = Map(template["spec"]);
        var container = Map(Assert.Single(List(pod["containers"])));
        var environment = List(container["env"]).Select(Map).ToList();

        Assert.Equal("3", spec["replicas"]);
        var labels = Map(Map(template["metadata"])["labels"]);
        Assert.Equal("sweep", labels["orleans/serviceId"]);
        Assert.Equal("sweep", labels["orleans/clusterId"]);
        Assert.Equal("sweep-silo", pod["serviceAccountName"]);
        Assert.Equal("60", pod["terminationGracePeriodSeconds"]);
        Assert.Equal("sweep-silo:latest", container["image"]);
        Assert.Equal(["11111", "30000"], List(container["ports"]).Select(port => (string)Map(port)["containerPort"]));
        Assert.Equal(
            [
                "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID",
                "Sweep__Silo__Kubernetes", "Sweep__Silo__Clustering", "Sweep__Silo__Storage", "Sweep__Silo__Redis",
                "Sweep__Silo__Results", "POSTGRES_PASSWORD", "Sweep__Silo__Postgres", "Sweep__Silo__ServiceId", "Sweep__Silo__ClusterId", "Sweep__Silo__AdvertisedAddress", "Sweep__Execution__MaxConcurrentTrials",
            ],
            environment.Select(variable => (string)variable["name"]));
        Assert.Equal(
            ["metadata.name", "metadata.namespace", "status.podIP", "metadata.labels['orleans/serviceId']", "metadata.labels['orleans/clusterId']"],
            environment.Take(5).Select(variable => (string)Map(Map(variable["valueFrom"])["fieldRef"])["fieldPath"]));
        Assert.Equal(
            ["true", "redis", "redis", "redis:6379", "postgres", "Host=postgres;Username=sweep;Password=$(POSTGRES_PASSWORD);Database=sweep",
                "$(ORLEANS_SERVICE_ID)", "$(ORLEANS_CLUSTER_ID)", "$(POD_IP)", "2"],
            environment.Skip(5).Where(variable => variable.ContainsKey("value")).Select(variable => (string)variable["value"]));
        Assert.Equal("postgres", (string)Map(Map(environment.Single(v => (string)v["name"] == "POSTGRES_PASSWORD")["valueFrom"])["secretKeyRef"])["name"]);
    }

    [Fact]
    public void KubernetesSilo_Environment_ReferencesOnlyVariablesDefinedBefore()
    {
        var container = Map(Assert.Single(List(Map(Map(Map(Manifest("silo.yaml", "Deployment", "sweep-silo")["spec"])["template"])["spec"])["containers"])));
        var defined = new List<string>();

        foreach (var variable in List(container["env"]).Select(Map))
        {
            if (variable.TryGetValue("value", out var value))
            {
                Assert.All(VariableReference().Matches((string)value).Select(match => match.Groups[1].Value), name => Assert.Contains(name, defined));
            }

            defined.Add((string)variable["name"]);
        }
    }

    [Fact]
    public void KubernetesSilo_Resources_GiveOneCorePerTrial()
    {
        var container = Map(Assert.Single(List(Map(Map(Map(Manifest("silo.yaml", "Deployment", "sweep-silo")["spec"])["template"])["spec"])["containers"])));
        var trials = List(container["env"]).Select(Map).Single(variable => (string)variable["name"] == "Sweep__Execution__MaxConcurrentTrials")["value"];
        var resources = Map(container["resources"]);

        Assert.Equal(trials, Map(resources["requests"])["cpu"]);
        Assert.Equal(trials, Map(resources["limits"])["cpu"]);
    }

    [Fact]
    public void KubernetesRole_Rules_GrantThePodVerbsOfOrleansHostingToTheSilos()
    {
        var rule = Map(Assert.Single(List(Manifest("rbac.yaml", "Role", "sweep-silo")["rules"])));
        var binding = Manifest("rbac.yaml", "RoleBinding", "sweep-silo");
        var subject = Map(Assert.Single(List(binding["subjects"])));

        Assert.Equal([string.Empty], Strings(rule["apiGroups"]));
        Assert.Equal(["pods"], Strings(rule["resources"]));
        Assert.Equal(["get", "list", "watch", "delete", "patch"], Strings(rule["verbs"]));
        Assert.Equal("Role", Map(binding["roleRef"])["kind"]);
        Assert.Equal("sweep-silo", Map(binding["roleRef"])["name"]);
        Assert.Equal(("ServiceAccount", "sweep-silo", "sweep"), ((string)subject["kind"], (string)subject["name"], (string)subject["namespace"]));
        Assert.Equal("sweep", Map(Manifest("rbac.yaml", "ServiceAccount", "sweep-silo")["metadata"])["namespace"]);
    }

    [Fact]
    public void Kustomization_Resources_AreEveryOtherManifestInTheSweepNamespace()
    {
        var directory = Path.Combine(Deploy, "kubernetes");
        var kustomization = Map(Documents(Path.Combine(directory, "kustomization.yaml")).Single());
        var manifests = Directory.GetFiles(directory, "*.yaml").Select(path => Path.GetFileName(path)).Where(name => name != "kustomization.yaml").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(manifests, Strings(kustomization["resources"]).Order(StringComparer.Ordinal));
        Assert.All(
            manifests.SelectMany(name => Documents(Path.Combine(directory, name))).Select(Map).Where(manifest => (string)manifest["kind"] != "Namespace"),
            manifest => Assert.Equal("sweep", Map(manifest["metadata"])["namespace"]));
    }

    [Fact]
    public void DeployFiles_SettingNames_AreSettingsOfTheSilo()
    {
        var known = new Dictionary<string, HashSet<string>>
        {
            ["Silo"] = Properties(Path.Combine(Root, "src", "Silo", "SiloOptions.cs")),
            ["Execution"] = Properties(Path.Combine(Root, "src", "Grains", "Execution", "TrialExecutionOptions.cs")),
        };
        var used = Directory.GetFiles(Deploy, "*", SearchOption.AllDirectories)
            .SelectMany(path => SettingName().Matches(File.ReadAllText(path)).Select(match => (File: Path.GetRelativePath(Root, path), Section: match.Groups[1].Value, Key: match.Groups[2].Value)))
            .Distinct()
            .ToList();

        Assert.Superset(new HashSet<string> { "Clustering", "Storage", "Redis", "AdvertisedAddress" }, known["Silo"]);
        Assert.Contains("MaxConcurrentTrials", known["Execution"]);
        Assert.Contains(("Execution", "MaxConcurrentTrials"), used.Select(use => (use.Section, use.Key)));
        Assert.Empty(used.Where(use => !known[use.Section].Contains(use.Key)).Select(use => $"{use.File}: Sweep:{use.Section}:{use.Key}"));
    }

    [Fact]
    public void Dockerfile_CopySources_ExistAndAreInTheBuildContext()
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile"));
        var ignored = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile.dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(IgnorePattern)
            .ToList();
        var sources = lines
            .Where(line => line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            .ToList();

        Assert.Contains("deploy/silo-entrypoint.sh", sources);
        Assert.All(sources, source => Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"COPY {source}: not in the repository"));
        Assert.All(sources, source => Assert.False(ignored.Exists(pattern => Prefixes(source).Any(pattern.IsMatch)), $"COPY {source}: excluded by Dockerfile.dockerignore"));
        Assert.Contains("EXPOSE 11111 30000", lines);
        Assert.Contains("ENTRYPOINT [\"/usr/local/bin/silo-entrypoint.sh\"]", lines);
    }

    [Fact]
    public void Dockerfile_Publishes_TheSiloAndTheCommandLineAndLeavesTheBenchmarkOutOfTheContext()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "Dockerfile"));
        var ignored = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile.dockerignore")).Select(line => line.Trim());

        Assert.Equal(["src/Silo", "src/Client"], PublishedProject().Matches(dockerfile).Select(match => match.Groups[1].Value));
        Assert.Contains("tools", ignored);
        Assert.DoesNotContain("tools/", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloEntrypoint_NoAddress_AdvertisesTheFirstAddressOfTheHostAndPassesTheSwitches()
    {
        using var temp = new TemporaryStore();
        var (hostExit, addresses, _) = await RunAsync("hostname", ["-i"], null);
        Assert.Equal(0, hostExit);

        var (exitCode, output, error) = await RunEntrypointAsync(temp, null);

        Assert.True(exitCode == 0, error);
        Assert.Equal($"{addresses.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].Trim()}|/app/Sweep.Silo.dll --Sweep:Silo:SiloPort 11112", output.Trim());
    }

    [Fact]
    public async Task SiloEntrypoint_AddressGiven_KeepsIt()
    {
        using var temp = new TemporaryStore();

        var (exitCode, output, error) = await RunEntrypointAsync(temp, "10.1.2.3");

        Assert.True(exitCode == 0, error);
        Assert.Equal("10.1.2.3|/app/Sweep.Silo.dll --Sweep:Silo:SiloPort 11112", output.Trim());
    }

    [SkippableFact]
    public async Task Compose_DockerComposeConfig_AcceptsTheFile()
    {
        // `docker compose config` needs the Compose plugin but no daemon; without the plugin there is nothing to ask.
        Skip.If(!OnPath("docker") || (await RunAsync("docker", ["compose", "version"], null)).ExitCode != 0, "docker with the Compose plugin is not installed");

        var (exitCode, _, error) = await RunAsync("docker", ["compose", "-f", Path.Combine(Deploy, "compose.yaml"), "config", "-q"], null);

        Assert.True(exitCode == 0, error);
    }

    [SkippableFact]
    public async Task Kustomization_KubectlKustomize_RendersEveryObject()
    {
        Skip.IfNot(OnPath("kubectl"), "kubectl is not installed");

        var (exitCode, output, error) = await RunAsync("kubectl", ["kustomize", Path.Combine(Deploy, "kubernetes")], null);

        Assert.True(exitCode == 0, error);
        Assert.Equal(
            ["Deployment", "Deployment", "Deployment", "Namespace", "PersistentVolumeClaim", "PersistentVolumeClaim", "Role", "RoleBinding", "Secret", "Service", "Service", "ServiceAccount"],
            KindLine().Matches(output).Select(match => match.Groups[1].Value).Order(StringComparer.Ordinal));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunEntrypointAsync(TemporaryStore temp, string? address)
    {
        // A stand-in for dotnet that prints what the silo would be given.
        var fake = temp.WriteFile("dotnet", "#!/bin/sh\necho \"${Sweep__Silo__AdvertisedAddress:-}|$*\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{temp.Root}:{Environment.GetEnvironmentVariable("PATH")}",
            ["Sweep__Silo__AdvertisedAddress"] = address,
        };

        return await RunAsync("sh", [Path.Combine(Deploy, "silo-entrypoint.sh"), "--Sweep:Silo:SiloPort", "11112"], environment);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] arguments, Dictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static Dictionary<object, object> Compose() => Map(Documents(Path.Combine(Deploy, "compose.yaml")).Single());

    private static Dictionary<object, object> Manifest(string file, string kind, string name) =>
        Documents(Path.Combine(Deploy, "kubernetes", file)).Select(Map).Single(manifest => (string)manifest["kind"] == kind && (string)Map(manifest["metadata"])["name"] == name);

    /// <summary>Every document of a YAML stream, with merge keys (<c>&lt;&lt;: *anchor</c>) applied as Compose applies them.</summary>
    private static List<object?> Documents(string path)
    {
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<object?>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize(parser));
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static Dictionary<object, object> Map(object? node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<object> List(object? node) => Assert.IsType<List<object>>(node);

    private static List<string> Strings(object? node) => List(node).Cast<string>().ToList();

    /// <summary>The names of an options class's settable properties, read from its source.</summary>
    private static HashSet<string> Properties(string source) =>
        PropertyDeclaration().Matches(File.ReadAllText(source)).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>A .dockerignore line as a regular expression over a path relative to the context.</summary>
    private static Regex IgnorePattern(string pattern) =>
        new("^" + Regex.Escape(pattern.TrimEnd('/')).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");

    /// <summary>A path and each folder above it: <c>src/Silo/x</c> gives <c>src</c>, <c>src/Silo</c>, <c>src/Silo/x</c>.</summary>
    private static IEnumerable<string> Prefixes(string path)
    {
        var parts = path.TrimEnd('/').Split('/');
        return Enumerable.Range(1, parts.Length).Select(count => string.Join('/', parts.Take(count)));
    }

    [GeneratedRegex(@"public [\w.<>?,\[\] ]+ (\w+) \{ get; set; \}")]
    private static partial Regex PropertyDeclaration();

    [GeneratedRegex(@"Sweep(?:__|:)(Silo|Execution)(?:__|:)(\w+)")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"dotnet publish (\S+)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"\$\((\w+)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^kind: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex KindLine();
}
