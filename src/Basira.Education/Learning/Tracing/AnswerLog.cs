using System.Globalization;
using System.IO.Compression;
using Basira.Governance;

namespace Basira.Education.Learning.Tracing;

/// <summary>
/// The ids of an answer log (items, skills, skill combinations, pupils) as dense indices, shared by the training and the
/// test file so that the same item has the same index in both. An optional Q-matrix (item → skills) replaces the skill
/// column, as in the gervet2020 layout where <c>skill_id</c> names the item's skill combination.
/// </summary>
internal sealed class KtVocabulary
{
    public Dictionary<string, int> Items { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Skills { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Combos { get; } = new(StringComparer.Ordinal);

    /// <summary>Item number (as written in the file) → skill indices, when a Q-matrix is known.</summary>
    public int[][]? QMatrix { get; set; }

    public static int Index(Dictionary<string, int> map, string key)
    {
        if (map.TryGetValue(key, out var i)) return i;
        i = map.Count;
        map[key] = i;
        return i;
    }
}

/// <summary>
/// Answer log in memory, rows in file order: pupil, item, skills (CSR), skill combination, correctness, timestamp and
/// the file line of each row (for messages).
/// </summary>
internal sealed class AnswerLog
{
    public required string Source { get; init; }
    public required string Layout { get; init; }
    public required int[] Pupil { get; init; }
    public required int[] Item { get; init; }
    public required int[] Combo { get; init; }
    public required int[] SkillStart { get; init; }
    public required int[] Skills { get; init; }
    public required bool[] Correct { get; init; }
    public required long[] Timestamp { get; init; }
    public required bool HasTime { get; init; }

    /// <summary>File line of each row.</summary>
    public long[] Line { get; init; } = [];

    /// <summary>The pupils' identifiers as written in the file (by pupil index), for pseudonymisation at import; never stored.</summary>
    public string[] PupilKeys { get; init; } = [];

    public int Count => Pupil.Length;
    public int PupilCount { get; init; }

    public ReadOnlySpan<int> SkillsOf(int row) => Skills.AsSpan(SkillStart[row], SkillStart[row + 1] - SkillStart[row]);
}

/// <summary>
/// Reads answer logs in either layout, told apart by the header:
/// <list type="bullet">
/// <item><c>gervet2020</c>: tab-separated <c>user_id item_id timestamp correct skill_id</c> (the preprocessed
/// ASSISTments files of Gervet et al. 2020); a <c>q_mat.npz</c> beside the file gives each item's skills.</item>
/// <item><c>csv</c>: comma- (or semicolon-) separated with columns <c>user_id, item_id, skill_id, correct</c> and an
/// optional <c>timestamp</c> (seconds, or an ISO 8601 date-time), in any order; <c>skill_id</c> may list several skills
/// separated by <c>+</c>.</item>
/// </list>
/// Rows are in the order the answers were given. Bad input (unknown or missing column, correctness other than 0/1, no
/// skill, a pupil's timestamp going back, a ragged row) throws <see cref="DataInputException"/> naming file, line and field.
/// </summary>
internal static class AnswerLogReader
{
    public static readonly string[] Required = ["user_id", "item_id", "skill_id", "correct"];
    private static readonly string[] GervetHeader = ["user_id", "item_id", "timestamp", "correct", "skill_id"];

    public static AnswerLog Read(string path, KtVocabulary vocabulary)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, vocabulary, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    public static AnswerLog Read(TextReader reader, string source, KtVocabulary vocabulary, string? directory = null)
    {
        var header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0) throw new DataInputException(source, 1, null, "empty file: expected a header with user_id, item_id, skill_id, correct");
        var delimiter = header.Contains('\t') ? '\t' : header.Contains(',') ? ',' : header.Contains(';') ? ';' : ',';
        var names = header.Split(delimiter).Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        foreach (var n in names)
        {
            if (n.Length == 0) throw new DataInputException(source, 1, null, "empty column name in the header");
            if (!Required.Contains(n) && n != "timestamp")
                throw new DataInputException(source, 1, n, "unknown column: expected user_id, item_id, skill_id, correct and optionally timestamp");
            if (names.Count(x => x == n) > 1) throw new DataInputException(source, 1, n, "column appears twice");
        }
        foreach (var r in Required)
            if (!names.Contains(r)) throw new DataInputException(source, 1, r, "missing column");
        var gervet = delimiter == '\t' && names.SequenceEqual(GervetHeader);
        if (gervet && directory is not null && vocabulary.QMatrix is null)
        {
            var q = Path.Combine(directory, "q_mat.npz");
            if (File.Exists(q)) vocabulary.QMatrix = NpyReader.ReadQMatrix(q, vocabulary);
        }
        int cUser = Array.IndexOf(names, "user_id"), cItem = Array.IndexOf(names, "item_id"), cSkill = Array.IndexOf(names, "skill_id"),
            cCorrect = Array.IndexOf(names, "correct"), cTime = Array.IndexOf(names, "timestamp");

        var pupils = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastTime = new List<(long Time, long Line)>();
        var pupil = new List<int>(); var item = new List<int>(); var combo = new List<int>(); var skillStart = new List<int> { 0 };
        var skills = new List<int>(); var correct = new List<bool>(); var time = new List<long>(); var lines = new List<long>();
        var hasTime = false;
        var fields = new string[names.Length];
        long line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0) continue;
            var n = Split(text, delimiter, fields);
            if (n != names.Length)
                throw new DataInputException(source, line, null, $"expected {names.Length} fields, found {n}");
            var user = fields[cUser].Trim();
            if (user.Length == 0) throw new DataInputException(source, line, "user_id", "missing value");
            var itemKey = fields[cItem].Trim();
            if (itemKey.Length == 0) throw new DataInputException(source, line, "item_id", "missing value");
            var skillKey = fields[cSkill].Trim();
            if (skillKey.Length == 0) throw new DataInputException(source, line, "skill_id", "missing skill: every answer must name the skill(s) of its item");
            var c = fields[cCorrect].Trim();
            bool ok = c switch
            {
                "1" or "1.0" => true,
                "0" or "0.0" => false,
                _ => throw new DataInputException(source, line, "correct", $"correctness must be 0 or 1, got '{Clip(c)}'"),
            };
            long t = 0;
            if (cTime >= 0)
            {
                var ts = fields[cTime].Trim();
                if (ts.Length == 0) throw new DataInputException(source, line, "timestamp", "missing value");
                t = ParseTime(ts) ?? throw new DataInputException(source, line, "timestamp", $"expected seconds or an ISO 8601 date-time, got '{Clip(ts)}'");
                if (t != 0) hasTime = true;
            }
            if (!pupils.TryGetValue(user, out var p))
            {
                p = pupils.Count;
                pupils[user] = p;
                lastTime.Add((t, line));
            }
            else
            {
                var (prev, prevLine) = lastTime[p];
                if (t < prev)
                    throw new DataInputException(source, line, "timestamp", $"this pupil's answers are out of order: the timestamp goes back from {prev} (line {prevLine}) to {t}");
                lastTime[p] = (t, line);
            }
            var i = KtVocabulary.Index(vocabulary.Items, itemKey);
            if (vocabulary.QMatrix is { } qm)
            {
                if (!int.TryParse(itemKey, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 0 || number >= qm.Length)
                    throw new DataInputException(source, line, "item_id", $"item '{Clip(itemKey)}' is not a row of the Q-matrix q_mat.npz ({qm.Length} items)");
                if (qm[number].Length == 0) throw new DataInputException(source, line, "skill_id", $"missing skill: item {number} has no skill in q_mat.npz");
                skills.AddRange(qm[number]);
            }
            else
            {
                foreach (var s in skillKey.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    skills.Add(KtVocabulary.Index(vocabulary.Skills, s));
            }
            skillStart.Add(skills.Count);
            lines.Add(line);
            pupil.Add(p); item.Add(i); combo.Add(KtVocabulary.Index(vocabulary.Combos, skillKey)); correct.Add(ok); time.Add(t);
        }
        if (pupil.Count == 0) throw new DataInputException(source, line, null, "no answers after the header");
        return new AnswerLog
        {
            Source = source,
            Layout = gervet ? "gervet2020" : "csv",
            Pupil = [.. pupil], Item = [.. item], Combo = [.. combo], SkillStart = [.. skillStart], Skills = [.. skills],
            Correct = [.. correct], Timestamp = [.. time], HasTime = hasTime, PupilCount = pupils.Count,
            Line = [.. lines], PupilKeys = [.. pupils.OrderBy(kv => kv.Value).Select(kv => kv.Key)],
        };
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static int Split(string text, char delimiter, string[] fields)
    {
        int n = 0, start = 0;
        for (var k = 0; k <= text.Length; k++)
        {
            if (k < text.Length && text[k] != delimiter) continue;
            if (n < fields.Length) fields[n] = text[start..k].Trim('"');
            n++;
            start = k + 1;
        }
        return n;
    }

    private static long? ParseTime(string s)
    {
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return (long)Math.Floor(d);
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt)) return dt.ToUnixTimeSeconds();
        return null;
    }
}

