namespace Basira.Synth.National;

/// <summary>
/// An approximate Moroccan public-school calendar for one school year (Monday to Friday teaching days), used to
/// place SYNTHETIC daily absences. ASSUMPTION: dates follow the pattern of the MEN calendar (rentrée in the second
/// week of September, five one-week breaks, end of classes in the third week of June, civil and religious holidays);
/// they are not the official calendar of any given year. Religious dates follow the lunar year (354.367 days) from
/// the start of Ramadan 1446 (2 March 2025), to within a day or two.
/// </summary>
public sealed class SchoolCalendar
{
    /// <summary>Start of Ramadan 1446 in Morocco, the anchor of the lunar dates.</summary>
    public static readonly DateOnly RamadanAnchor = new(2025, 3, 2);

    /// <summary>Mean length of the lunar (Hijri) year in days.</summary>
    public const double LunarYearDays = 354.367;

    private readonly Dictionary<DateOnly, int> _index;

    private SchoolCalendar(int startYear, DateOnly[] days, int term2Start, DateOnly ramadanStart, DateOnly ramadanEnd,
        IReadOnlyList<(DateOnly Date, string Name)> holidays, IReadOnlyList<DateOnly> breakStarts)
    {
        StartYear = startYear;
        SchoolDays = days;
        Term2StartIndex = term2Start;
        RamadanStart = ramadanStart;
        RamadanEnd = ramadanEnd;
        Holidays = holidays;
        BreakStarts = breakStarts;
        _index = new Dictionary<DateOnly, int>(days.Length);
        for (var i = 0; i < days.Length; i++) _index[days[i]] = i;
    }

    /// <summary>First calendar year of the school year (2024 = 2024-25).</summary>
    public int StartYear { get; }

    /// <summary>Label of the school year, e.g. <c>2024-2025</c>.</summary>
    public string Label => $"{StartYear}-{StartYear + 1}";

    /// <summary>Teaching days in order.</summary>
    public IReadOnlyList<DateOnly> SchoolDays { get; }

    /// <summary>First teaching day.</summary>
    public DateOnly First => SchoolDays[0];

    /// <summary>Last teaching day.</summary>
    public DateOnly Last => SchoolDays[^1];

    /// <summary>Index in <see cref="SchoolDays"/> of the first day of the second term (after the mid-year break).</summary>
    public int Term2StartIndex { get; }

    /// <summary>First day of Ramadan in this school year.</summary>
    public DateOnly RamadanStart { get; }

    /// <summary>Last day of Ramadan in this school year.</summary>
    public DateOnly RamadanEnd { get; }

    /// <summary>Public holidays that fall on a weekday of the school year (with a name).</summary>
    public IReadOnlyList<(DateOnly Date, string Name)> Holidays { get; }

    /// <summary>Mondays of the one-week breaks (the third is the mid-year break between the two terms).</summary>
    public IReadOnlyList<DateOnly> BreakStarts { get; }

    /// <summary>Term (1 or 2) of a teaching day index.</summary>
    public int TermOf(int dayIndex) => dayIndex < Term2StartIndex ? 1 : 2;

    /// <summary>Index of <paramref name="date"/> in <see cref="SchoolDays"/>, or -1 when it is not a teaching day.</summary>
    public int IndexOf(DateOnly date) => _index.TryGetValue(date, out var i) ? i : -1;

    /// <summary>Whether <paramref name="date"/> is a teaching day.</summary>
    public bool IsSchoolDay(DateOnly date) => _index.ContainsKey(date);

    /// <summary>Whether <paramref name="date"/> falls between the first and the last teaching day (inclusive).</summary>
    public bool Contains(DateOnly date) => date >= First && date <= Last;

    /// <summary>Teaching days between two dates (inclusive).</summary>
    public int SchoolDaysBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        foreach (var d in SchoolDays) if (d >= from && d <= to) n++;
        return n;
    }

    /// <summary>Start of Ramadan for the Hijri year that is <paramref name="offset"/> lunar years after 1446.</summary>
    public static DateOnly RamadanStartOf(int offset) => RamadanAnchor.AddDays((int)Math.Round(offset * LunarYearDays));

    /// <summary>The calendar of the school year that starts in September of <paramref name="startYear"/>.</summary>
    /// <param name="startYear">2000 to 2100.</param>
    public static SchoolCalendar For(int startYear)
    {
        if (startYear is < 2000 or > 2100) throw new ArgumentOutOfRangeException(nameof(startYear), "school year must start between 2000 and 2100");
        var first = WeekMonday(new DateOnly(startYear, 9, 9));
        var lastFriday = WeekMonday(new DateOnly(startYear + 1, 6, 19)).AddDays(4);
        DateOnly[] breaks =
        [
            WeekMonday(new DateOnly(startYear, 10, 21)),
            WeekMonday(new DateOnly(startYear, 12, 9)),
            WeekMonday(new DateOnly(startYear + 1, 1, 27)),
            WeekMonday(new DateOnly(startYear + 1, 3, 17)),
            WeekMonday(new DateOnly(startYear + 1, 5, 5)),
        ];

        // The Ramadan that starts within the school year (September to August).
        var offset = (int)Math.Floor((new DateOnly(startYear, 9, 1).DayNumber - RamadanAnchor.DayNumber) / LunarYearDays) + 1;
        var ramadan = RamadanStartOf(offset);
        if (ramadan < new DateOnly(startYear, 9, 1)) ramadan = RamadanStartOf(offset + 1);
        var fitr = ramadan.AddDays(30);
        var adha = fitr.AddDays(69);
        var holidays = new List<(DateOnly, string)>
        {
            (new DateOnly(startYear, 11, 6), "Marche verte"),
            (new DateOnly(startYear, 11, 18), "Fête de l'Indépendance"),
            (new DateOnly(startYear + 1, 1, 1), "Nouvel an"),
            (new DateOnly(startYear + 1, 1, 11), "Manifeste de l'Indépendance"),
            (new DateOnly(startYear + 1, 1, 14), "Nouvel an amazigh"),
            (new DateOnly(startYear + 1, 5, 1), "Fête du Travail"),
            (fitr, "Aïd al-Fitr"), (fitr.AddDays(1), "Aïd al-Fitr"),
            (adha, "Aïd al-Adha"), (adha.AddDays(1), "Aïd al-Adha"),
        };
        foreach (var k in new[] { offset - 1, offset, offset + 1 })
        {
            var r = RamadanStartOf(k);
            var mawlid = r.AddDays(-166);
            holidays.Add((mawlid, "Aïd al-Mawlid"));
            holidays.Add((mawlid.AddDays(1), "Aïd al-Mawlid"));
            holidays.Add((r.AddDays(-236), "1er Moharram"));
        }

        var off = new HashSet<DateOnly>();
        foreach (var b in breaks) for (var i = 0; i < 7; i++) off.Add(b.AddDays(i));
        var kept = holidays
            .Where(h => h.Item1 >= first && h.Item1 <= lastFriday && h.Item1.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !off.Contains(h.Item1))
            .DistinctBy(h => h.Item1)
            .OrderBy(h => h.Item1)
            .ToList();
        foreach (var h in kept) off.Add(h.Item1);

        var days = new List<DateOnly>(200);
        for (var d = first; d <= lastFriday; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !off.Contains(d)) days.Add(d);
        var term2 = days.FindIndex(d => d > breaks[2]);
        return new SchoolCalendar(startYear, [.. days], term2, ramadan, ramadan.AddDays(29), kept, breaks);
    }

    private static DateOnly WeekMonday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
}
