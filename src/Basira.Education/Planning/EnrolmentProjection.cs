namespace Basira.Education.Planning;

/// <summary>
/// The grade-transition (cohort-flow) projection of ../shared/datasets/education-planning/METHOD.md, in exact decimal
/// arithmetic, per unit and cycle:
/// <code>
/// E[1,t+1] = entrants[t+1] + r[1,t]·E[1,t]            E[g,t+1] = p[g−1,t]·E[g−1,t] + r[g,t]·E[g,t]
/// completers = p[G,t]·E[G,t]      dropouts[g] = (1 − p[g,t] − r[g,t])·E[g,t]
/// classes[g] = ⌈E[g]/CS*⌉         rooms = ⌈Σ classes·(1 − s/2)⌉
/// teachers = ⌈E/PTR⌉ | ⌈classes·k⌉ | ⌈Σ classes[g]·H[g]/(L·u)⌉
/// recruitment[t] = ⌈max(0, TR[t] − TR[t−1]) + a·TR[t−1]⌉     build[t] = ⌈max(0, rooms[t] − usable[t−1]·(1 − δ))⌉
/// </code>
/// Rates of year t drive the flow from t to t + 1; norms of year t apply to year t's pupils.
/// </summary>
public static class EnrolmentProjection
{
    /// <summary>Name of the scenario as given, beside its variants.</summary>
    public const string Baseline = "baseline";

    /// <summary>The baseline and then each variant of <paramref name="scenario"/>, in order.</summary>
    public static IReadOnlyList<ScenarioProjection> ProjectAll(PlanningScenario scenario, int? deficitYear = null) =>
        [Project(scenario, null, deficitYear), .. scenario.Variants.Select(v => Project(scenario, v, deficitYear))];

    /// <summary>Projects the scenario (or one of its variants) to its end year.</summary>
    /// <param name="deficitYear">Year of the deficit summary (default: the end year).</param>
    public static ScenarioProjection Project(PlanningScenario scenario, ScenarioVariant? variant = null, int? deficitYear = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var s = variant is null ? scenario : ScenarioVariants.Apply(scenario, variant);
        var year = deficitYear ?? s.EndYear;
        if (year <= s.BaseYear || year > s.EndYear)
            throw new ArgumentOutOfRangeException(nameof(deficitYear), $"the deficit year must be in {s.BaseYear + 1}..{s.EndYear}");
        var residual = 0m;
        var units = new List<UnitProjection>(s.Units.Count);
        foreach (var unit in s.Units)
        {
            var done = new Dictionary<string, CycleProjection>(StringComparer.Ordinal);
            foreach (var cycle in DependencyOrder(unit))
            {
                var (projection, r) = ProjectCycle(s, cycle, done);
                done[cycle.Name] = projection;
                residual = Math.Max(residual, r);
            }
            units.Add(new UnitProjection(unit, [.. unit.Cycles.Select(c => done[c.Name])]));
        }
        var names = CycleNames(s);
        var baseTotals = new YearTotals(s.BaseYear, [.. names.Select(n => Sum(n, s.BaseYear, units.SelectMany(u => u.Cycles).Where(c => c.Name == n).Select(c => c.Base)))]);
        var years = Enumerable.Range(1, s.Years).Select(k => new YearTotals(s.BaseYear + k,
            [.. names.Select(n => Sum(n, s.BaseYear + k, units.SelectMany(u => u.Cycles).Where(c => c.Name == n).Select(c => c.Years[k - 1])))])).ToList();
        return new ScenarioProjection(s.Name, variant?.Name ?? Baseline, variant?.Label, s.BaseYear, s.EndYear, units, baseTotals, years,
            Deficits(units, s.BaseYear, year), residual);
    }

