using System.ComponentModel.DataAnnotations;

namespace Sweep.Silo;

/// <summary>Settings of a stand-alone silo (section <c>Sweep:Silo</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Sweep:Silo";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary><value>Silo-to-silo port on loopback. Default 11111.</value></summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary><value>Client gateway port on loopback. Default 30000.</value></summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary><value>The SQLite file that holds grain state. Default <c>~/.sweep/sweep.db</c>.</value></summary>
    [Required]
    public string DatabasePath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sweep", "sweep.db");
}
