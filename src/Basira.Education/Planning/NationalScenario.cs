using System.Globalization;
using System.Text.Json.Nodes;

namespace Basira.Education.Planning;

/// <summary>A province as the national scenario needs it (the host supplies the 75 from its reference tables).</summary>
/// <param name="UrbanShare">Share of the province's pupils in urban areas.</param>
public sealed record ProvinceGeo(string Code, string Region, string Name, decimal UrbanShare);

/// <summary>A region and its RGPH 2024 legal population.</summary>
public sealed record RegionGeo(string Code, long Population);

/// <summary>
/// The default scenario for Morocco's public schools, 2024-25 → 2030-31: 75 provinces, each split into its urban and
/// rural part (150 units), three cycles (primary 6 grades, collège 3, lycée 3), a baseline and three variants (dropout
/// halved by 2030, classes capped at 40 by 2030, rural primary schools consolidated). Every figure is either a published
/// national figure (<see cref="Sources"/>) or a derivation/assumption said in words in <see cref="Sources"/> and in
/// docs/education-planning.md. It is a starting point to edit (<c>basira edu plan --national --write-scenario FILE</c>),
/// not an official projection: per-province enrolment is derived from population, not read from the ministry's records.
/// </summary>
public static class NationalScenario
{
    public const int BaseYear = 2024, EndYear = 2030;