    /// <summary>Cycle names in order of first appearance across units.</summary>
    public static IReadOnlyList<string> CycleNames(PlanningScenario s) =>
        [.. s.Units.SelectMany(u => u.Cycles).Select(c => c.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>A unit's cycles with every transition source before the cycle it feeds (the reader refuses loops).</summary>
    internal static IReadOnlyList<CycleInput> DependencyOrder(PlanningUnit unit)
    {
        var order = new List<CycleInput>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var byName = unit.Cycles.ToDictionary(c => c.Name, StringComparer.Ordinal);
        void Visit(CycleInput c)
        {
            if (state.TryGetValue(c.Name, out var st))
            {
                if (st == 1) throw new InvalidOperationException($"unit {unit.Code}: the transitions between cycles form a loop through '{c.Name}'");
                return;
            }
            state[c.Name] = 1;
            if (c.Intake is TransitionIntake t)
            {
                if (!byName.TryGetValue(t.From, out var from)) throw new InvalidOperationException($"unit {unit.Code}: cycle '{c.Name}' takes its entrants from unknown cycle '{t.From}'");
                Visit(from);
            }
            state[c.Name] = 2;
            order.Add(c);
        }
        foreach (var c in unit.Cycles) Visit(c);
        return order;
    }

    private static (CycleProjection Projection, decimal Residual) ProjectCycle(PlanningScenario s, CycleInput c, IReadOnlyDictionary<string, CycleProjection> done)
    {
        var g = c.Grades;
        var t0 = s.BaseYear;
        var e = c.Enrolment.ToArray();
        var classes0 = Classes(e, c, t0);
        var need0 = TeacherNeed(e, classes0, c, t0);
        var rooms0 = Rooms(classes0, c, t0);
        var teacherStock = c.TeacherStock ?? need0;
        var roomStock = c.ClassroomStock ?? rooms0;
        var baseYear = new CycleYear(c.Name, t0, e, e.Sum(), null, null, null, need0, classes0, rooms0, null, null,
            teacherStock, Gap(need0, teacherStock), roomStock, Gap(rooms0, roomStock));

        var years = new List<CycleYear>(s.Years);
        var residual = 0m;
        var usable = roomStock;
        var teachersNoAction = teacherStock;
        var roomsNoAction = roomStock;
        var previousNeed = need0;
        for (var k = 1; k <= s.Years; k++)
        {
            var t = t0 + k - 1;
            var y = t0 + k;
            var rates = c.Rates.At(t);
            var entrants = Entrants(c, k, t, done);
            var next = new decimal[g];
            var dropouts = new decimal[g];
            for (var i = 0; i < g; i++)
            {
                next[i] = (i == 0 ? entrants : rates.Promotion[i - 1] * e[i - 1]) + (rates.Repetition[i] * e[i]);
                dropouts[i] = rates.Dropout(i) * e[i];
            }
            var completers = rates.Promotion[g - 1] * e[g - 1];
            var total = next.Sum();
            residual = Math.Max(residual, Math.Abs(e.Sum() + entrants - completers - dropouts.Sum() - total));

            var classes = Classes(next, c, y);
            var need = TeacherNeed(next, classes, c, y);
            var rooms = Rooms(classes, c, y);
            var recruitment = (int)Math.Ceiling(Math.Max(0, need - previousNeed) + (c.Attrition * previousNeed));
            var build = (int)Math.Ceiling(Math.Max(0m, rooms - (usable * (1 - c.Obsolescence))));
            usable = (usable * (1 - c.Obsolescence)) + build;
            teachersNoAction = (teachersNoAction * (1 - c.Attrition)) + c.TeacherSupply;
            roomsNoAction *= 1 - c.Obsolescence;
            years.Add(new CycleYear(c.Name, y, next, total, entrants, completers, dropouts, need, classes, rooms, recruitment, build,
                teachersNoAction, Gap(need, teachersNoAction), roomsNoAction, Gap(rooms, roomsNoAction)));
            previousNeed = need;
            e = next;
        }
        return (new CycleProjection(c.Name, baseYear, years), residual);
    }

    private static decimal Entrants(CycleInput c, int k, int t, IReadOnlyDictionary<string, CycleProjection> done)
    {
        switch (c.Intake)
        {
            case EntrantsPerYear list:
                return list.PerYear[k - 1];
            case EntrantsGrowth growth:
                var v = growth.First;
                for (var i = 1; i < k; i++) v *= 1 + growth.Growth;
                return v;
            case TransitionIntake tr:
                var from = done[tr.From];
                var source = k == 1 ? from.Base : from.Years[k - 2];
                return (tr.Rate.At(t) * source.Enrolment[^1]) + tr.OtherEntrants;
            default:
                throw new InvalidOperationException($"unknown intake {c.Intake.GetType().Name}");
        }
    }

    /// <summary>⌈E[g]/CS*⌉ per grade; with schools, at least ⌈n·m⌉ classes (never more than pupils) where a grade has pupils.</summary>
    internal static int[] Classes(IReadOnlyList<decimal> enrolment, CycleInput c, int year)
    {
        var size = c.MaxClassSize.At(year);
        var schools = c.Schools?.At(year);
        var classes = new int[enrolment.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            var n = Math.Ceiling(enrolment[i] / size);
            if (schools is { } sc && enrolment[i] > 0)
                n = Math.Max(n, Math.Min(Math.Ceiling(sc * c.MinClassesPerSchool), Math.Ceiling(enrolment[i])));
            classes[i] = (int)n;
        }
        return classes;
    }

    internal static int TeacherNeed(IReadOnlyList<decimal> enrolment, IReadOnlyList<int> classes, CycleInput c, int year) => c.Teachers switch
    {
        PupilTeacherRatio ptr => (int)Math.Ceiling(enrolment.Sum() / ptr.Ptr.At(year)),
        TeachersPerClass pc => (int)Math.Ceiling(classes.Sum() * pc.PerClass),
        WeeklyHours h => (int)Math.Ceiling(classes.Select((n, i) => n * h.HoursPerGrade[i]).Sum() / (h.Load * h.Utilisation)),
        _ => throw new InvalidOperationException($"unknown teacher norm {c.Teachers.GetType().Name}"),
    };

    internal static int Rooms(IReadOnlyList<int> classes, CycleInput c, int year) =>
        (int)Math.Ceiling(classes.Sum() * (1 - (c.DoubleShift.At(year) / 2)));

    private static int Gap(int need, decimal stock) => (int)Math.Ceiling(Math.Max(0m, need - stock));

    private static CycleYear Sum(string name, int year, IEnumerable<CycleYear> items)
    {
        var list = items.ToList();
        var grades = list[0].Enrolment.Count;
        decimal[] SumArray(Func<CycleYear, IReadOnlyList<decimal>?> f) =>
            [.. Enumerable.Range(0, grades).Select(i => list.Sum(x => f(x)?[i] ?? 0m))];
        var flows = list[0].NewEntrants is not null;
        return new CycleYear(name, year,
            SumArray(x => x.Enrolment),
            list.Sum(x => x.Total),
            flows ? list.Sum(x => x.NewEntrants ?? 0) : null,
            flows ? list.Sum(x => x.Completers ?? 0) : null,
            flows ? SumArray(x => x.Dropouts) : null,
            list.Sum(x => x.Teachers),
            [.. Enumerable.Range(0, grades).Select(i => list.Sum(x => x.Classes[i]))],
            list.Sum(x => x.Classrooms),
            flows ? list.Sum(x => x.Recruitment ?? 0) : null,
            flows ? list.Sum(x => x.ClassroomsToBuild ?? 0) : null,
            list.Sum(x => x.TeacherStock),
            list.Sum(x => x.TeacherGap),
            list.Sum(x => x.ClassroomStock),
            list.Sum(x => x.ClassroomGap));
    }

    private static DeficitSummary Deficits(IReadOnlyList<UnitProjection> units, int baseYear, int year)
    {
        var k = year - baseYear;
        var rows = new List<UnitDeficit>();
        foreach (var u in units)
            foreach (var c in u.Cycles)
            {
                var at = c.Years[k - 1];
                var upTo = c.Years.Take(k).ToList();
                rows.Add(new UnitDeficit(u.Unit.Code, u.Unit.Province, u.Unit.Region, u.Unit.Area, c.Name, at.Total,
                    at.Teachers, at.TeacherStock, at.TeacherGap, c.Base.TeacherGap + upTo.Sum(x => x.Recruitment ?? 0),
                    at.Classrooms, at.ClassroomStock, at.ClassroomGap, upTo.Sum(x => x.ClassroomsToBuild ?? 0)));
            }
        var byCycle = rows.GroupBy(r => r.Cycle, StringComparer.Ordinal).Select(gr => Totals(gr.Key, gr)).ToList();
        var byProvince = rows.GroupBy(r => r.Province ?? r.Unit, StringComparer.Ordinal)
            .Select(gr => Totals(gr.Key, gr)).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        return new DeficitSummary(year, rows, byCycle, byProvince, Totals("all", rows));
    }

    /// <summary>
    /// Local sums of the rows' own gaps and, for comparison, the pooled ("net") gap per cycle: needs and stocks of
    /// different cycles are never pooled (a primary teacher does not teach in a lycée), so the net figure of a group is
    /// the sum over its cycles of max(0, Σ need − Σ stock).
    /// </summary>
    public static GapTotals Totals(string key, IEnumerable<UnitDeficit> rows)
    {
        var list = rows.ToList();
        var byCycle = list.GroupBy(r => r.Cycle, StringComparer.Ordinal).ToList();
        return new GapTotals(key,
            list.Sum(r => r.Pupils),
            list.Sum(r => r.TeachersNeeded),
            list.Sum(r => r.TeacherStock),
            list.Sum(r => r.TeacherGap),
            byCycle.Sum(gr => Gap(gr.Sum(r => r.TeachersNeeded), gr.Sum(r => r.TeacherStock))),
            list.Sum(r => r.TeachersToRecruit),
            list.Sum(r => r.ClassroomsNeeded),
            list.Sum(r => r.ClassroomStock),
            list.Sum(r => r.ClassroomGap),
            byCycle.Sum(gr => Gap(gr.Sum(r => r.ClassroomsNeeded), gr.Sum(r => r.ClassroomStock))),
            list.Sum(r => r.ClassroomsToBuild));
    }
}
