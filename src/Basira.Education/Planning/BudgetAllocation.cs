using System.Diagnostics;
using Google.OrTools.LinearSolver;

namespace Basira.Education.Planning;

/// <summary>
/// One place where classrooms can be built and teachers posted: a unit's cycle in the allocation year, with what it
/// needs under the norms and what it has with no further action.
/// </summary>
public sealed record AllocationSite(
    string Unit,
    string? Province,
    string? Region,
    string? Area,
    string Cycle,
    decimal Pupils,
    int ClassroomsNeeded,
    decimal Classrooms,
    int TeachersNeeded,
    decimal Teachers,
    decimal ClassroomCost,
    decimal TeacherCost)
{
    /// <summary>Pupils a classroom serves at the norm (pupils / classrooms needed).</summary>
    public double PupilsPerRoom => ClassroomsNeeded == 0 ? 0 : (double)Pupils / ClassroomsNeeded;

    /// <summary>Pupils a teacher serves at the norm (pupils / teachers needed).</summary>
    public double PupilsPerTeacher => TeachersNeeded == 0 ? 0 : (double)Pupils / TeachersNeeded;

    /// <summary>Classrooms beyond which another one serves nobody: ⌈needed − available⌉.</summary>
    public int UsefulClassrooms => (int)Math.Ceiling(Math.Max(0m, ClassroomsNeeded - Classrooms));

    public int UsefulTeachers => (int)Math.Ceiling(Math.Max(0m, TeachersNeeded - Teachers));
}

/// <summary>The allocation problem: sites, budget, caps (docs/education-planning.md, "Allocation under a budget").</summary>
public sealed record AllocationProblem(
    IReadOnlyList<AllocationSite> Sites,
    decimal Budget,
    decimal HardClassSizeFactor,
    decimal UnmetWeight,
    decimal? MaxClassroomsPerUnit,
    decimal? MaxTeachersPerUnit,
    decimal? MaxTeachersTotal,
    IReadOnlyDictionary<string, UnitCaps> UnitCaps,
    int Year,
    decimal? MaxClassroomsPerProvince = null,
    decimal? MaxTeachersPerProvince = null)
{
    /// <summary>
    /// The capped groups of sites: each unit (its cycles together) and each province (its units together), with the caps
    /// that apply — <see cref="UnitCaps"/> by unit or province code, else the per-unit or per-province default.
    /// </summary>
    public IReadOnlyList<CapGroup> CapGroups()
    {
        var groups = new List<CapGroup>();
        var units = Sites.Select(s => s.Unit).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var caps = UnitCaps.GetValueOrDefault(unit);
            var rooms = caps?.MaxClassrooms ?? MaxClassroomsPerUnit;
            var teachers = caps?.MaxTeachers ?? MaxTeachersPerUnit;
            if (rooms is not null || teachers is not null)
                groups.Add(new CapGroup(unit, [.. Sites.Select((s, i) => (s, i)).Where(x => x.s.Unit == unit).Select(x => x.i)], rooms, teachers));
        }
        foreach (var province in Sites.Select(s => s.Province).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var caps = units.Contains(province) ? null : UnitCaps.GetValueOrDefault(province);
            var rooms = caps?.MaxClassrooms ?? MaxClassroomsPerProvince;
            var teachers = caps?.MaxTeachers ?? MaxTeachersPerProvince;
            if (rooms is not null || teachers is not null)
                groups.Add(new CapGroup(province, [.. Sites.Select((s, i) => (s, i)).Where(x => x.s.Province == province).Select(x => x.i)], rooms, teachers));
        }
        return groups;
    }
}

/// <summary>Sites whose new classrooms (and new teachers) together may not exceed the caps (null: no cap).</summary>
public sealed record CapGroup(string Key, IReadOnlyList<int> Sites, decimal? MaxClassrooms, decimal? MaxTeachers);

/// <summary>What one site receives and what it changes.</summary>
public sealed record SiteAllocation(
    AllocationSite Site,
    int NewClassrooms,
    int NewTeachers,
    double OvercrowdedBefore,
    double UnplacedBefore,
    double OvercrowdedAfter,
    double UnplacedAfter);

