using Basira.Synth.Geography;
using Basira.Synth.National;

namespace Basira.Synth.Tests.National;

/// <summary>The national SYNTHETIC population against FIGURES.md, its determinism, its calendar and its absences.</summary>
public sealed class NationalGeneratorTests
{
    private const long N = 100_000;

    /// <summary>One generation shared by the figure tests (records only, no events: the fast path).</summary>
    private static readonly Lazy<(NationalGenerator Generator, List<PupilRecord> Current, List<PupilRecord> Previous)> Population = new(() =>
    {
        var g = new NationalGenerator(new NationalOptions { Pupils = N, AbsenceEvents = false, Marks = false });
        var current = new List<PupilRecord>();
        var previous = new List<PupilRecord>();
        foreach (var b in g.Stream())
        {
            current.AddRange(b.CurrentYear);
            previous.AddRange(b.PreviousYear);
        }
        return (g, current, previous);
    });

    private static void Near(double expected, double actual, string what, double relative = 0.05) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: {actual:G6} is not within {relative:P0} of {expected:G6}");

    [Fact]
    public void Every_summary_figure_is_within_5_percent_of_the_published_aggregates_at_100000_pupils()
    {
        var (g, pupils, _) = Population.Value;
        var scale = NationalFigures.Scale(N);

        Assert.Equal(N, pupils.Count);
        Assert.Equal(N, g.CurrentPupils);
        Near(NationalFigures.Schools * scale, g.Schools.Count, "schools");
        Near(NationalFigures.RuralSchoolShare, g.Schools.Count(s => s.Milieu == Milieu.Rural) / (double)g.Schools.Count, "rural school share");
        Near(NationalFigures.GirlsShare, pupils.Count(p => p.Sex == 'F') / (double)N, "girls' share");
        Near(NationalFigures.RuralPupilShare, pupils.Count(p => p.Milieu == Milieu.Rural) / (double)N, "rural pupil share");
        Near(NationalFigures.Dropouts * scale, pupils.Count(p => p.DroppedOut), "dropouts");
        foreach (var cycle in Enum.GetValues<Cycle>())
        {
            var inCycle = pupils.Where(p => p.Cycle == cycle).ToList();
            Near(NationalFigures.PupilsByCycle[cycle] * scale, inCycle.Count, $"{cycle} pupils");
            Near(NationalFigures.DropoutRateByCycle[cycle], inCycle.Count(p => p.DroppedOut) / (double)inCycle.Count, $"{cycle} dropout rate");
        }
        foreach (var region in MoroccoGeography.Regions)
            Near(NationalFigures.ExpectedRegionPupils(region.Code, N), pupils.Count(p => p.RegionCode == region.Code), $"{region.Code} pupils");
    }

    [Fact]
    public void Dropouts_per_year_lie_in_the_published_range_when_scaled_to_the_whole_system()
    {
        var (_, pupils, previous) = Population.Value;
        foreach (var cohort in new[] { pupils, previous })
        {
            var national = cohort.Count(p => p.DroppedOut) / NationalFigures.Scale(N);
            Assert.InRange(national, 280_000, 335_000);
        }
    }

    [Fact]
    public void Regions_order_as_the_CSEFRS_atlas_says()
    {
        var (_, pupils, _) = Population.Value;
        var rates = pupils.GroupBy(p => p.RegionCode)
            .Select(grp => (Region: grp.Key, Rate: grp.Count(p => p.DroppedOut) / (double)grp.Count()))
            .OrderByDescending(r => r.Rate)
            .Select(r => r.Region)
            .ToList();
        Assert.Equal(NationalFigures.HighestDropoutRegions.Order(), rates.Take(3).Order());
        Assert.Equal(NationalFigures.SouthernRegions.Order(), rates.TakeLast(3).Order());
    }

