using Basira.Education.National;

namespace Basira.Education.Tests.National;

/// <summary>Absence rates against a hand count, scopes, and the hot-spot test on an injected spike and on noise.</summary>
public sealed class NationalAbsenteeismTests : NationalTestBase
{
    protected override string? ConnectionString => null;

    [Fact]
    public void Rates_by_region_week_and_month_match_a_hand_count()
    {
        LoadSmall();
        // 2024-25: S-AZI-1 (MA-05) has pupils J130000001, J130000002, J130000003 (3 pupils), S-CAS-1 (MA-06) three more.
        // Absences: J1 16/09 and 17/09, J2 16/09, J3 01/10 (MA-05); K1 16/09 (MA-06). Teaching days: weekdays from 9/09.
        var week = Education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Region, Period = AbsencePeriod.Week,
            From = new DateOnly(2024, 9, 9), To = new DateOnly(2024, 10, 6) }, AreaScope.National);
        var w38 = week.Single(r => r.Key == "MA-05" && r.Period == "2024-W38");
        Assert.Equal(3, w38.Pupils);
        Assert.Equal(3, w38.AbsenceDays);
        Assert.Equal(15, w38.PupilDays);
        Assert.Equal(3 / 15.0, w38.AbsenceRate, 12);
        Assert.Equal("Béni Mellal-Khénifra", w38.Name);
        Assert.Equal(1 / 15.0, week.Single(r => r.Key == "MA-06" && r.Period == "2024-W38").AbsenceRate, 12);
        Assert.Equal(0, week.Single(r => r.Key == "MA-05" && r.Period == "2024-W37").AbsenceRate);
        Assert.Equal(1 / 15.0, week.Single(r => r.Key == "MA-05" && r.Period == "2024-W40").AbsenceRate, 12);
        Assert.Equal(["2024-W37", "2024-W38", "2024-W39", "2024-W40"], week.Where(r => r.Key == "MA-05").Select(r => r.Period));

        var month = Education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Region, Period = AbsencePeriod.Month }, AreaScope.National);
        // September 2024 from the 9th: 16 weekdays; October 2024: 23.
        Assert.Equal(3 / (3.0 * 16), month.Single(r => r.Key == "MA-05" && r.Period == "2024-09").AbsenceRate, 12);
        Assert.Equal(1 / (3.0 * 23), month.Single(r => r.Key == "MA-05" && r.Period == "2024-10").AbsenceRate, 12);
        Assert.Equal(10, month.Count(r => r.Key == "MA-05")); // September to June

        var bySex = Education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.School, Period = AbsencePeriod.Month, Split = AbsenceSplit.Sex,
            From = new DateOnly(2024, 9, 1), To = new DateOnly(2024, 9, 30) }, AreaScope.National);
        var girls = bySex.Single(r => r.Key == "S-AZI-1" && r.Group == "F");
        Assert.Equal((2L, 2L), (girls.Pupils, girls.AbsenceDays)); // J1 twice; J3's absence is in October
        Assert.Equal("École A", girls.Name);
        var boys = bySex.Single(r => r.Key == "S-AZI-1" && r.Group == "M");
        Assert.Equal((1L, 1L, 16L), (boys.Pupils, boys.AbsenceDays, boys.PupilDays));

        var byMilieu = Education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Province, Period = AbsencePeriod.Month, Split = AbsenceSplit.Milieu,
            From = new DateOnly(2024, 10, 1), To = new DateOnly(2024, 10, 31) }, AreaScope.National);
        Assert.Equal(1 / 23.0, byMilieu.Single(r => r.Key == "MA-AZI" && r.Group == "urban").AbsenceRate, 12); // J3 lives in town

        var commune = Education.Absenteeism(new AbsenteeismQuery { Level = AreaLevel.Commune, Period = AbsencePeriod.Month }, AreaScope.National);
        Assert.Equal("Commune rurale A", commune.First(r => r.Key == "MA-AZI-R01").Name);
    }

    [Fact]
    public void A_scope_keeps_the_rows_within_it()
    {
        LoadSmall();
        var q = new AbsenteeismQuery { Level = AreaLevel.School, Period = AbsencePeriod.Month };
        Assert.Equal(["S-AZI-1", "S-CAS-1"], Education.Absenteeism(q, AreaScope.National).Select(r => r.Key).Distinct());
        Assert.Equal(["S-CAS-1"], Education.Absenteeism(q, new AreaScope("province", "MA-CAS")).Select(r => r.Key).Distinct());
        Assert.Equal(["S-AZI-1"], Education.Absenteeism(q, new AreaScope("region", "MA-05")).Select(r => r.Key).Distinct());
        Assert.Empty(Education.Absenteeism(q, new AreaScope("self", "x")));
        Assert.Empty(Education.Absenteeism(q with { Province = "MA-CAS" }, new AreaScope("province", "MA-AZI")));
    }

    [Fact]
    public void An_area_named_outside_the_callers_region_or_province_is_outside_their_scope()
    {
        LoadSmall();
        var q = new AbsenteeismQuery { Level = AreaLevel.School };
        bool Within(AbsenteeismQuery query, string kind, string? value) => NationalEndpoints.AreaWithin(query, new AreaScope(kind, value), Education.SchoolArea);
        Assert.True(Within(q with { Region = "MA-06", Province = "MA-CAS", School = "S-CAS-1" }, "national", null));
        // An AREF (region MA-05): its region, its provinces and its schools; nothing of MA-06.
        Assert.True(Within(q, "region", "MA-05"));
        Assert.True(Within(q with { Region = "MA-05", Province = "MA-AZI", School = "S-AZI-1" }, "region", "MA-05"));
        Assert.False(Within(q with { Region = "MA-06" }, "region", "MA-05"));
        Assert.False(Within(q with { Province = "MA-CAS" }, "region", "MA-05"));
        Assert.False(Within(q with { School = "S-CAS-1" }, "region", "MA-05"));
        Assert.False(Within(q with { School = "S-UNKNOWN" }, "region", "MA-05"));
        // A province officer (MA-CAS): its province, its schools, its region named as a filter; not a neighbour of the region.
        Assert.True(Within(q with { Province = "MA-CAS", School = "S-CAS-1" }, "province", "MA-CAS"));
        Assert.True(Within(q with { Region = "MA-06" }, "province", "MA-CAS"));
        Assert.False(Within(q with { Province = "MA-MOH" }, "province", "MA-CAS"));
        Assert.False(Within(q with { School = "S-AZI-1" }, "province", "MA-CAS"));
        Assert.False(Within(q with { Region = "MA-05" }, "province", "MA-CAS"));
        // Any other scope reads nothing.
        Assert.False(Within(q, "self", "x"));
        Assert.False(Within(q, "region", null));
    }

    /// <summary>30 schools in 30 provinces, 10 weeks of independent daily absences at 5 %; optionally one school at 12 % in the last week.</summary>
    private void LoadNoise(int? spikeSchool)
    {
        var provinces = EducationAreas.Provinces.Keys.Order(StringComparer.Ordinal).Take(30).ToList();
        var rng = new Random(20240916);
        var days = Weekdays(2024).Where(d => d.Day < new DateOnly(2024, 11, 16)).Select(d => d.Day).ToList();
        var lastWeek = NationalAbsenteeism.Start(days[^1], AbsencePeriod.Week);
        using var load = Education.BeginBulkLoad(synthetic: true);
        load.AddSchools(provinces.Select((p, i) => new SchoolRow($"S{i:D2}", $"École {i}", EducationAreas.Provinces[p].Region, p, $"{p}-R01", "C", "rural", "primary", true)));
        load.AddSchoolDays(2024, days.Select(d => new SchoolDayRow(d, 1)));
        var w = load.CreateWriter();
        for (var i = 0; i < provinces.Count; i++)
        {
            var pupils = Enumerable.Range(0, 200).Select(k => new PupilYearRow
            {
                PupilId = $"N{i:D2}{k:D4}", Year = 2024, SchoolCode = $"S{i:D2}", Sex = k % 2 == 0 ? "F" : "M", BirthDate = new DateOnly(2015, 1, 1),
                Grade = "4AP", Cycle = "primary", Milieu = "rural",
            }).ToList();
            var absences = new List<AbsenceEntry>();
            for (var k = 0; k < pupils.Count; k++)
                foreach (var d in days)
                    if (rng.NextDouble() < (i == spikeSchool && d >= lastWeek ? 0.12 : 0.05)) absences.Add(new AbsenceEntry(k, d, "NJ"));
            w.Write(new NationalBatch($"S{i:D2}", pupils, absences, []));
        }
        load.Commit();
    }

    [Fact]
    public void An_injected_spike_is_flagged_and_nothing_else()
    {
        LoadNoise(spikeSchool: 7);
        var report = Education.HotSpots(new AbsenteeismQuery { Level = AreaLevel.School, Period = AbsencePeriod.Week }, AreaScope.National);
        Assert.Equal(30, report.Areas.Count);
        Assert.Equal("2024-W46", report.Period);
        Assert.Contains("z-test", report.Test, StringComparison.Ordinal);
        Assert.Contains("Benjamini-Hochberg", report.Test, StringComparison.Ordinal);
        var hot = Assert.Single(report.Areas, a => a.Hot);
        Assert.Equal("S07", hot.Row.Key);
        Assert.True(hot.QValue < 0.001, $"q {hot.QValue}");
        Assert.Equal(4, hot.BaselinePeriods);
    }

    [Fact]
    public void Noise_alone_is_not_flagged()
    {
        LoadNoise(spikeSchool: null);
        var report = Education.HotSpots(new AbsenteeismQuery { Level = AreaLevel.School, Period = AbsencePeriod.Week }, AreaScope.National);
        Assert.Equal(30, report.Areas.Count);
        Assert.DoesNotContain(report.Areas, a => a.Hot);
        Assert.InRange(report.Dispersion, 1.0, 1.5); // independent days: no overdispersion to speak of
        // and the p-values of 30 null tests look uniform enough: none below 0.05 / 30 (Bonferroni) either
        Assert.All(report.Areas, a => Assert.True(a.PValue > 0.05 / 30, $"{a.Row.Key} p {a.PValue}"));
    }

    [Fact]
    public void The_normal_tail_is_right()
    {
        Assert.Equal(0.5, NationalAbsenteeism.UpperTail(0), 7);
        Assert.Equal(0.05, NationalAbsenteeism.UpperTail(1.6448536269514722), 6);
        Assert.Equal(0.975, NationalAbsenteeism.UpperTail(-1.959963984540054), 6);
        Assert.Equal(2.866515718791939e-7, NationalAbsenteeism.UpperTail(5), 9);
    }
}