/// <summary>The solved allocation.</summary>
/// <param name="Status">optimal, feasible (time limit reached with a solution), or the solver's status.</param>
/// <param name="Objective">Σ pupils above the norm + weight × Σ pupils without a place, after the allocation.</param>
public sealed record AllocationResult(
    string Status,
    int Year,
    double Objective,
    double ObjectiveBefore,
    double BestBound,
    decimal Budget,
    decimal Spent,
    int NewClassrooms,
    int NewTeachers,
    double OvercrowdedBefore,
    double UnplacedBefore,
    double OvercrowdedAfter,
    double UnplacedAfter,
    IReadOnlyList<SiteAllocation> Sites,
    int Variables,
    int Constraints,
    double Seconds);

/// <summary>
/// Where to build classrooms and post new teachers under a budget, as a mixed-integer programme solved by SCIP through
/// OR-Tools. For each site i (a unit's cycle) with P pupils, R classrooms and N teachers needed at the norms, C classrooms
/// and T teachers available, x new classrooms and y new teachers (integers):
/// <code>
/// served_i   ≤ P,  served_i ≤ (P/R)·(C + x),  served_i ≤ (P/N)·(T + y)            pupils taught at the norms
/// unplaced_i ≥ P − h·(P/R)·(C + x),  unplaced_i ≥ P − h·(P/N)·(T + y),  ≥ 0       beyond h × the norm: no place at all
/// Σ cost_room·x + cost_teacher·y ≤ budget;  Σ_unit (or province) x ≤ cap;  Σ_unit (or province) y ≤ cap;  Σ y ≤ teachers available
/// minimise Σ (P − served) + w · Σ unplaced
/// </code>
/// Deficits stay local: a site's surplus serves no other site's pupils.
/// </summary>
public static class BudgetAllocation
{
    /// <summary>Default hard class-size factor: a class may hold 25 % above the norm before pupils have no place.</summary>
    public const decimal DefaultHardFactor = 1.25m;

    /// <summary>The problem of the allocation year of <paramref name="projection"/> (the scenario's settings, or <paramref name="settings"/>).</summary>
    public static AllocationProblem FromProjection(ScenarioProjection projection, PlanningScenario scenario, AllocationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(settings);
        var year = settings.Year ?? projection.EndYear;
        var k = year - projection.BaseYear;
        if (k < 1 || k > projection.Years.Count) throw new ArgumentOutOfRangeException(nameof(settings), $"the allocation year must be a projected year, {projection.BaseYear + 1} to {projection.EndYear}");
        var inputs = scenario.Units.ToDictionary(u => u.Code, u => u.Cycles.ToDictionary(c => c.Name, StringComparer.Ordinal), StringComparer.Ordinal);
        var sites = new List<AllocationSite>();
        foreach (var u in projection.Units)
            foreach (var c in u.Cycles)
            {
                var at = c.Years[k - 1];
                var input = inputs[u.Unit.Code][c.Name];
                sites.Add(new AllocationSite(u.Unit.Code, u.Unit.Province, u.Unit.Region, u.Unit.Area, c.Name, at.Total,
                    at.Classrooms, at.ClassroomStock, at.Teachers, at.TeacherStock,
                    input.ClassroomCost ?? settings.ClassroomCost, input.TeacherCost ?? settings.TeacherCost));
            }
        return new AllocationProblem(sites, settings.Budget, settings.HardClassSizeFactor ?? DefaultHardFactor, settings.UnmetWeight,
            settings.MaxClassroomsPerUnit, settings.MaxTeachersPerUnit, settings.MaxTeachersTotal, settings.UnitCaps, year,
            settings.MaxClassroomsPerProvince, settings.MaxTeachersPerProvince);
    }

