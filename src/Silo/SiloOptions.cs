using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Sweep.Silo;

/// <summary>
/// Settings of a stand-alone silo (section <c>Sweep:Silo</c>, from appsettings.json, environment
/// variables such as <c>Sweep__Silo__Clustering=redis</c>, or switches such as <c>--Sweep:Silo:Clustering redis</c>).
/// </summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string Section = "Sweep:Silo";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "sweep";

    /// <summary><value>How silos find each other: <c>localhost</c> (one machine, development) or <c>redis</c>. Default localhost.</value></summary>
    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;

    /// <summary><value>Where grain state lives: <c>sqlite</c> (one machine), <c>redis</c> or <c>memory</c> (tests; lost at exit). Default sqlite.</value></summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>
    /// <value>
    /// Where results are kept as rows: <c>sqlite</c> (the file of DatabasePath; every silo of the cluster on this machine) or
    /// <c>postgres</c> (Sweep:Silo:Postgres; silos on any hosts). Default sqlite.
    /// </value>
    /// </summary>
    public ResultsKind Results { get; set; } = ResultsKind.Sqlite;

    /// <summary><value>The PostgreSQL connection string (Npgsql syntax, for example <c>Host=db;Username=sweep;Password=...;Database=sweep</c>), needed by postgres results.</value></summary>
    public string? Postgres { get; set; }

    /// <summary><value>The Redis connection string (StackExchange.Redis syntax, for example <c>localhost:6379</c>), needed by redis clustering or storage.</value></summary>
    public string? Redis { get; set; }

    /// <summary><value>The cluster's id: silos and clients with the same id form one cluster. Default <c>sweep</c>.</value></summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Sweep:Silo:ClusterId must be 1 to 64 letters, digits, '.', '_' or '-'")]
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary><value>The service's id, which keys stored state: keep it across restarts. Default <c>sweep</c>.</value></summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Sweep:Silo:ServiceId must be 1 to 64 letters, digits, '.', '_' or '-'")]
    public string ServiceId { get; set; } = DefaultClusterId;

    /// <summary><value>Silo-to-silo port. Default 11111.</value></summary>
    [Range(1, 65535, ErrorMessage = "Sweep:Silo:SiloPort must be from 1 to 65535")]
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>
    /// <value>
    /// The port this silo listens on for other silos (on <see cref="AdvertisedAddress"/>), where it differs from the
    /// <see cref="SiloPort"/> they are told to connect to: a relay or a port forward on this host listens on that one.
    /// Redis clustering only. 0 (default): SiloPort.
    /// </value>
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Sweep:Silo:SiloListeningPort must be from 0 (the SiloPort) to 65535")]
    public int SiloListeningPort { get; set; }

    /// <summary><value>Client gateway port. Default 30000.</value></summary>
    [Range(1, 65535, ErrorMessage = "Sweep:Silo:GatewayPort must be from 1 to 65535")]
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary><value>The address other silos and clients reach this one at, and the one it listens on. Default 127.0.0.1 (loopback).</value></summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary><value>The SQLite file that holds grain state (sqlite storage) and results (sqlite results). Default <c>~/.sweep/sweep.db</c>.</value></summary>
    [Required]
    public string DatabasePath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sweep", "sweep.db");

    /// <summary><value>Port of the Orleans Dashboard on this silo, on the advertised address; 0 (default) turns it off.</value></summary>
    [Range(0, 65535, ErrorMessage = "Sweep:Silo:DashboardPort must be from 0 (off) to 65535")]
    public int DashboardPort { get; set; }

    /// <summary>
    /// <value>
    /// How long a probe of another silo may take before it counts as missed (Orleans' <c>ProbeTimeout</c>). Default 5 s. With the
    /// default of 3 missed probes, a killed silo is declared dead and its trials run elsewhere about 12 s after it died.
    /// </value>
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Sweep:Silo:ProbeTimeout must be from 00:00:01 to 00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <value>
    /// How many probes in a row a silo may miss before the prober votes it dead (Orleans' <c>NumMissedProbesLimit</c>). Default 3.
    /// Lower values detect a dead silo sooner but may evict a live one whose cores are all busy training.
    /// </value>
    /// </summary>
    [Range(1, 10, ErrorMessage = "Sweep:Silo:MissedProbesLimit must be from 1 to 10")]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// <value>
    /// Port of Sweep's web UI on this silo (the pages and JSON endpoints of <c>sweep serve</c>), on the advertised address;
    /// it reads the cluster as <c>sweep serve --cluster</c> does, so it needs Clustering=redis. 0 (default) turns it off.
    /// Like <c>sweep serve</c>, it is read-only.
    /// </value>
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Sweep:Silo:WebPort must be from 0 (off) to 65535")]
    public int WebPort { get; set; }

    /// <summary>
    /// <value>
    /// With <see cref="WebPort"/>, a running sweep's page has a Cancel button, as <c>sweep serve --allow-cancel</c> gives it:
    /// anyone who can reach the page can then cancel sweeps. Default false (read-only).
    /// </value>
    /// </summary>
    public bool WebAllowCancel { get; set; }

    /// <summary>
    /// <value>
    /// With <see cref="WebPort"/>, the address of a sweep's trace in a tracing UI, <c>{trace_id}</c> standing for the id,
    /// as <c>sweep serve --trace-url</c> takes it (Jaeger: <c>http://jaeger:16686/trace/{trace_id}</c>). Default (or blank) none.
    /// </value>
    /// </summary>
    public string? WebTraceUrl { get; set; }

    /// <summary><value>Port of a Prometheus scraping endpoint (<c>/metrics</c>) on the advertised address; 0 (default) turns it off.</value></summary>
    [Range(0, 65535, ErrorMessage = "Sweep:Silo:PrometheusPort must be from 0 (off) to 65535")]
    public int PrometheusPort { get; set; }

    /// <summary><value>Write every span to standard output when it ends, for local debugging. Default false.</value></summary>
    public bool TraceConsole { get; set; }

    /// <summary><value>Export Orleans' own spans (grain calls, activations, storage) with Sweep's. Default false.</value></summary>
    public bool OrleansSpans { get; set; }

    /// <summary>
    /// <value>
    /// True on Kubernetes: Orleans' Kubernetes hosting takes the silo name, address and ids from the pod
    /// (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID) and deletes the pods of
    /// silos declared dead. Redis still keeps membership and state. Default false.
    /// </value>
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((Clustering == ClusteringKind.Redis || Storage == StorageKind.Redis) && string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult(
                $"Sweep:Silo:Redis is required with {(Clustering == ClusteringKind.Redis ? "Clustering" : "Storage")}=redis (for example localhost:6379)", [nameof(Redis)]);
        }

        if (Results == ResultsKind.Postgres && string.IsNullOrWhiteSpace(Postgres))
        {
            yield return new ValidationResult(
                "Sweep:Silo:Postgres is required with Results=postgres (for example Host=localhost;Username=sweep;Database=sweep)", [nameof(Postgres)]);
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"Sweep:Silo:AdvertisedAddress '{AdvertisedAddress}' is not an IP address", [nameof(AdvertisedAddress)]);
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult($"Sweep:Silo:SiloPort and GatewayPort are both {SiloPort}; they must differ", [nameof(GatewayPort)]);
        }

        if (SiloListeningPort != 0 && Clustering != ClusteringKind.Redis)
        {
            yield return new ValidationResult("Sweep:Silo:SiloListeningPort needs Clustering=redis: a localhost cluster's silo listens where it is reached", [nameof(SiloListeningPort)]);
        }

        if (SiloListeningPort != 0 && (SiloListeningPort == GatewayPort || SiloListeningPort == DashboardPort || SiloListeningPort == PrometheusPort))
        {
            yield return new ValidationResult($"Sweep:Silo:SiloListeningPort {SiloListeningPort} is also the gateway's, the dashboard's or the Prometheus port; choose another", [nameof(SiloListeningPort)]);
        }

        if (DashboardPort != 0 && (DashboardPort == SiloPort || DashboardPort == GatewayPort))
        {
            yield return new ValidationResult($"Sweep:Silo:DashboardPort {DashboardPort} is also the silo's or the gateway's port; choose another", [nameof(DashboardPort)]);
        }

        if (PrometheusPort != 0 && (PrometheusPort == SiloPort || PrometheusPort == GatewayPort || PrometheusPort == DashboardPort))
        {
            yield return new ValidationResult($"Sweep:Silo:PrometheusPort {PrometheusPort} is also the silo's, the gateway's or the dashboard's port; choose another", [nameof(PrometheusPort)]);
        }

        if (!string.IsNullOrWhiteSpace(WebTraceUrl) && !Sweep.Client.Web.SweepSite.IsTraceUrl(WebTraceUrl))
        {
            yield return new ValidationResult($"Sweep:Silo:WebTraceUrl must be an http or https address with {{trace_id}} in it, got '{WebTraceUrl}'", [nameof(WebTraceUrl)]);
        }

        if (WebPort != 0 && Clustering != ClusteringKind.Redis)
        {
            yield return new ValidationResult("Sweep:Silo:WebPort needs Clustering=redis: the web UI reads the cluster through its Redis, as sweep serve --cluster does", [nameof(WebPort)]);
        }

        if (WebPort != 0 && (WebPort == SiloPort || WebPort == GatewayPort || WebPort == DashboardPort || WebPort == PrometheusPort || WebPort == SiloListeningPort))
        {
            yield return new ValidationResult($"Sweep:Silo:WebPort {WebPort} is also the silo's, the gateway's, the dashboard's or the Prometheus port; choose another", [nameof(WebPort)]);
        }
    }
}
