using System.Globalization;
using DuckDB.NET.Data;

namespace Basira.Education.National;

/// <summary>Area level of an absenteeism aggregate.</summary>
public enum AreaLevel
{
    /// <summary>The 12 regions.</summary>
    Region,

    /// <summary>The 75 préfectures and provinces.</summary>
    Province,

    /// <summary>Communes.</summary>
    Commune,

    /// <summary>Schools.</summary>
    School,
}

/// <summary>Period of an absenteeism aggregate.</summary>
public enum AbsencePeriod
{
    /// <summary>ISO week (Monday to Sunday), labelled <c>2024-W38</c>.</summary>
    Week,

    /// <summary>Calendar month, labelled <c>2024-09</c>.</summary>
    Month,
}

/// <summary>Optional split of an aggregate by a pupil attribute.</summary>
public enum AbsenceSplit
{
    /// <summary>No split.</summary>
    None,

    /// <summary>By sex (F, M).</summary>
    Sex,

    /// <summary>By milieu of residence (urban, rural).</summary>
    Milieu,
}

/// <summary>The part of the country a caller may see (from the access scope): national, one region, one province or one school.</summary>
/// <param name="Kind">national, region, province or school.</param>
/// <param name="Value">The region, province or school code (null for national).</param>
public sealed record AreaScope(string Kind, string? Value)
{
    /// <summary>The whole country.</summary>
    public static readonly AreaScope National = new("national", null);
}

/// <summary>An absenteeism query.</summary>
public sealed record AbsenteeismQuery
{
    /// <summary>Area level of the rows.</summary>
    public AreaLevel Level { get; init; } = AreaLevel.Region;

    /// <summary>Week or month.</summary>
    public AbsencePeriod Period { get; init; } = AbsencePeriod.Month;

    /// <summary>First day (inclusive); default the first teaching day of the latest school year.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive); default the last teaching day of the latest school year.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only areas in this region.</summary>
    public string? Region { get; init; }

    /// <summary>Only areas in this province.</summary>
    public string? Province { get; init; }

    /// <summary>Only this school.</summary>
    public string? School { get; init; }

    /// <summary>Split by sex or milieu.</summary>
    public AbsenceSplit Split { get; init; }

    /// <summary>Language of the area names: fr, ar or en (en uses the French names of areas).</summary>
    public string Language { get; init; } = "fr";
}

/// <summary>
/// Absence rate of an area over a period: absence days / (pupils × teaching days). Only aggregates: no pupil appears.
/// </summary>
/// <param name="Level">region, province, commune or school.</param>
/// <param name="Key">Area code.</param>
/// <param name="Name">Area name.</param>
/// <param name="Period">Week (<c>2024-W38</c>) or month (<c>2024-09</c>).</param>
/// <param name="Pupils">Pupils enrolled in the area (in the group, when split).</param>
/// <param name="AbsenceRate">Absence days / (pupils × teaching days of the period).</param>
/// <param name="Group">The value of the split (F/M, urban/rural), or null.</param>
/// <param name="AbsenceDays">Absence days counted.</param>
/// <param name="PupilDays">Pupils × teaching days.</param>
/// <param name="PeriodStart">First day of the period.</param>
public sealed record AbsenteeismRow(string Level, string Key, string Name, string Period, long Pupils, double AbsenceRate, string? Group,
    long AbsenceDays, long PupilDays, DateOnly PeriodStart);

/// <summary>The test of one area's latest period against its baseline.</summary>
/// <param name="Row">The area's latest period.</param>
/// <param name="BaselineRate">Absence rate over the baseline periods.</param>
/// <param name="BaselinePeriods">Periods in the baseline.</param>
/// <param name="Z">z statistic (with the dispersion correction).</param>
/// <param name="PValue">One-sided p-value.</param>
/// <param name="QValue">Benjamini–Hochberg adjusted p-value over the areas.</param>
/// <param name="Hot">A hot spot: q ≤ the FDR level and a rise of at least <see cref="NationalAbsenteeism.MinimumRelativeRise"/>.</param>
public sealed record HotSpot(AbsenteeismRow Row, double BaselineRate, int BaselinePeriods, double Z, double PValue, double QValue, bool Hot);