    /// <summary>RGPH 2024 legal populations of the provinces found in the sources read (the rest of each region is split equally).</summary>
    public static readonly IReadOnlyDictionary<string, long> ProvincePopulation2024 = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        // de.dayfr.com (2024-11, "RGPH 2024" city table of the HCP release): the prefectures' legal populations
        ["MA-CAS"] = 3_218_036,
        ["MA-MAR"] = 1_571_580,
        ["MA-TNG"] = 1_494_413,
        ["MA-FES"] = 1_281_256,
        ["MA-KEN"] = 1_256_172,
        ["MA-SAL"] = 1_082_784,
        ["MA-RAB"] = 515_619,
        // communesmaroc.com, province d'Azilal: 574,112 (2024)
        ["MA-AZI"] = 574_112,
        // HCP regional delegate via Hibapress (news.dayfr.com 4138290): Ifrane 160,904 (2024)
        ["MA-IFR"] = 160_904,
    };

    /// <summary>One cycle's national parameters.</summary>
    private sealed record CycleParams(string Name, int Grades, decimal Pupils, decimal FirstGradeEntrants, decimal Dropout, decimal MaxClassSize);

    // Public sector, rentrée 2024-25 (MENPS via APA news, Sept 2024; FIGURES.md §2, METHOD.md §6).
    private static readonly CycleParams[] Cycles =
    [
        new("primary", 6, 3_716_000m, 585_000m, 0.02m, 41m),
        new("college", 3, 2_025_000m, 625_000m, 0.08m, 45m),
        new("lycee", 3, 1_235_000m, 453_000m, 0.07m, 45m),
    ];

    /// <summary>Repetition rate, all cycles, 2023 (lodj.ma 2024 citing an official report; METHOD.md §6, secondary).</summary>
    public const decimal Repetition = 0.081m;

    /// <summary>Rural/national dropout ratio: rural primary 5.9 % against 2.9 % nationally in 2020-21 (FIGURES.md §3).</summary>
    public const decimal RuralDropoutRatio = 5.9m / 2.9m;

    /// <summary>Yearly change of grade-1 entrants: the −1.3 % of public primary enrolment in 2024-25, taken as the trend (assumption).</summary>
    public const decimal EntrantsGrowth = -0.013m;

    /// <summary>Primary pupil-teacher ratio 2018 (UIS via WDI SE.PRM.ENRL.TC.ZS; METHOD.md §6).</summary>
    public const decimal PrimaryPtr = 26.80m;

    /// <summary>Lower-secondary pupil-teacher ratio 2018 (UIS via WDI; METHOD.md §6), calibrating the collège timetable.</summary>
    public const decimal CollegePtr = 22.64m;

    /// <summary>Public ratio all cycles ≈ 6.9 M / 290,000 ≈ 24 (libe.ma 2022; METHOD.md §6), calibrating the lycée timetable.</summary>
    public const decimal LyceePtr = 24m;

    /// <summary>Rural establishments: 56 % of ≈ 12,300 (2024-25; article19.ma, actu-maroc.com), counted as primary school groups (assumption).</summary>
    public const decimal RuralPrimarySchools = 0.56m * 12_300m;

    public const decimal Attrition = 0.03m, Obsolescence = 0.01m, WeeklyHours = 30m;

    public static readonly IReadOnlyList<string> Sources =
    [
        "SCOPE: public schools only; 75 provinces, each split into an urban and a rural unit; base year 2024-25, projected to 2030-31.",
        "Pupils per cycle, public, 2024-25: primary 3,716,000, collège 2,025,000, lycée 1,235,000; new entrants 585,000 (1st year primary), 625,000 (1st year collège), 453,000 (tronc commun) — MENPS communiqué via APA news, Sept 2024.",
        "DERIVED: pupils of a province = national pupils × the province's share of the RGPH 2024 legal population (HCP décret 2.24.1009: region totals; province totals found for MA-CAS, MA-MAR, MA-TNG, MA-FES, MA-KEN, MA-SAL, MA-RAB (de.dayfr.com, RGPH 2024 city table), MA-AZI (communesmaroc.com), MA-IFR (HCP via Hibapress)). ASSUMPTION: the rest of a region's population is split equally among its other provinces — replace with the décret's province figures.",
        "ASSUMPTION: urban/rural split of a province's pupils = Basira.Synth's UrbanShare of the province (five levels, 0.22-0.99; national urbanisation 62.8 %, RGPH 2024).",
        "DERIVED: first grade = new entrants / (1 − repetition); other grades split by the steady-state ratio promotion / (1 − repetition) between consecutive grades.",
        "Rates: repetition 8.1 % (2023, all cycles; lodj.ma citing an official report, secondary); dropout 2 % primary, 8 % collège, 7 % qualifiant (PNCS document, femmesdumaroc.com 2024). ASSUMPTION: the same rate in every grade of a cycle.",
        "DERIVED: rural dropout = national × 5.9/2.9 (rural primary 5.9 % against 2.9 % nationally in 2020-21, Benmoussa to Parliament), applied to every cycle (ASSUMPTION beyond primary); urban dropout set so that the pupil-weighted national rate is kept.",
        "ASSUMPTION: grade-1 entrants change by −1.3 % a year (the 2024-25 change of public primary enrolment) — HCP population projections by age would replace this.",
        "DERIVED: the transition into collège and lycée is calibrated so that the 2025 intake equals the 2024 new entrants: a share of the previous cycle's last grade when the entrants are fewer than the pupils it promotes (lycée), otherwise every promoted pupil plus a constant inflow from outside the public cycle (private primary, returns; collège).",
        "Teachers: primary at PTR 26.80 (UIS 2018 via WDI). Collège and lycée by timetable (30 weekly hours per class, load 24 h collège / 21 h lycée — ASSUMPTION), the utilisation factor calibrated so that the 2024 need equals pupils / 22.64 (lower-secondary PTR, UIS 2018) and pupils / 24 (public ratio all cycles ≈ 6.9 M / 290,000, libe.ma 2022).",
        "ASSUMPTION: maximum class size 41 in primary and 45 in collège and lycée, today's practice as read from the class-size distribution (primary: 3.2 % of classes above 41; collège: 16 % above 41, 5.6 % at 50; lodj.ma 2024, secondary).",
        "ASSUMPTION: teachers and classrooms in post in 2024 equal the 2024 need under these norms (no province stock was found); attrition 3 % a year, classroom obsolescence 1 % a year; no new teachers in the 'no further action' stock.",
        "ASSUMPTION: rural primary units have schools = 56 % of ≈ 12,300 establishments (2024-25, actu-maroc.com), shared in proportion to rural primary pupils; each school needs at least one class per grade.",
        "Variants: dropout halved by 2030 (ministry targets quoted by le360: primary 2.1 %, collège 8 %, qualifiant 7 %); classes capped at 40 by 2030; rural primary schools consolidated (30 % fewer sites by 2030).",
        "ILLUSTRATIVE costs for the allocation (no costing was in the data read), in thousand MAD: a classroom built 300; a teacher 600 (about 100 a year over the six years to 2030); budget 3,000,000.",
    ];

    /// <summary>The scenario as JSON (the format <see cref="ScenarioReader"/> reads): edit it and project it again.</summary>
    public static JsonObject BuildJson(IReadOnlyList<RegionGeo> regions, IReadOnlyList<ProvinceGeo> provinces)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(provinces);
        var population = ProvincePopulations(regions, provinces);
        var nationalPopulation = (decimal)population.Values.Sum();

        // (province, area) → share of national pupils
        var units = new List<(ProvinceGeo P, string Area, decimal Share)>();
        foreach (var p in provinces)
        {
            var share = population[p.Code] / nationalPopulation;
            units.Add((p, "urban", share * p.UrbanShare));
            units.Add((p, "rural", share * (1 - p.UrbanShare)));
        }
        var ruralShare = units.Where(u => u.Area == "rural").Sum(u => u.Share);

        var dropout = Cycles.ToDictionary(c => c.Name, c =>
        {
            var rural = Math.Min(c.Dropout * RuralDropoutRatio, 0.5m);
            var urban = Math.Max(0m, (c.Dropout - (ruralShare * rural)) / (1 - ruralShare));
            return (Urban: Round(urban, 4), Rural: Round(rural, 4));
        });

        // utilisation factors: the 2024 teacher need of the timetable = pupils / observed ratio, nationally
        var utilisation = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var grades = new Dictionary<(string Unit, string Cycle), decimal[]>();
        foreach (var (p, area, share) in units)
            foreach (var c in Cycles)
                grades[(UnitCode(p, area), c.Name)] = GradeProfile(c, share, area == "rural" ? dropout[c.Name].Rural : dropout[c.Name].Urban);
        foreach (var (name, load, ptr) in new[] { ("college", 24m, CollegePtr), ("lycee", 21m, LyceePtr) })
        {
            var cycle = Cycles.Single(c => c.Name == name);
            var hours = grades.Where(g => g.Key.Cycle == name).Sum(g => g.Value.Sum(e => Math.Ceiling(e / cycle.MaxClassSize)) * WeeklyHours);
            utilisation[name] = Round(hours / (load * (cycle.Pupils / ptr)), 3);
        }

        var unitArray = new JsonArray();
        foreach (var (p, area, share) in units)
        {
            var code = UnitCode(p, area);
            var cycles = new JsonArray();
            var rates = new Dictionary<string, (decimal P, decimal R)>(StringComparer.Ordinal);
            var lastGrade = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var c in Cycles)
            {
                var d = area == "rural" ? dropout[c.Name].Rural : dropout[c.Name].Urban;
                var promotion = 1 - Repetition - d;
                var e = grades[(code, c.Name)];
                rates[c.Name] = (promotion, Repetition);
                lastGrade[c.Name] = e[^1];
                var o = new JsonObject
                {
                    ["name"] = c.Name,
                    ["enrolment"] = Numbers(e),
                    ["dropout"] = Numbers(Enumerable.Repeat(d, c.Grades)),
                    ["repetition"] = Numbers(Enumerable.Repeat(Repetition, c.Grades)),
                };
                var entrants = Math.Round(c.FirstGradeEntrants * share);
                if (c.Name == "primary")
                {
                    o["new_entrants_growth"] = new JsonObject { ["first"] = Round(entrants * (1 + EntrantsGrowth), 0), ["growth"] = EntrantsGrowth };
                    o["ptr"] = PrimaryPtr;
                }
                else
                {
                    // calibrated so that the 2025 intake equals the 2024 new entrants: a share of the last grade when the entrants
                    // are fewer than the promoted pupils, otherwise every promoted pupil plus an inflow from outside
                    var from = c.Name == "college" ? "primary" : "college";
                    var promoted = rates[from].P * lastGrade[from];
                    var rate = lastGrade[from] == 0 ? 0m : entrants <= promoted ? Round(entrants / lastGrade[from], 4) : rates[from].P;
                    o["transition"] = new JsonObject
                    {
                        ["from"] = from,
                        ["rate"] = rate,
                        ["other_entrants"] = Math.Max(0m, Round(entrants - (rate * lastGrade[from]), 0)),
                    };
                    o["weekly_hours"] = Numbers(Enumerable.Repeat(WeeklyHours, c.Grades));
                    o["teaching_load"] = c.Name == "college" ? 24m : 21m;
                    o["utilisation"] = Math.Min(1m, utilisation[c.Name]);
                }
                o["max_class_size"] = c.MaxClassSize;
                if (c.Name == "primary" && area == "rural" && share > 0)
                    o["schools"] = Math.Max(1m, Round(RuralPrimarySchools * share / ruralShare, 0));
                o["attrition"] = Attrition;
                o["obsolescence"] = Obsolescence;
                cycles.Add(o);
            }
            unitArray.Add(new JsonObject
            {
                ["code"] = code,
                ["name"] = $"{p.Name} ({(area == "urban" ? "urbain" : "rural")})",
                ["province"] = p.Code,
                ["region"] = p.Region,
                ["area"] = area,
                ["cycles"] = cycles,
            });
        }

        return new JsonObject
        {
            ["name"] = "Maroc, enseignement public 2024-2030 (scénario par défaut, dérivé)",
            ["base_year"] = BaseYear,
            ["end_year"] = EndYear,
            ["target_year"] = EndYear,
            ["sources"] = new JsonArray([.. Sources.Select(s => (JsonNode)s)]),
            ["units"] = unitArray,
            ["variants"] = new JsonArray(
                new JsonObject { ["name"] = "dropout_halved", ["label"] = "Abandon divisé par deux d'ici 2030", ["dropout_factor"] = 0.5m, ["target_year"] = EndYear },
                new JsonObject { ["name"] = "classes_of_40", ["label"] = "Classes plafonnées à 40 élèves d'ici 2030", ["max_class_size"] = 40m, ["target_year"] = EndYear },
                new JsonObject
                {
                    ["name"] = "rural_consolidated", ["label"] = "Écoles rurales regroupées (30 % de sites en moins d'ici 2030)",
                    ["area"] = "rural", ["cycles"] = new JsonArray("primary"), ["schools_factor"] = 0.7m, ["target_year"] = EndYear,
                }),
            ["allocation"] = new JsonObject
            {
                ["budget"] = 3_000_000m,
                ["classroom_cost"] = 300m,
                ["teacher_cost"] = 600m,
            },
        };
    }

    /// <summary>The scenario, read back through <see cref="ScenarioReader"/> (so it passes the same checks as a file).</summary>
    public static PlanningScenario Build(IReadOnlyList<RegionGeo> regions, IReadOnlyList<ProvinceGeo> provinces) =>
        ScenarioReader.Read(BuildJson(regions, provinces).ToJsonString(), "built-in national scenario");

    /// <summary>RGPH 2024 population of every province: the sourced figure, or an equal share of what its region has left.</summary>
    public static IReadOnlyDictionary<string, long> ProvincePopulations(IReadOnlyList<RegionGeo> regions, IReadOnlyList<ProvinceGeo> provinces)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(provinces);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in regions)
        {
            var inRegion = provinces.Where(p => p.Region == r.Code).ToList();
            var known = inRegion.Where(p => ProvincePopulation2024.ContainsKey(p.Code)).ToList();
            var rest = inRegion.Except(known).ToList();
            var left = r.Population - known.Sum(p => ProvincePopulation2024[p.Code]);
            foreach (var p in known) result[p.Code] = ProvincePopulation2024[p.Code];
            for (var i = 0; i < rest.Count; i++)
                result[rest[i].Code] = (left / rest.Count) + (i < left % rest.Count ? 1 : 0);
        }
        return result;
    }

    public static string UnitCode(ProvinceGeo p, string area) => $"{p.Code}-{(area == "urban" ? "U" : "R")}";

    /// <summary>Whole pupils per grade: grade 1 = entrants / (1 − r), the rest split by the steady-state ratio p / (1 − r).</summary>
    private static decimal[] GradeProfile(CycleParams c, decimal share, decimal dropout)
    {
        var promotion = 1 - Repetition - dropout;
        var q = promotion / (1 - Repetition);
        var total = c.Pupils * share;
        var first = c.FirstGradeEntrants * share / (1 - Repetition);
        var weights = Enumerable.Range(0, c.Grades - 1).Select(i => Pow(q, i)).ToArray();
        var rest = Math.Max(0m, total - first);
        return [Math.Round(first), .. weights.Select(w => Math.Round(rest * w / weights.Sum()))];
    }

    private static decimal Pow(decimal x, int n)
    {
        var v = 1m;
        for (var i = 0; i < n; i++) v *= x;
        return v;
    }

    private static decimal Round(decimal v, int places) => decimal.Round(v, places, MidpointRounding.AwayFromZero);

    private static JsonArray Numbers(IEnumerable<decimal> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    /// <summary>A figure as the scenario's texts show it.</summary>
    public static string Format(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
