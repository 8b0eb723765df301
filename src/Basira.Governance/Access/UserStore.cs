using System.Security.Cryptography;
using Basira.Governance.Audit;
using Basira.Governance.Storage;
using Microsoft.AspNetCore.Identity;

namespace Basira.Governance.Access;

/// <summary>A user account; the password is stored only as an ASP.NET Core Identity hash (PBKDF2, salted).</summary>
public sealed record UserAccount(string Id, string Username, string DisplayName, string Role, string ScopeKind, string? ScopeValue, string? Subject)
{
    public Principal ToPrincipal() => new(Id, Username, Role, ScopeKind, ScopeValue, Subject);
}

/// <summary>Accounts and sign-in checks.</summary>
public sealed class UserStore(BasiraDatabase db, AuditLog audit, TimeProvider clock)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public UserAccount Create(string username, string displayName, string password, string role, string scopeKind, string? scopeValue, string? subject, string actor)
    {
        if (!Roles.All.Contains(role)) throw new DataInputException(null, null, "role", $"unknown role '{role}'");
        if (password.Length < 10) throw new DataInputException(null, null, "password", "a password needs at least 10 characters");
        var u = new UserAccount(Guid.NewGuid().ToString("n"), username, displayName, role, scopeKind, scopeValue, subject);
        var hash = Hasher.HashPassword(u, password);
        db.InTransaction((c, tx) =>
        {
            c.Execute(tx, """
                INSERT INTO users (id, username, display_name, password_hash, role, scope_kind, scope_value, subject, created_at)
                VALUES (@id, @u, @d, @h, @r, @sk, @sv, @s, @t)
                """, ("@id", u.Id), ("@u", username), ("@d", displayName), ("@h", hash), ("@r", role), ("@sk", scopeKind), ("@sv", scopeValue),
                ("@s", subject), ("@t", Sql.Iso(clock.GetUtcNow())));
            audit.Append(c, tx, actor, "user.created", "user", u.Id, subject, $"role={role};scope={scopeKind}:{scopeValue}");
        });
        return u;
    }

    /// <summary>Checks a password; returns the account or null. Failed and successful sign-ins are audited.</summary>
    public UserAccount? SignIn(string username, string password)
    {
        using var c = db.OpenConnection();
        var row = c.Query(null, "SELECT * FROM users WHERE username = @u", r => (Account: Map(r), Hash: r.S("password_hash")), ("@u", username)).FirstOrDefault();
        if (row.Account is null)
        {
            Hasher.VerifyHashedPassword(new UserAccount("", "", "", "", "", null, null), DummyHash, password); // same cost either way
            audit.Append("anonymous", "auth.failed", "user", "unknown", null, "reason=unknown_user");
            return null;
        }
        var ok = Hasher.VerifyHashedPassword(row.Account, row.Hash, password) != PasswordVerificationResult.Failed;
        audit.Append(row.Account.Username, ok ? "auth.signed_in" : "auth.failed", "user", row.Account.Id, null, ok ? "" : "reason=bad_password");
        return ok ? row.Account : null;
    }

    public UserAccount? Find(string username)
    {
        using var c = db.OpenConnection();
        return c.Query(null, "SELECT * FROM users WHERE username = @u", Map, ("@u", username)).FirstOrDefault();
    }

    public long Count()
    {
        using var c = db.OpenConnection();
        return Convert.ToInt64(c.Scalar(null, "SELECT COUNT(*) FROM users"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A random, readable password (printed once by the demo, never stored in clear).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount("", "", "", "", "", null, null), "dummy-password-for-timing");

    private static UserAccount Map(System.Data.Common.DbDataReader r) => new(r.S("id"), r.S("username"), r.S("display_name"), r.S("role"),
        r.S("scope_kind"), r.Str("scope_value"), r.Str("subject"));
}
