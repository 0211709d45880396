namespace Sweep.Silo;

/// <summary>Where results (sweeps, trials, histories) are kept as rows, for queries and other tools.</summary>
public enum ResultsKind
{
    /// <summary>The SQLite file of <c>DatabasePath</c>; the silos that share it must share a machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (<c>Sweep:Silo:Postgres</c>), shared by every silo on any host.</summary>
    Postgres,
}
