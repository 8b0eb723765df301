using System.Text.Json;
using Basira.Governance;

namespace Basira.Education.Planning;

/// <summary>
/// Reads a planning scenario from JSON (docs/education-planning.md gives the format) and refuses anything it cannot
/// project with a <see cref="DataInputException"/> naming the file, the line and the JSON path of the field: rates outside
/// [0, 1], promotion + repetition above 1, negative counts, a target year not after the base year, arrays of the wrong
/// length, unknown fields. Nothing is projected from a scenario with one bad field.
/// </summary>
public static class ScenarioReader
{
    private static readonly string[] RootFields = ["name", "base_year", "years", "end_year", "target_year", "cycles", "units", "variants", "sources", "allocation"];
    private static readonly string[] UnitFields = ["code", "name", "province", "region", "area", "cycles"];
    private static readonly string[] CycleFields =
    [
        "name", "enrolment", "promotion", "repetition", "dropout", "history", "new_entrants", "new_entrants_growth", "transition",
        "ptr", "teachers_per_class", "weekly_hours", "teaching_load", "utilisation", "max_class_size", "double_shift", "schools",
        "min_classes_per_school", "teacher_stock", "teacher_supply", "classroom_stock", "attrition", "obsolescence",
        "classroom_cost", "teacher_cost", "targets",
    ];
    private static readonly string[] TargetFields = ["year", "promotion", "repetition", "dropout", "max_class_size", "ptr", "double_shift", "schools", "transition_rate"];
    private static readonly string[] VariantFields =
        ["name", "label", "target_year", "units", "area", "cycles", "dropout_factor", "repetition_factor", "max_class_size", "ptr", "schools_factor", "double_shift"];
    private static readonly string[] AllocationFields =
    [
        "budget", "classroom_cost", "teacher_cost", "year", "hard_class_size_factor", "unmet_weight", "max_classrooms_per_unit",
        "max_teachers_per_unit", "max_classrooms_per_province", "max_teachers_per_province", "max_teachers_total", "unit_caps",
    ];

    /// <summary>Most grades a cycle may have, and most projected years.</summary>
    public const int MaxGrades = 20, MaxYears = 50;