/// <summary>Hot spots of one level and period, with the test used and its parameters.</summary>
/// <param name="Test">The test, named.</param>
/// <param name="Period">The period tested (the last of the range).</param>
/// <param name="Dispersion">Estimated dispersion factor φ (≥ 1) by which the binomial variance is inflated.</param>
/// <param name="FalseDiscoveryRate">Benjamini–Hochberg level.</param>
/// <param name="Areas">Every area tested, hottest first.</param>
public sealed record HotSpotReport(string Test, string? Period, double Dispersion, double FalseDiscoveryRate, IReadOnlyList<HotSpot> Areas);

/// <summary>
/// Absenteeism aggregates over the analytics store (DuckDB): absence rates by region, province, commune or school, by
/// week or month, optionally by sex or milieu; and hot spots, the areas whose latest period rose above their own
/// baseline by more than noise explains.
/// </summary>
public static class NationalAbsenteeism
{
    /// <summary>The name of the hot-spot test, shown wherever hot spots are.</summary>
    public const string TestName =
        "one-sided two-proportion z-test (latest period vs the previous 4), binomial variance inflated by a quasi-binomial dispersion estimated on the baseline periods, Benjamini-Hochberg over the areas at 5 %";

    /// <summary>Baseline periods before the tested one.</summary>
    public const int BaselinePeriods = 4;

    /// <summary>False discovery rate of the Benjamini–Hochberg procedure.</summary>
    public const double FalseDiscoveryRate = 0.05;

    /// <summary>Smallest rise that counts as a hot spot (rate ≥ 1.2 × baseline), so that a tiny rise over a huge population is not one.</summary>
    public const double MinimumRelativeRise = 1.2;

