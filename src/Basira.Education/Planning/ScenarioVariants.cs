namespace Basira.Education.Planning;

/// <summary>
/// Applies a <see cref="ScenarioVariant"/> to a scenario: each change acts on the matching units and cycles, at once
/// (no target year) or as a linear path from the unchanged base-year value to the changed value in the target year,
/// held afterwards (a path's later points are changed too).
/// </summary>
public static class ScenarioVariants
{
    public static PlanningScenario Apply(PlanningScenario scenario, ScenarioVariant variant)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(variant);
        var units = scenario.Units.Select(u => !UnitMatches(u, variant) ? u : u with
        {
            Cycles = [.. u.Cycles.Select(c => variant.Cycles is { } names && !names.Contains(c.Name, StringComparer.Ordinal) ? c : Apply(c, variant, scenario.BaseYear))],
        }).ToList();
        return scenario with { Name = scenario.Name, Units = units, Variants = [] };
    }

    private static bool UnitMatches(PlanningUnit u, ScenarioVariant v) =>
        (v.Units is null || v.Units.Contains(u.Code, StringComparer.Ordinal) || (u.Province is not null && v.Units.Contains(u.Province, StringComparer.Ordinal)))
        && (v.Area is null || string.Equals(v.Area, u.Area, StringComparison.Ordinal));

    /// <summary>The cycle with the variant's changes; a change with a target year ramps from <paramref name="baseYear"/>.</summary>
    public static CycleInput Apply(CycleInput c, ScenarioVariant v, int baseYear)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(v);
        var from = v.TargetYear;
        ScalarPath A(ScalarPath p) => from is null ? p : p.Anchor(baseYear);
        var rates = from is null ? c.Rates : c.Rates.Anchor(baseYear);
        if (v.DropoutFactor is { } df)
            rates = rates.Transform(p => new RatePoint(p.Year,
                [.. p.Promotion.Select((x, g) => 1m - p.Repetition[g] - (df * p.Dropout(g)))], p.Repetition), from);
        if (v.RepetitionFactor is { } rf)
            rates = rates.Transform(p => new RatePoint(p.Year,
                [.. p.Promotion.Select((x, g) => x + ((1m - rf) * p.Repetition[g]))],
                [.. p.Repetition.Select(r => rf * r)]), from);
        var teachers = c.Teachers;
        if (v.Ptr is { } ptr && teachers is PupilTeacherRatio current) teachers = new PupilTeacherRatio(A(current.Ptr).Transform(_ => ptr, from));
        return c with
        {
            Rates = rates,
            Teachers = teachers,
            MaxClassSize = v.MaxClassSize is { } cap ? A(c.MaxClassSize).Transform(x => Math.Min(x, cap), from) : c.MaxClassSize,
            Schools = v.SchoolsFactor is { } sf && c.Schools is not null ? A(c.Schools).Transform(n => n * sf, from) : c.Schools,
            DoubleShift = v.DoubleShift is { } ds ? A(c.DoubleShift).Transform(_ => ds, from) : c.DoubleShift,
        };
    }
}