    [Fact]
    public void Rural_pupils_leave_more_in_every_cycle_and_rural_girls_most_at_college()
    {
        var (_, pupils, _) = Population.Value;
        double Rate(Func<PupilRecord, bool> f) { var g = pupils.Where(f).ToList(); return g.Count(p => p.DroppedOut) / (double)g.Count; }
        foreach (var cycle in Enum.GetValues<Cycle>())
            Assert.True(Rate(p => p.Cycle == cycle && p.Milieu == Milieu.Rural) > 1.5 * Rate(p => p.Cycle == cycle && p.Milieu == Milieu.Urban), $"{cycle}: rural not above urban");

        var college = new[] { ('F', Milieu.Rural), ('M', Milieu.Rural), ('F', Milieu.Urban), ('M', Milieu.Urban) }
            .Select(k => (Key: k, Rate: Rate(p => p.Cycle == Cycle.LowerSecondary && p.Sex == k.Item1 && p.Milieu == k.Item2)))
            .OrderByDescending(x => x.Rate)
            .ToList();
        Assert.Equal(('F', Milieu.Rural), college[0].Key);

        // PNCS: girls below the cycle's rate at collège (5.2 % vs 8 %) and lycée (5.5 % vs 7 %).
        foreach (var (cycle, girls) in NationalFigures.GirlsDropoutRateByCycle)
        {
            var rate = Rate(p => p.Cycle == cycle && p.Sex == 'F');
            Assert.True(rate < NationalFigures.DropoutRateByCycle[cycle], $"{cycle}: girls {rate:P1}");
            Near(girls, rate, $"{cycle} girls' dropout rate", relative: 0.35);
        }
    }

    [Fact]
    public void The_outcome_follows_the_documented_causal_model()
    {
        var (_, pupils, previous) = Population.Value;
        foreach (var p in pupils.Take(2000).Concat(previous.Take(2000)))
        {
            Assert.Equal(DropoutCausalModel.Probability(p), p.DropoutProbability, 12);
            Assert.Equal(DropoutCausalModel.Logit(p), DropoutCausalModel.Contributions(p).Sum(), 9);
        }

        // Systematic sampling keeps each school's dropouts at its expected count to within one.
        foreach (var school in pupils.GroupBy(p => p.SchoolIndex).Take(200))
            Assert.InRange(school.Count(p => p.DroppedOut) - school.Sum(p => p.DropoutProbability), -1.0, 1.0);

        // Calibration by decile of the true probability: observed rate within a few points of the mean probability.
        foreach (var decile in pupils.OrderBy(p => p.DropoutProbability).Chunk(pupils.Count / 10))
            Assert.InRange(decile.Count(p => p.DroppedOut) / (double)decile.Length - decile.Average(p => p.DropoutProbability), -0.01, 0.01);
    }

    [Fact]
    public void The_true_drivers_are_exposed_with_their_importance()
    {
        var (_, pupils, _) = Population.Value;
        var importance = DropoutCausalModel.Importance(pupils);
        Assert.Equal(DropoutCausalModel.CauseNames.Order(), importance.Select(i => i.Cause).Order());
        var top = importance.Take(6).Select(i => i.Cause).ToList();
        Assert.Contains("absence_rate", top);
        Assert.Contains("low_marks", top);
        Assert.Contains("social_support", top);
        Assert.All(DropoutCausalModel.Drivers, d => Assert.NotEmpty(d.Features));
        Assert.True(importance.Zip(importance.Skip(1)).All(p => p.First.MeanAbsolute >= p.Second.MeanAbsolute));
    }

    [Fact]
    public void A_school_is_the_same_whatever_the_order_or_the_number_of_threads()
    {
        var options = new NationalOptions { Pupils = 20_000, Seed = 7 };
        var a = new NationalGenerator(options);
        var b = new NationalGenerator(options with { MaxDegreeOfParallelism = 1 });
        var streamed = b.Stream().ToList();
        foreach (var i in new[] { 17, 3, a.Schools.Count - 1, 0 })
        {
            var x = a.Generate(i);
            var y = streamed[i];
            Assert.Equal(x.School, y.School);
            Assert.Equal(x.CurrentYear, y.CurrentYear);
            Assert.Equal(x.PreviousYear, y.PreviousYear);
            Assert.Equal(x.Absences, y.Absences);
            Assert.Equal(x.Marks, y.Marks);
        }
        Assert.Equal(a.Schools, b.Schools);

        var other = new NationalGenerator(options with { Seed = 8 });
        Assert.NotEqual(a.Generate(5).CurrentYear.Select(p => p.BirthDate), other.Generate(5).CurrentYear.Select(p => p.BirthDate));
    }