    /// <summary>Pupils above the norms and pupils without a place at a site with <paramref name="x"/> more classrooms and <paramref name="y"/> more teachers.</summary>
    public static (double Overcrowded, double Unplaced) Evaluate(AllocationSite s, int x, int y, double hardFactor)
    {
        ArgumentNullException.ThrowIfNull(s);
        var p = (double)s.Pupils;
        if (p <= 0) return (0, 0);
        var roomSeats = s.PupilsPerRoom * ((double)s.Classrooms + x);
        var teacherSeats = s.PupilsPerTeacher * ((double)s.Teachers + y);
        var served = Math.Min(p, Math.Min(roomSeats, teacherSeats));
        var unplaced = Math.Max(0, Math.Max(p - (hardFactor * roomSeats), p - (hardFactor * teacherSeats)));
        return (p - served, unplaced);
    }

    /// <summary>Objective of a site: pupils above the norms + weight × pupils without a place.</summary>
    public static double Cost(AllocationSite s, int x, int y, double hardFactor, double weight)
    {
        var (over, unplaced) = Evaluate(s, x, y, hardFactor);
        return over + (weight * unplaced);
    }

    /// <summary>Upper bounds of x and y at site <paramref name="index"/>: no more than can serve anyone, and the caps of its unit and province.</summary>
    public static (int MaxClassrooms, int MaxTeachers) Bounds(AllocationProblem problem, int index, IReadOnlyList<CapGroup>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var s = problem.Sites[index];
        var rooms = s.Pupils <= 0 ? 0 : s.UsefulClassrooms;
        var teachers = s.Pupils <= 0 ? 0 : s.UsefulTeachers;
        foreach (var g in (groups ?? problem.CapGroups()).Where(g => g.Sites.Contains(index)))
        {
            if (g.MaxClassrooms is { } rc) rooms = Math.Min(rooms, (int)Math.Floor(rc));
            if (g.MaxTeachers is { } tc) teachers = Math.Min(teachers, (int)Math.Floor(tc));
        }
        if (s.ClassroomCost > 0) rooms = Math.Min(rooms, (int)Math.Floor(problem.Budget / s.ClassroomCost));
        if (s.TeacherCost > 0) teachers = Math.Min(teachers, (int)Math.Floor(problem.Budget / s.TeacherCost));
        return (rooms, teachers);
    }

