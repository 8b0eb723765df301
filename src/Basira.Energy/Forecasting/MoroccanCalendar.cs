using System.Globalization;

namespace Basira.Energy.Forecasting;

/// <summary>Kind of a Moroccan public holiday.</summary>
public enum HolidayKind
{
    /// <summary>Fixed civil date of the Gregorian calendar.</summary>
    Civil,

    /// <summary>Religious date of the Hijri calendar (computed, ±1 day, see <see cref="MoroccanCalendar"/>).</summary>
    Religious,
}

/// <summary>One public holiday.</summary>
/// <param name="Date">Day.</param>
/// <param name="Name">English name.</param>
/// <param name="Kind">Civil (fixed) or religious (computed).</param>
public sealed record Holiday(DateOnly Date, string Name, HolidayKind Kind);

/// <summary>
/// Moroccan public holidays and the month of Ramadan, for calendar inputs of load forecasts.
/// <para>Civil holidays (fixed Gregorian dates): New Year (1 Jan), Proclamation of Independence (11 Jan), Amazigh New
/// Year Yennayer (14 Jan, a public holiday since 2024), Labour Day (1 May), Throne Day (30 Jul), Oued Ed-Dahab (14 Aug),
/// Revolution of the King and the People (20 Aug), Youth Day (21 Aug), Green March (6 Nov), Independence Day
/// (18 Nov).</para>
/// <para>Religious holidays and Ramadan follow the Hijri calendar: 1 Muharram (Islamic New Year), 12–13 Rabi' al-awwal
/// (Mawlid), 1–2 Shawwal (Eid al-Fitr), 10–11 Dhu al-Hijja (Eid al-Adha), and Ramadan = month 9. They are computed
/// with .NET's <see cref="UmAlQuraCalendar"/> (the Saudi astronomical calendar, valid 1900–2077). Morocco fixes these
/// dates by moon sighting (Ministry of Habous and Islamic Affairs), which often falls one day after Umm al-Qura
/// (Ramadan 1445 began on 12 March 2024 in Morocco, 11 March in Umm al-Qura; Eid al-Fitr 1445 was 10 April in both):
/// every computed religious date is therefore uncertain by ±1 day. <see cref="HijriOffsetDays"/> shifts them all
/// (e.g. +1) when a caller knows better; official dates, once announced, should replace the computed ones.</para>
/// </summary>
public sealed class MoroccanCalendar
{
    private static readonly UmAlQuraCalendar Hijri = new();

    private static readonly (int Month, int Day, string Name, int FromYear)[] Civil =
    [
        (1, 1, "New Year's Day", 1900),
        (1, 11, "Proclamation of Independence", 1945),
        (1, 14, "Amazigh New Year (Yennayer)", 2024),
        (5, 1, "Labour Day", 1900),
        (7, 30, "Throne Day", 2000),
        (8, 14, "Oued Ed-Dahab Day", 1980),
        (8, 20, "Revolution of the King and the People", 1954),
        (8, 21, "Youth Day", 2000),
        (11, 6, "Green March", 1976),
        (11, 18, "Independence Day", 1956),
    ];

    private static readonly (int Month, int Day, int Days, string Name)[] Religious =
    [
        (1, 1, 1, "Islamic New Year (1 Muharram)"),
        (3, 12, 2, "Mawlid (Prophet's Birthday)"),
        (10, 1, 2, "Eid al-Fitr"),
        (12, 10, 2, "Eid al-Adha"),
    ];

    private readonly Dictionary<DateOnly, Holiday> _holidays = [];
    private readonly HashSet<DateOnly> _ramadan = [];
    private readonly HashSet<int> _years = [];

    /// <param name="hijriOffsetDays">Days added to every computed Hijri date (0 = Umm al-Qura as computed).</param>
    public MoroccanCalendar(int hijriOffsetDays = 0) => HijriOffsetDays = hijriOffsetDays;

    /// <summary>Days added to every computed Hijri date.</summary>
    public int HijriOffsetDays { get; }

    /// <summary>The holiday on <paramref name="date"/>, or null.</summary>
    public Holiday? HolidayOn(DateOnly date)
    {
        EnsureYear(date.Year);
        return _holidays.GetValueOrDefault(date);
    }

    /// <summary>True on a public holiday.</summary>
    public bool IsHoliday(DateOnly date) => HolidayOn(date) is not null;

    /// <summary>True during the month of Ramadan (computed, ±1 day at each end).</summary>
    public bool IsRamadan(DateOnly date)
    {
        EnsureYear(date.Year);
        return _ramadan.Contains(date);
    }

    /// <summary>Every holiday of Gregorian year <paramref name="year"/>, by date.</summary>
    public IReadOnlyList<Holiday> Holidays(int year)
    {
        EnsureYear(year);
        return [.. _holidays.Values.Where(h => h.Date.Year == year).OrderBy(h => h.Date)];
    }

    /// <summary>First and last day of Ramadan that fall in <paramref name="year"/> (computed).</summary>
    public (DateOnly First, DateOnly Last)? Ramadan(int year)
    {
        EnsureYear(year);
        var days = _ramadan.Where(d => d.Year == year).Order().ToList();
        return days.Count == 0 ? null : (days[0], days[^1]);
    }

    private void EnsureYear(int year)
    {
        lock (_years)
        {
            if (_years.Contains(year)) return;
            if (year < 1901 || year > 2076) throw new ArgumentOutOfRangeException(nameof(year), "the Hijri computation covers 1901–2076");
            foreach (var (m, d, name, from) in Civil)
                if (year >= from) _holidays.TryAdd(new DateOnly(year, m, d), new Holiday(new DateOnly(year, m, d), name, HolidayKind.Civil));
            // the Hijri years that overlap this Gregorian year (with a margin for the offset)
            var first = Hijri.GetYear(new DateTime(year, 1, 1));
            for (var hy = first - 1; hy <= first + 1; hy++)
            {
                if (hy < Hijri.GetYear(Hijri.MinSupportedDateTime) + 1 || hy > Hijri.GetYear(Hijri.MaxSupportedDateTime) - 1) continue;
                foreach (var (m, d, days, name) in Religious)
                    for (var k = 0; k < days; k++)
                    {
                        var date = DateOnly.FromDateTime(Hijri.ToDateTime(hy, m, d, 0, 0, 0, 0).AddDays(k + HijriOffsetDays));
                        // a religious holiday on a civil one keeps both names (Hijri years overlap two Gregorian ones:
                        // a date already entered stays as it is)
                        if (!_holidays.TryGetValue(date, out var existing))
                            _holidays[date] = new Holiday(date, name, HolidayKind.Religious);
                        else if (existing.Kind == HolidayKind.Civil)
                            _holidays[date] = new Holiday(date, existing.Name + " / " + name, HolidayKind.Religious);
                    }
                var start = Hijri.ToDateTime(hy, 9, 1, 0, 0, 0, 0).AddDays(HijriOffsetDays);
                var length = Hijri.GetDaysInMonth(hy, 9);
                for (var k = 0; k < length; k++) _ramadan.Add(DateOnly.FromDateTime(start.AddDays(k)));
            }
            _years.Add(year);
        }
    }
}