    /// <summary>Reads a scenario file (UTF-8 JSON).</summary>
    public static PlanningScenario ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataInputException(path, null, null, $"cannot read the scenario: {ex.Message}");
        }
        return Read(bytes, path);
    }

    /// <summary>Reads a scenario from UTF-8 JSON; <paramref name="source"/> names it in errors (a file, or null for a request body).</summary>
    public static PlanningScenario Read(ReadOnlyMemory<byte> utf8, string? source)
    {
        var (input, doc) = JsonInput.Parse(utf8, source);
        using (doc) return ReadScenario(input.Root);
    }

    public static PlanningScenario Read(string json, string? source) => Read(System.Text.Encoding.UTF8.GetBytes(json), source);

    private static PlanningScenario ReadScenario(JsonInput.Node root)
    {
        root.Object(RootFields);
        var baseYear = root.Required("base_year").Int();
        if (baseYear is < 1900 or > 2200) throw root.Required("base_year").Error($"expects a school year such as 2024, got {baseYear}");
        int years;
        if (root.Has("years") && root.Get("end_year") is { } end) throw end.Error("give either 'years' or 'end_year', not both");
        if (root.Get("years") is { } yn)
        {
            years = yn.Int();
            if (years is < 1 or > MaxYears) throw yn.Error($"expects 1 to {MaxYears} projected years, got {years}");
        }
        else if (root.Get("end_year") is { } en)
        {
            var endYear = en.Int();
            if (endYear <= baseYear) throw en.Error($"the end year {endYear} must be after the base year {baseYear}");
            years = endYear - baseYear;
            if (years > MaxYears) throw en.Error($"expects at most {MaxYears} projected years, got {years}");
        }
        else throw root.Error("missing field 'years' (or 'end_year')");

        var ctx = new Context(baseYear, years, root.Get("target_year") is { } ty ? TargetYear(ty, baseYear) : null);

        IReadOnlyList<PlanningUnit> units;
        if (root.Get("cycles") is { } cyclesNode)
        {
            if (root.Get("units") is { } both) throw both.Error("give either 'cycles' (one unit) or 'units', not both");
            units = [new PlanningUnit { Code = "national", Cycles = ReadCycles(cyclesNode, ctx) }];
        }
        else if (root.Get("units") is { } unitsNode)
        {
            var list = new List<PlanningUnit>();
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var u in unitsNode.Items(min: 1))
            {
                var unit = ReadUnit(u, ctx);
                if (!codes.Add(unit.Code)) throw u.Required("code").Error($"unit code '{unit.Code}' is used twice");
                list.Add(unit);
            }
            units = list;
        }
        else throw root.Error("missing field 'cycles' (or 'units')");

        CheckGradesAgree(root, units);
        var scenario = new PlanningScenario
        {
            Name = root.Get("name")?.String() ?? "scenario",
            BaseYear = baseYear,
            Years = years,
            Units = units,
            Sources = root.Get("sources") is { } src ? [.. src.Items().Select(s => s.String())] : [],
        };
        var variants = root.Get("variants") is { } vn ? ReadVariants(vn, scenario, ctx) : [];
        var allocation = root.Get("allocation") is { } an ? ReadAllocation(an, scenario) : null;
        return scenario with { Variants = variants, Allocation = allocation };
    }

    private sealed record Context(int BaseYear, int Years, int? TargetYear);

    private static int TargetYear(JsonInput.Node n, int baseYear)
    {
        var year = n.Int();
        if (year < baseYear) throw n.Error($"the target year {year} is before the base year {baseYear}");
        if (year == baseYear) throw n.Error($"the target year {year} must be after the base year {baseYear}");
        return year;
    }

    private static PlanningUnit ReadUnit(JsonInput.Node u, Context ctx)
    {
        u.Object(UnitFields);
        var area = u.Get("area")?.String();
        if (area is not (null or "urban" or "rural")) throw u.Required("area").Error($"expects 'urban' or 'rural', got '{area}'");
        return new PlanningUnit
        {
            Code = u.Required("code").String(),
            Name = u.Get("name")?.String(),
            Province = u.Get("province")?.String(),
            Region = u.Get("region")?.String(),
            Area = area,
            Cycles = ReadCycles(u.Required("cycles"), ctx),
        };
    }

    private static IReadOnlyList<CycleInput> ReadCycles(JsonInput.Node node, Context ctx)
    {
        var items = node.Items(min: 1);
        var names = items.Select(c => c.Object(CycleFields).Required("name").String()).ToList();
        var cycles = new List<CycleInput>();
        for (var i = 0; i < items.Count; i++)
        {
            if (names.IndexOf(names[i]) != i) throw items[i].Required("name").Error($"cycle '{names[i]}' is given twice in this unit");
            cycles.Add(ReadCycle(items[i], names, ctx));
        }
        // transitions: known sources, no loop
        var unit = new PlanningUnit { Code = "check", Cycles = cycles };
        for (var i = 0; i < cycles.Count; i++)
        {
            if (cycles[i].Intake is not TransitionIntake t) continue;
            var from = items[i].Required("transition").Required("from");
            if (t.From == cycles[i].Name) throw from.Error($"cycle '{t.From}' cannot take its entrants from itself");
            try
            {
                EnrolmentProjection.DependencyOrder(unit);
            }
            catch (InvalidOperationException)
            {
                throw from.Error($"the transitions between cycles form a loop through '{cycles[i].Name}'");
            }
        }
        return cycles;
    }

    private static CycleInput ReadCycle(JsonInput.Node c, IReadOnlyList<string> cycleNames, Context ctx)
    {
        var name = c.Required("name").String();
        var enrolmentNode = c.Required("enrolment");
        var enrolmentItems = enrolmentNode.Items(min: 1);
        if (enrolmentItems.Count > MaxGrades) throw enrolmentNode.Error($"expects at most {MaxGrades} grades, got {enrolmentItems.Count}");
        var enrolment = enrolmentItems.Select(n => n.Count()).ToArray();
        var g = enrolment.Length;

        // Rates: given, or estimated from last year's enrolment and this year's repeaters.
        RatePoint baseRates;
        var ratesFrom = "given";
        if (c.Get("history") is { } history)
        {
            foreach (var f in new[] { "promotion", "repetition", "dropout" })
                if (c.Get(f) is { } both) throw both.Error($"give either 'history' (rates estimated from the data) or '{f}', not both");
            baseRates = EstimateRates(history, enrolment, ctx.BaseYear);
            ratesFrom = "history";
        }
        else
        {
            baseRates = ReadRates(c, g, ctx.BaseYear, required: true, fallback: null)!;
        }

        // Intake
        var intakeFields = new[] { "new_entrants", "new_entrants_growth", "transition" }.Where(c.Has).ToList();
        if (intakeFields.Count == 0) throw c.Error("missing field 'new_entrants' (or 'new_entrants_growth', or 'transition')");
        if (intakeFields.Count > 1) throw c.Required(intakeFields[1]).Error($"give one of 'new_entrants', 'new_entrants_growth', 'transition', not both '{intakeFields[0]}' and '{intakeFields[1]}'");
        Intake intake;
        ScalarPath? transitionRate = null;
        switch (intakeFields[0])
        {
            case "new_entrants":
                intake = new EntrantsPerYear(c.Required("new_entrants").Array(ctx.Years, n => n.Count(), "one per projected year"));
                break;
            case "new_entrants_growth":
                var gr = c.Required("new_entrants_growth").Object("first", "growth");
                var growth = gr.Required("growth").Number();
                if (growth is <= -1 or > 1) throw gr.Required("growth").Error($"expects a yearly growth rate in (-1, 1], got {JsonInput.Format(growth)}");
                intake = new EntrantsGrowth(gr.Required("first").Count(), growth);
                break;
            default:
                var tr = c.Required("transition").Object("from", "rate", "other_entrants");
                var from = tr.Required("from").String();
                if (!cycleNames.Contains(from, StringComparer.Ordinal))
                    throw tr.Required("from").Error($"unknown cycle '{from}'; the cycles of this unit are: {string.Join(", ", cycleNames)}");
                transitionRate = ScalarPath.Constant(tr.Required("rate").Rate());
                intake = new TransitionIntake(from, transitionRate, tr.Get("other_entrants")?.Count() ?? 0m);
                break;
        }

        // Teachers
        var teacherFields = new[] { "ptr", "teachers_per_class", "weekly_hours" }.Where(c.Has).ToList();
        if (teacherFields.Count == 0) throw c.Error("missing field 'ptr' (or 'teachers_per_class', or 'weekly_hours' with 'teaching_load')");
        if (teacherFields.Count > 1) throw c.Required(teacherFields[1]).Error($"give one of 'ptr', 'teachers_per_class', 'weekly_hours', not both '{teacherFields[0]}' and '{teacherFields[1]}'");
        if (teacherFields[0] != "weekly_hours")
            foreach (var f in new[] { "teaching_load", "utilisation" })
                if (c.Get(f) is { } stray) throw stray.Error($"'{f}' goes with 'weekly_hours' only");
        TeacherNorm teachers = teacherFields[0] switch
        {
            "ptr" => new PupilTeacherRatio(ScalarPath.Constant(c.Required("ptr").Positive())),
            "teachers_per_class" => new TeachersPerClass(c.Required("teachers_per_class").Positive()),
            _ => new WeeklyHours(c.Required("weekly_hours").Array(g, n => n.Count(), "weekly hours per class, one per grade"),
                c.Get("teaching_load")?.Positive() ?? throw c.Error("missing field 'teaching_load' (weekly teaching hours of a teacher, with 'weekly_hours')"),
                c.Get("utilisation") is { } u ? Utilisation(u) : 1m),
        };

        var schools = c.Get("schools")?.Positive();
        if (c.Get("min_classes_per_school") is { } mc && schools is null) throw mc.Error("'min_classes_per_school' goes with 'schools'");
        var minClasses = c.Get("min_classes_per_school")?.Positive() ?? 1m;

        var cycle = new CycleInput
        {
            Name = name,
            Enrolment = enrolment,
            Rates = new RatePath([baseRates]),
            RatesFrom = ratesFrom,
            Intake = intake,
            Teachers = teachers,
            MaxClassSize = ScalarPath.Constant(c.Required("max_class_size").Positive()),
            DoubleShift = ScalarPath.Constant(c.Get("double_shift")?.Rate() ?? 0m),
            Schools = schools is { } n ? ScalarPath.Constant(n) : null,
            MinClassesPerSchool = minClasses,
            TeacherStock = c.Get("teacher_stock")?.Count(),
            TeacherSupply = c.Get("teacher_supply")?.Count() ?? 0m,
            ClassroomStock = c.Get("classroom_stock")?.Count(),
            Attrition = c.Get("attrition")?.Rate() ?? 0m,
            Obsolescence = c.Get("obsolescence")?.Rate() ?? 0m,
            ClassroomCost = c.Get("classroom_cost")?.Count(),
            TeacherCost = c.Get("teacher_cost")?.Count(),
        };
        return c.Get("targets") is { } targets ? WithTargets(cycle, targets, ctx) : cycle;
    }

    private static decimal Utilisation(JsonInput.Node u)
    {
        var v = u.Number();
        return v is > 0 and <= 1 ? v : throw u.Error($"the utilisation factor must be in (0, 1], got {JsonInput.Format(v)}");
    }

    /// <summary>
    /// Promotion (or dropout) and repetition of one point. <paramref name="fallback"/> gives the rates of the point's
    /// year on the path so far: a target may set only some of them.
    /// </summary>
    private static RatePoint? ReadRates(JsonInput.Node n, int g, int year, bool required, RatePoint? fallback)
    {
        var promotionNode = n.Get("promotion");
        var dropoutNode = n.Get("dropout");
        var repetitionNode = n.Get("repetition");
        if (promotionNode is { } && dropoutNode is { } d2) throw d2.Error("give either 'promotion' or 'dropout' (dropout = 1 − promotion − repetition), not both");
        if (promotionNode is null && dropoutNode is null && repetitionNode is null)
            return required ? throw n.Error("missing field 'promotion' (or 'dropout', or 'history')") : null;
        if (required && repetitionNode is null) throw n.Error("missing field 'repetition'");
        if (required && promotionNode is null && dropoutNode is null) throw n.Error("missing field 'promotion' (or 'dropout')");
        var repetition = repetitionNode?.Array(g, x => x.Rate(), "one repetition rate per grade") ?? [.. fallback!.Repetition];
        decimal[] promotion;
        if (promotionNode is { } pn)
        {
            promotion = pn.Array(g, x => x.Rate(), "one promotion rate per grade");
            for (var i = 0; i < g; i++)
                if (promotion[i] + repetition[i] > 1)
                {
                    var at = (repetitionNode is { } rn ? rn : pn).Items()[i];
                    throw at.Error($"promotion + repetition of grade {i + 1} is {JsonInput.Format(promotion[i] + repetition[i])}, above 1");
                }
        }
        else if (dropoutNode is { } dn)
        {
            var dropout = dn.Array(g, x => x.Rate(), "one dropout rate per grade");
            for (var i = 0; i < g; i++)
                if (dropout[i] + repetition[i] > 1)
                    throw dn.Items()[i].Error($"dropout + repetition of grade {i + 1} is {JsonInput.Format(dropout[i] + repetition[i])}, above 1");
            promotion = [.. dropout.Select((d, i) => 1m - d - repetition[i])];
        }
        else
        {
            // repetition only: dropout kept as on the path, promotion takes the difference
            var rn = repetitionNode!.Value;
            promotion = new decimal[g];
            for (var i = 0; i < g; i++)
            {
                promotion[i] = 1m - repetition[i] - fallback!.Dropout(i);
                if (promotion[i] < 0)
                    throw rn.Items()[i].Error($"with the dropout rate {JsonInput.Format(fallback.Dropout(i))} of grade {i + 1} on the path, repetition {JsonInput.Format(repetition[i])} makes the promotion rate negative");
            }
        }
        return new RatePoint(year, promotion, repetition);
    }

    /// <summary>
    /// UIS flow rates (METHOD §2) from last year's enrolment E[g, t−1], this year's repeaters R[g, t] and this year's
    /// enrolment E[g, t]: r[g] = R[g,t] / E[g,t−1], p[g] = (E[g+1,t] − R[g+1,t]) / E[g,t−1], p[G] = completers / E[G,t−1].
    /// </summary>
    private static RatePoint EstimateRates(JsonInput.Node h, IReadOnlyList<decimal> enrolment, int baseYear)
    {
        h.Object("enrolment", "repeaters", "completers");
        var g = enrolment.Count;
        var previousNode = h.Required("enrolment");
        var previous = previousNode.Array(g, x => x.Count(), "last year's enrolment, one per grade");
        var repeatersNode = h.Required("repeaters");
        var repeaters = repeatersNode.Array(g, x => x.Count(), "this year's repeaters, one per grade");
        var completers = h.Required("completers").Count();
        var promotion = new decimal[g];
        var repetition = new decimal[g];
        for (var i = 0; i < g; i++)
        {
            if (previous[i] == 0) throw previousNode.Items()[i].Error($"last year's enrolment of grade {i + 1} is 0: its rates cannot be estimated");
            if (repeaters[i] > enrolment[i]) throw repeatersNode.Items()[i].Error($"{JsonInput.Format(repeaters[i])} repeaters in grade {i + 1}, more than its {JsonInput.Format(enrolment[i])} pupils");
            repetition[i] = repeaters[i] / previous[i];
            if (repetition[i] > 1) throw repeatersNode.Items()[i].Error($"estimated repetition rate of grade {i + 1} is {JsonInput.Format(decimal.Round(repetition[i], 4))} (repeaters / last year's enrolment), above 1");
            promotion[i] = i < g - 1 ? (enrolment[i + 1] - repeaters[i + 1]) / previous[i] : completers / previous[i];
            var at = i < g - 1 ? previousNode.Items()[i] : h.Required("completers");
            if (promotion[i] > 1) throw at.Error($"estimated promotion rate of grade {i + 1} is {JsonInput.Format(decimal.Round(promotion[i], 4))}, above 1");
            if (promotion[i] + repetition[i] > 1)
                throw at.Error($"estimated promotion + repetition of grade {i + 1} is {JsonInput.Format(decimal.Round(promotion[i] + repetition[i], 4))}, above 1");
        }
        return new RatePoint(baseYear, promotion, repetition);
    }

    private static CycleInput WithTargets(CycleInput c, JsonInput.Node targets, Context ctx)
    {
        var list = targets.Element.ValueKind == JsonValueKind.Array ? targets.Items(min: 1) : [targets];
        var rates = new List<RatePoint> { c.Rates.Points[0] };
        var classSize = new List<(int, decimal)> { (ctx.BaseYear, c.MaxClassSize.At(ctx.BaseYear)) };
        var shift = new List<(int, decimal)> { (ctx.BaseYear, c.DoubleShift.At(ctx.BaseYear)) };
        var ptr = c.Teachers is PupilTeacherRatio p0 ? new List<(int, decimal)> { (ctx.BaseYear, p0.Ptr.At(ctx.BaseYear)) } : null;
        var schools = c.Schools is { } s0 ? new List<(int, decimal)> { (ctx.BaseYear, s0.At(ctx.BaseYear)) } : null;
        var transition = c.Intake is TransitionIntake t0 ? new List<(int, decimal)> { (ctx.BaseYear, t0.Rate.At(ctx.BaseYear)) } : null;
        var previousYear = ctx.BaseYear;
        foreach (var t in list)
        {
            t.Object(TargetFields);
            var yearNode = t.Get("year");
            var year = yearNode is { } yn ? TargetYear(yn, ctx.BaseYear) : ctx.TargetYear ?? throw t.Error("missing field 'year' (or a scenario 'target_year')");
            if (year <= previousYear)
                throw (yearNode ?? t).Error($"targets must be in increasing year order: {year} comes after {previousYear}");
            previousYear = year;
            var at = new RatePath(rates).At(year);
            if (ReadRates(t, c.Grades, year, required: false, fallback: at) is { } point) rates.Add(point);
            if (t.Get("max_class_size") is { } cs) classSize.Add((year, cs.Positive()));
            if (t.Get("double_shift") is { } ds) shift.Add((year, ds.Rate()));
            if (t.Get("ptr") is { } pn) (ptr ?? throw pn.Error("a 'ptr' target needs a cycle staffed by 'ptr'")).Add((year, pn.Positive()));
            if (t.Get("schools") is { } sn) (schools ?? throw sn.Error("a 'schools' target needs the cycle's 'schools'")).Add((year, sn.Positive()));
            if (t.Get("transition_rate") is { } tn) (transition ?? throw tn.Error("a 'transition_rate' target needs a cycle with 'transition'")).Add((year, tn.Rate()));
        }
        return c with
        {
            Rates = new RatePath(rates),
            MaxClassSize = new ScalarPath(classSize),
            DoubleShift = new ScalarPath(shift),
            Teachers = ptr is null ? c.Teachers : new PupilTeacherRatio(new ScalarPath(ptr)),
            Schools = schools is null ? c.Schools : new ScalarPath(schools),
            Intake = transition is null ? c.Intake : ((TransitionIntake)c.Intake) with { Rate = new ScalarPath(transition) },
        };
    }

    /// <summary>A cycle name used in several units must have the same grades everywhere (totals add grade by grade).</summary>
    private static void CheckGradesAgree(JsonInput.Node root, IReadOnlyList<PlanningUnit> units)
    {
        var grades = new Dictionary<string, (int Grades, string Unit)>(StringComparer.Ordinal);
        for (var ui = 0; ui < units.Count; ui++)
            for (var ci = 0; ci < units[ui].Cycles.Count; ci++)
            {
                var c = units[ui].Cycles[ci];
                if (!grades.TryGetValue(c.Name, out var seen)) grades[c.Name] = (c.Grades, units[ui].Code);
                else if (seen.Grades != c.Grades)
                    throw root.Required("units").Items()[ui].Required("cycles").Items()[ci].Required("enrolment")
                        .Error($"cycle '{c.Name}' has {seen.Grades} grades in unit '{seen.Unit}' and {c.Grades} here");
            }
    }

    private static IReadOnlyList<ScenarioVariant> ReadVariants(JsonInput.Node node, PlanningScenario scenario, Context ctx)
    {
        var list = new List<ScenarioVariant>();
        var cycleNames = EnrolmentProjection.CycleNames(scenario);
        var unitCodes = scenario.Units.SelectMany(u => u.Province is null ? [u.Code] : new[] { u.Code, u.Province }).ToHashSet(StringComparer.Ordinal);
        foreach (var v in node.Items())
        {
            v.Object(VariantFields);
            var name = v.Required("name").String();
            if (name == EnrolmentProjection.Baseline) throw v.Required("name").Error($"'{EnrolmentProjection.Baseline}' is the scenario as given; name the variant otherwise");
            if (list.Any(x => x.Name == name)) throw v.Required("name").Error($"variant '{name}' is given twice");
            var area = v.Get("area")?.String();
            if (area is not (null or "urban" or "rural")) throw v.Required("area").Error($"expects 'urban' or 'rural', got '{area}'");
            string[]? Names(string field, ICollection<string> known, string what)
            {
                if (v.Get(field) is not { } n) return null;
                var items = n.Items(min: 1);
                foreach (var item in items)
                    if (!known.Contains(item.String())) throw item.Error($"unknown {what} '{item.String()}'");
                return [.. items.Select(i => i.String())];
            }
            var variant = new ScenarioVariant
            {
                Name = name,
                Label = v.Get("label")?.String(),
                TargetYear = v.Get("target_year") is { } ty ? TargetYear(ty, ctx.BaseYear) : null,
                Units = Names("units", unitCodes, "unit or province"),
                Area = area,
                Cycles = Names("cycles", [.. cycleNames], "cycle"),
                DropoutFactor = v.Get("dropout_factor")?.Count(),
                RepetitionFactor = v.Get("repetition_factor")?.Rate(),
                MaxClassSize = v.Get("max_class_size")?.Positive(),
                Ptr = v.Get("ptr")?.Positive(),
                SchoolsFactor = v.Get("schools_factor")?.Positive(),
                DoubleShift = v.Get("double_shift")?.Rate(),
            };
            if (variant is { DropoutFactor: null, RepetitionFactor: null, MaxClassSize: null, Ptr: null, SchoolsFactor: null, DoubleShift: null })
                throw v.Error("a variant changes at least one of: dropout_factor, repetition_factor, max_class_size, ptr, schools_factor, double_shift");
            if (variant.DropoutFactor is { } df)
                foreach (var u in scenario.Units)
                    foreach (var c in u.Cycles)
                        foreach (var p in ScenarioVariants.Apply(c, variant with { RepetitionFactor = null }, ctx.BaseYear).Rates.Points)
                            for (var g = 0; g < c.Grades; g++)
                                if (p.Promotion[g] < 0)
                                    throw v.Required("dropout_factor").Error(
                                        $"dropout × {JsonInput.Format(df)} exceeds 1 − repetition in unit '{u.Code}', cycle '{c.Name}', grade {g + 1} ({p.Year})");
            list.Add(variant);
        }
        return list;
    }

    private static AllocationSettings ReadAllocation(JsonInput.Node a, PlanningScenario scenario)
    {
        a.Object(AllocationFields);
        int? year = null;
        if (a.Get("year") is { } yn)
        {
            year = yn.Int();
            if (year <= scenario.BaseYear || year > scenario.EndYear) throw yn.Error($"expects a projected year, {scenario.BaseYear + 1} to {scenario.EndYear}, got {year}");
        }
        var caps = new Dictionary<string, UnitCaps>(StringComparer.Ordinal);
        if (a.Get("unit_caps") is { } uc)
        {
            var codes = scenario.Units.SelectMany(u => u.Province is null ? [u.Code] : new[] { u.Code, u.Province }).ToHashSet(StringComparer.Ordinal);
            foreach (var (code, value) in uc.Members())
            {
                if (!codes.Contains(code)) throw value.Error($"unknown unit or province '{code}'");
                value.Object("max_classrooms", "max_teachers");
                caps[code] = new UnitCaps(value.Get("max_classrooms")?.Count(), value.Get("max_teachers")?.Count());
            }
        }
        var hard = a.Get("hard_class_size_factor") is { } hn ? hn.Number() : (decimal?)null;
        if (hard is < 1) throw a.Required("hard_class_size_factor").Error($"expects a factor of at least 1, got {JsonInput.Format(hard.Value)}");
        return new AllocationSettings
        {
            Budget = a.Required("budget").Count(),
            ClassroomCost = a.Required("classroom_cost").Positive(),
            TeacherCost = a.Required("teacher_cost").Positive(),
            Year = year,
            HardClassSizeFactor = hard,
            UnmetWeight = a.Get("unmet_weight")?.Count() ?? 10m,
            MaxClassroomsPerUnit = a.Get("max_classrooms_per_unit")?.Count(),
            MaxTeachersPerUnit = a.Get("max_teachers_per_unit")?.Count(),
            MaxClassroomsPerProvince = a.Get("max_classrooms_per_province")?.Count(),
            MaxTeachersPerProvince = a.Get("max_teachers_per_province")?.Count(),
            MaxTeachersTotal = a.Get("max_teachers_total")?.Count(),
            UnitCaps = caps,
        };
    }
}
