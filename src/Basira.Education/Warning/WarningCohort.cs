using Basira.Analytics.Tabular;

namespace Basira.Education.Warning;

/// <summary>A school of a cohort: its code and where it is.</summary>
public sealed record CohortSchool(string Id, string Province, string Region);

/// <summary>
/// A school year's pupils in columns, built from a stream of <see cref="WarningPupil"/> without keeping the records:
/// the feature matrix, the outcome when known, the school, sex and milieu of each row, the pupil codes (only when
/// asked: to pseudonymise the pupils a run proposes) and the absence days per justification code summed per school and
/// per sex × milieu. 9 M pupils take about 0.4 GB of features.
/// </summary>
public sealed class WarningCohort
{
    public const byte Girl = 0, Boy = 1, Urban = 0, Rural = 1;

    private float[] _x;
    private sbyte[] _y;
    private int[] _school;
    private byte[] _sex;
    private byte[] _milieu;
    private string[]? _codes;
    private readonly List<CohortSchool> _schools = [];
    private readonly Dictionary<string, int> _schoolIndex = new(StringComparer.Ordinal);
    private readonly List<long[]> _schoolCodeDays = [];
    private readonly long[][] _groupCodeDays = [new long[5], new long[5], new long[5], new long[5]];
    private int _rows;

    /// <summary>An empty cohort to <see cref="Add"/> pupils to, then <see cref="Complete"/>.</summary>
    /// <param name="keepCodes">Keep each pupil's code (to score and propose), not needed to train.</param>
    /// <param name="capacity">Expected pupils (grows as needed).</param>
    public WarningCohort(bool keepCodes, int capacity = 0)
    {
        capacity = Math.Max(capacity, 1024);
        var m = WarningFeatures.Names.Count;
        _x = new float[(long)capacity * m <= Array.MaxLength ? capacity * m : throw new ArgumentOutOfRangeException(nameof(capacity))];
        _y = new sbyte[capacity];
        _school = new int[capacity];
        _sex = new byte[capacity];
        _milieu = new byte[capacity];
        _codes = keepCodes ? new string[capacity] : null;
    }