    [Fact]
    public void Pupils_who_stay_keep_their_number_and_move_up_a_grade_or_repeat()
    {
        var g = new NationalGenerator(new NationalOptions { Pupils = 20_000, AbsenceEvents = false, Marks = false });
        var b = g.Generate(10);
        var before = b.PreviousYear.ToDictionary(p => p.PupilId);
        var stayed = b.CurrentYear.Where(p => before.ContainsKey(p.PupilId)).ToList();
        Assert.NotEmpty(stayed);
        foreach (var p in stayed)
        {
            var last = before[p.PupilId];
            Assert.NotEqual(YearOutcome.Dropped, last.Outcome);
            Assert.Equal(last.BirthDate, p.BirthDate);
            var grades = p.Cycle.Grades().ToList();
            if (last.Outcome == YearOutcome.Repeated) Assert.Equal(last.Grade, p.Grade);
            else Assert.Equal(grades.IndexOf(last.Grade) + 1, grades.IndexOf(p.Grade));
        }
        Assert.Equal(b.School.Pupils, b.CurrentYear.Count);
        Assert.Equal(b.CurrentYear.Count, b.CurrentYear.Select(p => p.PupilId).Distinct().Count());
        Assert.All(b.CurrentYear, p => Assert.StartsWith("SYN", p.PupilCode, StringComparison.Ordinal));
    }

    [Fact]
    public void Absence_events_are_teaching_days_and_add_up_to_each_pupils_total()
    {
        var g = new NationalGenerator(new NationalOptions { Pupils = 20_000 });
        foreach (var i in new[] { 0, g.Schools.Count / 2, g.Schools.Count - 1 })
        {
            var b = g.Generate(i);
            Assert.All(b.Absences, e => Assert.True(g.Calendar.IsSchoolDay(e.Date)));
            var byPupil = b.Absences.GroupBy(e => e.PupilId).ToDictionary(x => x.Key, x => x.ToList());
            foreach (var p in b.CurrentYear)
            {
                var events = byPupil.GetValueOrDefault(p.PupilId) ?? [];
                Assert.Equal(p.AbsenceDays, events.Count);
                Assert.Equal(events.Count, events.Select(e => e.Date).Distinct().Count());
                Assert.Equal(p.JustifiedAbsenceDays, events.Count(e => e.Reason.IsJustified()));
                Assert.Equal(p.AbsenceDaysTerm1, events.Count(e => g.Calendar.IndexOf(e.Date) < g.Calendar.Term2StartIndex));
            }
            Assert.Equal(b.CurrentYear.Count * 6, b.Marks.Count);
            Assert.All(b.Marks, m => Assert.InRange(m.Mark, 0, 20));
        }
    }

