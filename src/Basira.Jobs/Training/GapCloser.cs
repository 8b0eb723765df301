using Google.OrTools.Sat;

namespace Basira.Jobs.Training;

/// <summary>The chosen courses and what the solver proved.</summary>
/// <param name="Status">optimal (proved), feasible (best found within the time limit) or none (nothing to cover).</param>
public sealed record CoverSolution(IReadOnlyList<int> Courses, IReadOnlyList<int> Uncovered, string Status, long Objective);

/// <summary>
/// The smallest set of trainings that closes a skill gap, as a weighted set cover solved exactly with OR-Tools CP-SAT:
/// one Boolean per course that teaches at least one missing skill, one per missing skill (covered or not); a skill is
/// covered only if a chosen course teaches it; at most <see cref="MaxCourses"/> courses. The objective, in this order of
/// priority: cover as many missing skills as possible, with as few courses as possible, in as few hours as possible
/// (lexicographic by weights 10⁶ per uncovered skill, 10⁴ per course, 1 per hour). Skills no reachable course teaches
/// are reported, not covered.
/// </summary>
public static class GapCloser
{
    /// <summary>Courses a plan may hold (also bounds the exact explanation: 2^12 coalitions).</summary>
    public const int MaxCourses = 12;

    public const long UncoveredWeight = 1_000_000, CourseWeight = 10_000;

    /// <param name="gap">Missing skills (graph indices).</param>
    /// <param name="courses">Candidate courses: their skills and hours.</param>
    public static CoverSolution Solve(IReadOnlyList<int> gap, IReadOnlyList<(int[] Skills, int Hours)> courses, double timeLimitSeconds = 10)
    {
        var gapSet = gap.ToHashSet();
        var useful = Enumerable.Range(0, courses.Count).Where(t => courses[t].Skills.Any(gapSet.Contains)).ToList();
        var coverable = gap.Where(s => useful.Any(t => courses[t].Skills.Contains(s))).Distinct().ToList();
        var uncoverable = gap.Except(coverable).Distinct().ToList();
        if (coverable.Count == 0) return new CoverSolution([], uncoverable, "none", 0);
        var model = new CpModel();
        var x = useful.ToDictionary(t => t, t => model.NewBoolVar($"course_{t}"));
        var y = coverable.ToDictionary(s => s, s => model.NewBoolVar($"skill_{s}"));
        foreach (var s in coverable)
        {
            var teaching = useful.Where(t => courses[t].Skills.Contains(s)).Select(t => (ILiteral)x[t]).ToList();
            // y_s ≤ Σ x_t: a skill counts as covered only if a chosen course teaches it.
            model.Add(LinearExpr.Sum(teaching) - y[s] >= 0);
        }
        model.Add(LinearExpr.Sum(x.Values) <= MaxCourses);
        var terms = new List<ILiteral>();
        var weights = new List<long>();
        foreach (var (t, v) in x) { terms.Add(v); weights.Add(CourseWeight + courses[t].Hours); }
        foreach (var (_, v) in y) { terms.Add(v); weights.Add(-UncoveredWeight); }
        model.Minimize(LinearExpr.WeightedSum(terms, weights));
        using var solver = new CpSolver
        {
            StringParameters = FormattableString.Invariant($"max_time_in_seconds:{timeLimitSeconds} num_workers:2 random_seed:1"),
        };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            throw new InvalidOperationException($"the training plan could not be solved ({status})");
        var chosen = useful.Where(t => solver.BooleanValue(x[t])).ToList();
        var missed = coverable.Where(s => !solver.BooleanValue(y[s])).Concat(uncoverable).ToList();
        var objective = (long)Math.Round(solver.ObjectiveValue) + UncoveredWeight * coverable.Count;
        return new CoverSolution(chosen, missed, status == CpSolverStatus.Optimal ? "optimal" : "feasible", objective);
    }

    /// <summary>
    /// Exact Shapley values of the courses on a set function <paramref name="value"/> over coalitions (bit masks of
    /// <paramref name="n"/> ≤ <see cref="MaxCourses"/> players): they sum to value(all) − value(none).
    /// </summary>
    public static double[] Shapley(int n, Func<int, double> value)
    {
        if (n > MaxCourses) throw new ArgumentOutOfRangeException(nameof(n), $"at most {MaxCourses} players");
        var v = new double[1 << n];
        for (var m = 0; m < v.Length; m++) v[m] = value(m);
        var fact = new double[n + 1];
        fact[0] = 1;
        for (var i = 1; i <= n; i++) fact[i] = fact[i - 1] * i;
        var phi = new double[n];
        for (var i = 0; i < n; i++)
            for (var m = 0; m < v.Length; m++)
            {
                if ((m & (1 << i)) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)m);
                phi[i] += fact[size] * fact[n - size - 1] / fact[n] * (v[m | (1 << i)] - v[m]);
            }
        return phi;
    }
}