    internal static List<AbsenteeismRow> Query(DuckDBConnection c, AbsenteeismQuery q, AreaScope scope)
    {
        var years = c.Query("SELECT DISTINCT year FROM pupils ORDER BY year", r => (int)r.L(0));
        if (years.Count == 0) return [];
        var latest = years[^1];
        var calendar = c.Query("SELECT year, day FROM school_days ORDER BY day", r => (Year: (int)r.L(0), Day: r.Date(1)))
            .GroupBy(x => x.Year).ToDictionary(g => g.Key, g => g.Select(x => x.Day).ToList());
        List<DateOnly> TeachingDays(int year) => calendar.TryGetValue(year, out var days) ? days : DefaultDays(year);
        var from = q.From ?? TeachingDays(latest)[0];
        var to = q.To ?? TeachingDays(latest)[^1];
        if (to < from) throw new Governance.DataInputException(null, null, "to", $"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");

        var area = q.Level switch
        {
            AreaLevel.Region => "s.region",
            AreaLevel.Province => "s.province",
            AreaLevel.Commune => "s.commune",
            _ => "s.school_code",
        };
        var name = q.Level switch
        {
            AreaLevel.Commune => "any_value(s.commune_name)",
            AreaLevel.School => "any_value(s.name)",
            _ => "''",
        };
        var group = q.Split switch
        {
            AbsenceSplit.Sex => "p.sex",
            AbsenceSplit.Milieu => "p.milieu",
            _ => "NULL",
        };
        var (filter, args) = Filter(q, scope);
        var trunc = q.Period == AbsencePeriod.Week ? "week" : "month";
        var rows = new List<AbsenteeismRow>();
        foreach (var year in years)
        {
            var days = TeachingDays(year).Where(d => d >= from && d <= to).ToList();
            if (days.Count == 0) continue;
            var daysPerPeriod = days.GroupBy(d => Start(d, q.Period)).ToDictionary(g => g.Key, g => (long)g.Count());
            var pupils = c.Query($"""
                SELECT {area}, {group}, count(*), {name} FROM pupils p JOIN schools s USING (school_key)
                WHERE p.year = ? {filter} GROUP BY ALL
                """, r => (Key: r.S(0), Group: r.IsDBNull(1) ? null : r.S(1), N: r.L(2), Name: r.S(3)), [year, .. args]);
            var absences = c.Query($"""
                SELECT {area}, {group}, date_trunc('{trunc}', a.day)::DATE, count(*)
                FROM absences a JOIN schools s USING (school_key) {(q.Split == AbsenceSplit.None ? "" : "JOIN pupils p ON p.pupil_key = a.pupil_key AND p.year = a.year")}
                WHERE a.year = ? AND a.day BETWEEN ? AND ? {filter} GROUP BY ALL
                """, r => (Key: r.S(0), Group: r.IsDBNull(1) ? null : r.S(1), Start: r.Date(2), N: r.L(3)), [year, from, to, .. args])
                .ToDictionary(x => (x.Key, x.Group, x.Start), x => x.N);
            foreach (var p in pupils.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Group, StringComparer.Ordinal))
            {
                var display = q.Level is AreaLevel.Region or AreaLevel.Province ? AreaName(p.Key, q.Language) : p.Name;
                foreach (var (start, teaching) in daysPerPeriod.OrderBy(x => x.Key))
                {
                    var absent = absences.GetValueOrDefault((p.Key, p.Group, start));
                    var pupilDays = p.N * teaching;
                    rows.Add(new AbsenteeismRow(q.Level.ToString().ToLowerInvariant(), p.Key, display, Label(start, q.Period), p.N,
                        pupilDays == 0 ? 0 : absent / (double)pupilDays, p.Group, absent, pupilDays, start));
                }
            }
        }
        return rows;
    }

    private static (string Sql, object[] Args) Filter(AbsenteeismQuery q, AreaScope scope)
    {
        var sql = new List<string>();
        var args = new List<object>();
        void Add(string column, string? value)
        {
            if (value is null) return;
            sql.Add($"AND {column} = ?");
            args.Add(value);
        }
        Add("s.region", q.Region);
        Add("s.province", q.Province);
        Add("s.school_code", q.School);
        switch (scope.Kind)
        {
            case "national": break;
            case "region": Add("s.region", scope.Value ?? ""); break;
            case "province": Add("s.province", scope.Value ?? ""); break;
            case "school": Add("s.school_code", scope.Value ?? ""); break;
            default: sql.Add("AND FALSE"); break;
        }
        return (string.Join(' ', sql), [.. args]);
    }

    /// <summary>Name of a region or province in the language asked (Arabic names in ar, French otherwise).</summary>
    public static string AreaName(string code, string language) => EducationAreas.NameOf(code, language == "ar" ? "ar" : "fr");

    /// <summary>First day of the period containing <paramref name="d"/> (Monday of its ISO week, or the 1st of its month).</summary>
    public static DateOnly Start(DateOnly d, AbsencePeriod period) =>
        period == AbsencePeriod.Week ? d.AddDays(-(((int)d.DayOfWeek + 6) % 7)) : new DateOnly(d.Year, d.Month, 1);

    /// <summary>Label of a period: <c>2024-W38</c> (ISO week) or <c>2024-09</c>.</summary>
    public static string Label(DateOnly start, AbsencePeriod period) =>
        period == AbsencePeriod.Week
            ? string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):D2}")
            : start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Teaching days when no calendar was loaded: weekdays from 1 September to 30 June.</summary>
    internal static List<DateOnly> DefaultDays(int year)
    {
        var list = new List<DateOnly>();
        for (var d = new DateOnly(year, 9, 1); d <= new DateOnly(year + 1, 6, 30); d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) list.Add(d);
        return list;
    }

    /// <summary>
    /// Hot spots: for each area, its last period of <paramref name="rows"/> against the <see cref="BaselinePeriods"/>
    /// before it (<see cref="TestName"/>). Rows must be of one level, unsplit (or one group).
    /// </summary>
    public static HotSpotReport HotSpots(IReadOnlyList<AbsenteeismRow> rows, AbsencePeriod period)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return new HotSpotReport(TestName, null, 1, FalseDiscoveryRate, []);
        var last = rows.Max(r => r.PeriodStart);
        var byArea = rows.GroupBy(r => (r.Key, r.Group)).Select(g => g.OrderBy(r => r.PeriodStart).ToList()).ToList();

        // Dispersion: Pearson chi-square of each area's baseline periods around the area's baseline rate, pooled.
        double chi = 0;
        var df = 0;
        var tests = new List<(AbsenteeismRow Row, List<AbsenteeismRow> Base)>();
        foreach (var series in byArea)
        {
            var current = series.LastOrDefault(r => r.PeriodStart == last);
            if (current is null) continue;
            var baseline = series.Where(r => r.PeriodStart < last).TakeLast(BaselinePeriods).ToList();
            if (baseline.Count == 0 || baseline.Sum(b => b.PupilDays) == 0) continue;
            tests.Add((current, baseline));
            var p = baseline.Sum(b => b.AbsenceDays) / (double)baseline.Sum(b => b.PupilDays);
            if (p is <= 0 or >= 1 || baseline.Count < 2) continue;
            foreach (var b in baseline)
            {
                var expected = b.PupilDays * p;
                chi += (b.AbsenceDays - expected) * (b.AbsenceDays - expected) / (expected * (1 - p));
            }
            df += baseline.Count - 1;
        }
        var phi = df > 0 ? Math.Max(1.0, chi / df) : 1.0;

        var scored = tests.Select(t =>
        {
            long x1 = t.Row.AbsenceDays, n1 = t.Row.PupilDays;
            long x0 = t.Base.Sum(b => b.AbsenceDays), n0 = t.Base.Sum(b => b.PupilDays);
            var p1 = n1 == 0 ? 0 : x1 / (double)n1;
            var p0 = x0 / (double)n0;
            var pooled = (x1 + x0) / (double)(n1 + n0);
            var se = Math.Sqrt(phi * pooled * (1 - pooled) * ((1.0 / Math.Max(1, n1)) + (1.0 / n0)));
            var z = se > 0 ? (p1 - p0) / se : 0;
            return (t.Row, Base: p0, Periods: t.Base.Count, Z: z, P: UpperTail(z));
        }).ToList();

        // Benjamini–Hochberg step-up adjusted p-values.
        var order = scored.Select((s, i) => (s.P, i)).OrderBy(x => x.P).ToList();
        var q = new double[scored.Count];
        var running = 1.0;
        for (var k = order.Count - 1; k >= 0; k--)
        {
            running = Math.Min(running, order[k].P * order.Count / (k + 1));
            q[order[k].i] = running;
        }
        var spots = scored.Select((s, i) => new HotSpot(s.Row, s.Base, s.Periods, s.Z, s.P, q[i],
                q[i] <= FalseDiscoveryRate && s.Row.AbsenceRate >= MinimumRelativeRise * s.Base))
            .OrderByDescending(h => h.Hot).ThenBy(h => h.QValue).ThenByDescending(h => h.Z)
            .ToList();
        return new HotSpotReport(TestName, Label(last, period), phi, FalseDiscoveryRate, spots);
    }

    /// <summary>P(Z ≥ z) for a standard normal Z.</summary>
    internal static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Complementary error function (the Chebyshev fit of Numerical Recipes, fractional error below 1.2e-7 everywhere).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var k = c.Length - 1; k >= 0; k--) poly = c[k] + (t * poly);
        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