    [Fact]
    public void Absences_follow_harvests_mountain_winters_and_ramadan()
    {
        var g = new NationalGenerator(new NationalOptions { Pupils = 60_000, Marks = false });
        var cal = g.Calendar;
        var pupilDays = new Dictionary<string, double>();
        var absences = new Dictionary<string, double>();
        void Count(string key, double days, double absent)
        {
            pupilDays[key] = pupilDays.GetValueOrDefault(key) + days;
            absences[key] = absences.GetValueOrDefault(key) + absent;
        }
        bool Winter(DateOnly d) => d.Month is 12 or 1 or 2;
        bool Olive(DateOnly d) => d.Month == 11 || (d.Month == 12 && d.Day <= 20);
        bool Ramadan(DateOnly d) => d >= cal.RamadanStart && d <= cal.RamadanEnd;
        var winterDays = cal.SchoolDays.Count(Winter);
        var oliveDays = cal.SchoolDays.Count(Olive);
        var ramadanDays = cal.SchoolDays.Count(Ramadan);
        var octoberDays = cal.SchoolDays.Count(d => d.Month == 10);
        foreach (var b in g.Stream())
        {
            var s = b.School;
            var n = b.CurrentYear.Count;
            var mountainRural = s.Mountain && s.Milieu == Milieu.Rural ? "mountain-rural" : "lowland";
            Count($"weather-winter-{mountainRural}", n * winterDays, b.Absences.Count(e => e.Reason == AbsenceReason.WeatherOrTransport && Winter(e.Date)));
            Count($"weather-other-{mountainRural}", n * (cal.SchoolDays.Count - winterDays), b.Absences.Count(e => e.Reason == AbsenceReason.WeatherOrTransport && !Winter(e.Date)));
            if (s.Milieu == Milieu.Rural && NationalFigures.OliveRegions.Contains(s.RegionCode) && !NationalFigures.DateProvinces.Contains(s.ProvinceCode))
            {
                Count("farm-olive", n * oliveDays, b.Absences.Count(e => e.Reason == AbsenceReason.FarmWork && Olive(e.Date)));
                Count("farm-october", n * octoberDays, b.Absences.Count(e => e.Reason == AbsenceReason.FarmWork && e.Date.Month == 10));
            }
            var urbanPupils = b.CurrentYear.Where(p => p.Milieu == Milieu.Urban).Select(p => p.PupilId).ToHashSet();
            Count("urban-farm", urbanPupils.Count * cal.SchoolDays.Count, b.Absences.Count(e => e.Reason == AbsenceReason.FarmWork && urbanPupils.Contains(e.PupilId)));
            Count("unjustified-ramadan", n * ramadanDays, b.Absences.Count(e => e.Reason == AbsenceReason.Unjustified && Ramadan(e.Date)));
            Count("unjustified-october", n * octoberDays, b.Absences.Count(e => e.Reason == AbsenceReason.Unjustified && e.Date.Month == 10));
            Count("all", n * cal.SchoolDays.Count, b.Absences.Count);
        }
        double Rate(string k) => absences[k] / pupilDays[k];

        Assert.True(Rate("weather-winter-mountain-rural") > 5 * Rate("weather-other-mountain-rural"));
        Assert.True(Rate("weather-winter-mountain-rural") > 3 * Rate("weather-winter-lowland"));
        Assert.True(Rate("farm-olive") > 5 * Rate("farm-october"));
        Assert.Equal(0, absences["urban-farm"]);
        Assert.True(Rate("unjustified-ramadan") > 1.4 * Rate("unjustified-october"));
        Assert.InRange(Rate("all"), 0.03, 0.09);
    }

    [Fact]
    public void The_calendar_has_teaching_days_only_and_two_terms()
    {
        var cal = SchoolCalendar.For(2024);
        Assert.Equal(new DateOnly(2025, 3, 2), cal.RamadanStart);
        Assert.InRange(cal.SchoolDays.Count, 160, 180);
        Assert.All(cal.SchoolDays, d => Assert.False(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
        Assert.DoesNotContain(new DateOnly(2024, 11, 18), cal.SchoolDays);
        Assert.DoesNotContain(new DateOnly(2025, 1, 14), cal.SchoolDays);
        Assert.True(cal.SchoolDays[cal.Term2StartIndex] > new DateOnly(2025, 1, 27));
        Assert.True(cal.SchoolDays[cal.Term2StartIndex - 1] < new DateOnly(2025, 1, 27));
        Assert.Equal(1, cal.TermOf(0));
        Assert.Equal(2, cal.TermOf(cal.SchoolDays.Count - 1));
        Assert.InRange(SchoolCalendar.For(2023).RamadanStart.DayNumber - new DateOnly(2024, 3, 11).DayNumber, -2, 2);
    }

    [Fact]
    public void Small_populations_still_have_a_school_for_every_pupil()
    {
        var g = new NationalGenerator(new NationalOptions { Pupils = 400, AbsenceEvents = false });
        Assert.Equal(400, g.CurrentPupils);
        Assert.All(g.Schools, s => Assert.True(s.Pupils > 0));
        Assert.Equal(g.Schools.Count, g.Schools.Select(s => s.Id).Distinct().Count());
        Assert.All(g.Schools, s => Assert.Contains(g.Communes, c => c.Code == s.CommuneCode && c.ProvinceCode == s.ProvinceCode));
        Assert.Throws<ArgumentException>(() => new NationalGenerator(new NationalOptions { Pupils = 10 }));
    }
}
