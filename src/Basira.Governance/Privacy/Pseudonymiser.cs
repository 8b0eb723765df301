using System.Security.Cryptography;
using System.Text;

namespace Basira.Governance.Privacy;

/// <summary>
/// Keyed pseudonymisation (HMAC-SHA-256) applied at import: the same identifier always maps to the same pseudonym
/// under one key and domain, and the identifier cannot be recovered without the key. The key comes from
/// configuration (<c>Basira:PseudonymKey</c>, base64, ≥ 32 bytes) or from a key file under the data directory that is
/// generated on first use; it is never in the repository.
/// </summary>
public sealed class Pseudonymiser
{
    private readonly byte[] _key;

    public Pseudonymiser(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The pseudonymisation key must be at least 32 bytes.", nameof(key));
        _key = key;
    }

    /// <summary>Pseudonym of <paramref name="identifier"/> in <paramref name="domain"/>, e.g. <c>P-6Q3KD…</c> (20 base32 chars).</summary>
    public string Pseudonymise(string domain, string identifier)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(domain + "\u001f" + identifier.Trim()));
        return "P-" + Base32(mac.AsSpan(0, 13))[..20];
    }

    public static Pseudonymiser FromConfiguredKeyOrFile(string? base64Key, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(base64Key)) return new Pseudonymiser(Convert.FromBase64String(base64Key));
        var dir = Path.Combine(dataDir, "keys");
        var path = Path.Combine(dir, "pseudonym.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dir);
            var key = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new Pseudonymiser(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static string Base32(ReadOnlySpan<byte> data)
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"; // Crockford-like, no I L O U
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }
}