    /// <summary>Reads a stream of pupils into columns; <paramref name="keepCodes"/> keeps each pupil's code (scoring), not needed to train.</summary>
    public static WarningCohort Build(IEnumerable<WarningPupil> pupils, bool keepCodes, int capacityHint = 0, CancellationToken cancellationToken = default)
    {
        var c = new WarningCohort(keepCodes, capacityHint > 0 ? capacityHint : pupils.TryGetNonEnumeratedCount(out var n) ? n : 1 << 16);
        foreach (var p in pupils)
        {
            if ((c._rows & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            c.Add(p);
        }
        return c.Complete();
    }

    /// <summary>Rows.</summary>
    public int Count => _rows;

    /// <summary>The schools, in order of first appearance; <see cref="SchoolOf"/> indexes this list.</summary>
    public IReadOnlyList<CohortSchool> Schools => _schools;

    /// <summary>Features of every row (model order, <see cref="WarningFeatures.Names"/>).</summary>
    public FeatureMatrix Features => _complete ? new(_x, WarningFeatures.Names.Count) : throw new InvalidOperationException("complete the cohort first");

    /// <summary>School index of row <paramref name="r"/>.</summary>
    public int SchoolOf(int r) => _school[r];

    /// <summary><see cref="Girl"/> or <see cref="Boy"/>.</summary>
    public byte SexOf(int r) => _sex[r];

    /// <summary><see cref="Urban"/> or <see cref="Rural"/>.</summary>
    public byte MilieuOf(int r) => _milieu[r];

    /// <summary>Outcome of row <paramref name="r"/>: 1 dropped out, 0 stayed, −1 unknown.</summary>
    public sbyte OutcomeOf(int r) => _y[r];

    /// <summary>True when every row's outcome is known.</summary>
    public bool OutcomesKnown { get; private set; } = true;

    /// <summary>Pupil code of row <paramref name="r"/> (when the cohort was built with codes).</summary>
    public string CodeOf(int r) => _codes is { } c ? c[r] : throw new InvalidOperationException("this cohort was read without pupil codes");

    /// <summary>The outcomes as booleans (unknown = false).</summary>
    public bool[] Labels()
    {
        var y = new bool[_rows];
        for (var i = 0; i < _rows; i++) y[i] = _y[i] == 1;
        return y;
    }

    /// <summary>Absence days per code (order of <see cref="WarningFeatures.AbsenceCodes"/>) of school <paramref name="s"/>.</summary>
    public ReadOnlySpan<long> SchoolCodeDays(int s) => _schoolCodeDays[s];

    /// <summary>Absence days per code of the sex × milieu group (<paramref name="sex"/>, <paramref name="milieu"/>).</summary>
    public ReadOnlySpan<long> GroupCodeDays(byte sex, byte milieu) => _groupCodeDays[sex * 2 + milieu];

    /// <summary>Label of a sex code ("F" / "M").</summary>
    public static string SexLabel(byte s) => s == Girl ? "F" : "M";

    /// <summary>Label of a milieu code ("urban" / "rural").</summary>
    public static string MilieuLabel(byte m) => m == Urban ? "urban" : "rural";

    /// <summary>Appends one pupil (not after <see cref="Complete"/>).</summary>
    public void Add(WarningPupil p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (_complete) throw new InvalidOperationException("the cohort is complete");
        var m = WarningFeatures.Names.Count;
        if (_rows == _y.Length) Grow();
        WarningFeatures.Encode(p, _x.AsSpan(_rows * m, m));
        if (p.DroppedOut is { } d) _y[_rows] = (sbyte)(d ? 1 : 0);
        else
        {
            _y[_rows] = -1;
            OutcomesKnown = false;
        }
        if (!_schoolIndex.TryGetValue(p.SchoolId, out var s))
        {
            s = _schools.Count;
            _schoolIndex[p.SchoolId] = s;
            _schools.Add(new CohortSchool(p.SchoolId, p.ProvinceCode, p.RegionCode));
            _schoolCodeDays.Add(new long[5]);
        }
        _school[_rows] = s;
        _sex[_rows] = p.Sex is "F" or "f" ? Girl : Boy;
        _milieu[_rows] = p.Milieu is "rural" ? Rural : Urban;
        if (_codes is not null) _codes[_rows] = p.PupilCode;
        if (p.AbsenceDaysByCode is { } days)
        {
            var group = _groupCodeDays[_sex[_rows] * 2 + _milieu[_rows]];
            var school = _schoolCodeDays[s];
            for (var k = 0; k < Math.Min(5, days.Length); k++)
            {
                school[k] += days[k];
                group[k] += days[k];
            }
        }
        _rows++;
    }

    private bool _complete;

    /// <summary>Ends the reading: the feature array is trimmed to the rows read. Returns this cohort.</summary>
    public WarningCohort Complete()
    {
        if (_complete) return this;
        var cells = _rows * WarningFeatures.Names.Count;
        if (_x.Length != cells) Array.Resize(ref _x, cells);
        _complete = true;
        return this;
    }

    private void Grow()
    {
        var capacity = (int)Math.Min((long)_y.Length * 2, Array.MaxLength / WarningFeatures.Names.Count);
        if (capacity <= _y.Length) throw new InvalidOperationException("cohort too large for one feature array");
        Array.Resize(ref _x, capacity * WarningFeatures.Names.Count);
        Array.Resize(ref _y, capacity);
        Array.Resize(ref _school, capacity);
        Array.Resize(ref _sex, capacity);
        Array.Resize(ref _milieu, capacity);
        if (_codes is not null) Array.Resize(ref _codes, capacity);
    }
}