    /// <summary>Solves the allocation with SCIP (OR-Tools linear solver).</summary>
    /// <param name="timeLimit">Stop after this long with the best solution found (status "feasible").</param>
    /// <param name="relativeGap">Stop once the solution is proven within this fraction of the optimum (0: prove optimality).</param>
    public static AllocationResult Solve(AllocationProblem problem, TimeSpan? timeLimit = null, double relativeGap = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var clock = Stopwatch.StartNew();
        var h = (double)problem.HardClassSizeFactor;
        var w = (double)problem.UnmetWeight;
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("the SCIP solver of OR-Tools is not available");
        solver.SetTimeLimit((long)(timeLimit ?? TimeSpan.FromSeconds(60)).TotalMilliseconds);
        var objective = solver.Objective();
        objective.SetMinimization();
        var budget = solver.MakeConstraint(double.NegativeInfinity, (double)problem.Budget, "budget");
        var teachersTotal = problem.MaxTeachersTotal is { } mt ? solver.MakeConstraint(double.NegativeInfinity, (double)mt, "teachers_total") : null;
        var groups = problem.CapGroups();
        var vars = new List<(AllocationSite Site, Variable? X, Variable? Y)>();
        var constant = 0.0;
        for (var i = 0; i < problem.Sites.Count; i++)
        {
            var s = problem.Sites[i];
            var p = (double)s.Pupils;
            if (p <= 0 || s.ClassroomsNeeded == 0 || s.TeachersNeeded == 0)
            {
                vars.Add((s, null, null));
                continue;
            }
            var (maxX, maxY) = Bounds(problem, i, groups);
            var x = solver.MakeIntVar(0, maxX, $"x{i}");
            var y = solver.MakeIntVar(0, maxY, $"y{i}");
            var served = solver.MakeNumVar(0, p, $"served{i}");
            var unplaced = solver.MakeNumVar(0, p, $"unplaced{i}");
            var a = s.PupilsPerRoom;
            var b = s.PupilsPerTeacher;
            // served − a·x ≤ a·C ; served − b·y ≤ b·T
            var c1 = solver.MakeConstraint(double.NegativeInfinity, a * (double)s.Classrooms);
            c1.SetCoefficient(served, 1);
            c1.SetCoefficient(x, -a);
            var c2 = solver.MakeConstraint(double.NegativeInfinity, b * (double)s.Teachers);
            c2.SetCoefficient(served, 1);
            c2.SetCoefficient(y, -b);
            // unplaced + h·a·x ≥ P − h·a·C ; unplaced + h·b·y ≥ P − h·b·T
            var c3 = solver.MakeConstraint(p - (h * a * (double)s.Classrooms), double.PositiveInfinity);
            c3.SetCoefficient(unplaced, 1);
            c3.SetCoefficient(x, h * a);
            var c4 = solver.MakeConstraint(p - (h * b * (double)s.Teachers), double.PositiveInfinity);
            c4.SetCoefficient(unplaced, 1);
            c4.SetCoefficient(y, h * b);
            budget.SetCoefficient(x, (double)s.ClassroomCost);
            budget.SetCoefficient(y, (double)s.TeacherCost);
            teachersTotal?.SetCoefficient(y, 1);
            // objective: (P − served) + w·unplaced
            constant += p;
            objective.SetCoefficient(served, -1);
            objective.SetCoefficient(unplaced, w);
            vars.Add((s, x, y));
        }
        // caps of units and provinces: Σ x ≤ cap, Σ y ≤ cap over the group's sites
        foreach (var g in groups)
        {
            var members = g.Sites.Select(i => vars[i]).Where(v => v.X is not null).ToList();
            if (members.Count < 2) continue; // a single site's cap is already its variable's bound
            if (g.MaxClassrooms is { } rc)
            {
                var c = solver.MakeConstraint(double.NegativeInfinity, (double)rc, $"rooms_{g.Key}");
                foreach (var m in members) c.SetCoefficient(m.X, 1);
            }
            if (g.MaxTeachers is { } tc)
            {
                var c = solver.MakeConstraint(double.NegativeInfinity, (double)tc, $"teachers_{g.Key}");
                foreach (var m in members) c.SetCoefficient(m.Y, 1);
            }
        }
        objective.SetOffset(constant);
        using var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, relativeGap);
        var status = solver.Solve(parameters);
        var name = status switch
        {
            Solver.ResultStatus.OPTIMAL => "optimal",
            Solver.ResultStatus.FEASIBLE => "feasible",
            _ => status.ToString().ToLowerInvariant(),
        };
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
            throw new InvalidOperationException($"the allocation could not be solved: {name}");

        var results = new List<SiteAllocation>(vars.Count);
        foreach (var (s, x, y) in vars)
        {
            var nx = x is null ? 0 : (int)Math.Round(x.SolutionValue());
            var ny = y is null ? 0 : (int)Math.Round(y.SolutionValue());
            var before = Evaluate(s, 0, 0, h);
            var after = Evaluate(s, nx, ny, h);
            results.Add(new SiteAllocation(s, nx, ny, before.Overcrowded, before.Unplaced, after.Overcrowded, after.Unplaced));
        }
        var spent = results.Sum(r => (r.NewClassrooms * r.Site.ClassroomCost) + (r.NewTeachers * r.Site.TeacherCost));
        return new AllocationResult(name, problem.Year,
            results.Sum(r => r.OvercrowdedAfter + (w * r.UnplacedAfter)),
            results.Sum(r => r.OvercrowdedBefore + (w * r.UnplacedBefore)),
            objective.BestBound(),
            problem.Budget, spent,
            results.Sum(r => r.NewClassrooms), results.Sum(r => r.NewTeachers),
            results.Sum(r => r.OvercrowdedBefore), results.Sum(r => r.UnplacedBefore),
            results.Sum(r => r.OvercrowdedAfter), results.Sum(r => r.UnplacedAfter),
            results, solver.NumVariables(), solver.NumConstraints(), clock.Elapsed.TotalSeconds);
    }
}
