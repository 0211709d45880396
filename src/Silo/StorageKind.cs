namespace Sweep.Silo;

/// <summary>Where grain state lives.</summary>
public enum StorageKind
{
    /// <summary>A SQLite file; one machine.</summary>
    Sqlite,

    /// <summary>Redis (<c>Microsoft.Orleans.Persistence.Redis</c>), shared by every silo.</summary>
    Redis,

    /// <summary>Memory; lost when the silos stop. For tests.</summary>
    Memory,
}
