using System.Security.Cryptography;
using Basira.Governance.Storage;

namespace Basira.Governance.Access;

/// <summary>
/// Server-side sign-in sessions: the sign-in cookie carries a session id that must still be active here, so signing
/// out (which revokes it) ends the session even for a copy of the cookie.
/// </summary>
public sealed class SessionStore(BasiraDatabase db, TimeProvider clock)
{
    /// <summary>Revoked sessions are forgotten after this long.</summary>
    private static readonly TimeSpan KeepRevoked = TimeSpan.FromDays(1);

    /// <summary>Starts a session for <paramref name="userId"/>; returns its id (random, 256 bits).</summary>
    public string Start(string userId)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.InTransaction((c, tx) =>
        {
            c.Execute(tx, "INSERT INTO sessions (id, user_id, created_at, revoked_at) VALUES (@id, @u, @t, NULL)",
                ("@id", id), ("@u", userId), ("@t", Sql.Iso(now)));
            c.Execute(tx, "DELETE FROM sessions WHERE revoked_at IS NOT NULL AND revoked_at < @old", ("@old", Sql.Iso(now - KeepRevoked)));
        });
        return id;
    }

    /// <summary>True when the session exists, belongs to <paramref name="userId"/> and was not revoked.</summary>
    public bool IsActive(string sessionId, string userId)
    {
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM sessions WHERE id = @id AND user_id = @u AND revoked_at IS NULL",
            ("@id", sessionId), ("@u", userId)), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Ends a session (sign-out).</summary>
    public void Revoke(string sessionId)
    {
        using var c = db.OpenConnection();
        c.Execute(null, "UPDATE sessions SET revoked_at = @t WHERE id = @id AND revoked_at IS NULL", ("@id", sessionId), ("@t", Sql.Iso(clock.GetUtcNow())));
    }
}
