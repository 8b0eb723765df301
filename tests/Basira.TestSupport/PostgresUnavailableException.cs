namespace Basira.TestSupport;

/// <summary>
/// Thrown when no PostgreSQL server can be reached or started. The message always starts with
/// "PostgreSQL unavailable: " so that a test needing PostgreSQL fails with the reason instead of passing silently.
/// </summary>
public sealed class PostgresUnavailableException : Exception
{
    public PostgresUnavailableException(string reason)
        : base("PostgreSQL unavailable: " + reason)
    {
        Reason = reason;
    }

    public PostgresUnavailableException(string reason, Exception innerException)
        : base("PostgreSQL unavailable: " + reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why no server could be had (without the "PostgreSQL unavailable: " prefix).</summary>
    public string Reason { get; }
}