/// <summary>Reads the scipy sparse CSR Q-matrix of a <c>.npz</c> file (numpy <c>.npy</c> arrays in a zip).</summary>
internal static class NpyReader
{
    public static int[][] ReadQMatrix(string path, KtVocabulary vocabulary)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long[] Read(string name) => ReadArray(zip.GetEntry(name) ?? throw new DataInputException(path, null, name, "missing array in the .npz file"));
            var indptr = Read("indptr.npy");
            var indices = Read("indices.npy");
            var shape = Read("shape.npy");
            var rows = (int)shape[0];
            var q = new int[rows][];
            for (var r = 0; r < rows; r++)
            {
                var list = new int[indptr[r + 1] - indptr[r]];
                for (var k = 0; k < list.Length; k++)
                    list[k] = KtVocabulary.Index(vocabulary.Skills, indices[indptr[r] + k].ToString(CultureInfo.InvariantCulture));
                q[r] = list;
            }
            return q;
        }
        catch (InvalidDataException ex)
        {
            throw new DataInputException(path, null, null, "not a readable .npz file: " + ex.Message);
        }
    }

    private static long[] ReadArray(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        var b = ms.ToArray();
        if (b.Length < 10 || b[0] != 0x93 || b[1] != (byte)'N') throw new InvalidDataException($"{entry.Name} is not a .npy array");
        int headerLength, offset;
        if (b[6] == 1) { headerLength = BitConverter.ToUInt16(b, 8); offset = 10; }
        else { headerLength = (int)BitConverter.ToUInt32(b, 8); offset = 12; }
        var header = System.Text.Encoding.ASCII.GetString(b, offset, headerLength);
        var data = offset + headerLength;
        var descr = Between(header, "'descr': '", "'");
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal)) throw new InvalidDataException($"{entry.Name}: Fortran order not supported");
        var (size, read) = descr switch
        {
            "<i4" => (4, (Func<int, long>)(k => BitConverter.ToInt32(b, data + 4 * k))),
            "<i8" => (8, k => BitConverter.ToInt64(b, data + 8 * k)),
            "<f8" => (8, k => (long)BitConverter.ToDouble(b, data + 8 * k)),
            _ => throw new InvalidDataException($"{entry.Name}: dtype {descr} not supported"),
        };
        var count = (b.Length - data) / size;
        var result = new long[count];
        for (var k = 0; k < count; k++) result[k] = read(k);
        return result;
    }

    private static string Between(string s, string start, string end)
    {
        var i = s.IndexOf(start, StringComparison.Ordinal);
        if (i < 0) return "";
        i += start.Length;
        var j = s.IndexOf(end, i, StringComparison.Ordinal);
        return j < 0 ? "" : s[i..j];
    }
}
