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

/// <summary>The outcome of a sign-in attempt: the account when the password was right, or whether the username is locked out.</summary>
public sealed record SignInAttempt(UserAccount? Account, bool LockedOut);

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

    /// <summary>Consecutive failed sign-ins for one username before it is locked out.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a username stays locked out; failures older than this are forgotten.</summary>
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(15);

    /// <summary>Checks a password; returns the account or null. Failed and successful sign-ins are audited.</summary>
    public UserAccount? SignIn(string username, string password) => Attempt(username, password).Account;

    /// <summary>
    /// Checks a password under the lockout rule: after <see cref="MaxFailedSignIns"/> consecutive failures a username is
    /// refused for <see cref="LockoutWindow"/>, without checking the password and without a new audit entry. The counter
    /// is kept per submitted username, whether an account has it or not, so a lockout does not reveal that it exists.
    /// </summary>
    public SignInAttempt Attempt(string username, string password)
    {
        var now = clock.GetUtcNow();
        using (var c0 = db.OpenConnection())
        {
            var lockedUntil = c0.Query(null, "SELECT locked_until FROM sign_in_throttle WHERE username = @u", r => r.TN("locked_until"), ("@u", username)).FirstOrDefault();
            if (lockedUntil > now) return new SignInAttempt(null, true);
        }
        using var c = db.OpenConnection();
        var row = c.Query(null, "SELECT * FROM users WHERE username = @u", r => (Account: Map(r), Hash: r.S("password_hash")), ("@u", username)).FirstOrDefault();
        if (row.Account is null)
        {
            Hasher.VerifyHashedPassword(new UserAccount("", "", "", "", "", null, null), DummyHash, password); // same cost either way
            return new SignInAttempt(null, RecordFailure(username, "anonymous", "unknown", "reason=unknown_user", now));
        }
        var ok = Hasher.VerifyHashedPassword(row.Account, row.Hash, password) != PasswordVerificationResult.Failed;
        if (!ok) return new SignInAttempt(null, RecordFailure(username, row.Account.Username, row.Account.Id, "reason=bad_password", now));
        db.InTransaction((t, tx) =>
        {
            t.Execute(tx, "DELETE FROM sign_in_throttle WHERE username = @u", ("@u", username));
            audit.Append(t, tx, row.Account.Username, "auth.signed_in", "user", row.Account.Id, null, "");
        });
        return new SignInAttempt(row.Account, false);
    }

    /// <summary>Counts a failure (audited); returns true when the username is now locked out.</summary>
    private bool RecordFailure(string username, string actor, string entityId, string details, DateTimeOffset now) =>
        db.InTransaction((c, tx) =>
        {
            var prev = c.Query(tx, "SELECT failures, last_failed_at FROM sign_in_throttle WHERE username = @u",
                r => (Failures: r.L("failures"), Last: r.T("last_failed_at")), ("@u", username)).Select(x => ((long, DateTimeOffset)?)x).FirstOrDefault();
            var failures = prev is { } p && p.Item2 > now - LockoutWindow ? p.Item1 + 1 : 1;
            var locked = failures >= MaxFailedSignIns;
            var lockedUntil = locked ? Sql.Iso(now + LockoutWindow) : null;
            if (prev is null)
                c.Execute(tx, "INSERT INTO sign_in_throttle (username, failures, last_failed_at, locked_until) VALUES (@u, @f, @t, @l)",
                    ("@u", username), ("@f", failures), ("@t", Sql.Iso(now)), ("@l", lockedUntil));
            else
                c.Execute(tx, "UPDATE sign_in_throttle SET failures = @f, last_failed_at = @t, locked_until = @l WHERE username = @u",
                    ("@u", username), ("@f", failures), ("@t", Sql.Iso(now)), ("@l", lockedUntil));
            // Forget usernames whose failures and lockout are over, so random names do not pile up.
            c.Execute(tx, "DELETE FROM sign_in_throttle WHERE last_failed_at < @old AND (locked_until IS NULL OR locked_until < @now)",
                ("@old", Sql.Iso(now - LockoutWindow)), ("@now", Sql.Iso(now)));
            audit.Append(c, tx, actor, "auth.failed", "user", entityId, null, locked ? details + ";locked_out=true" : details);
            return locked;
        });

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
