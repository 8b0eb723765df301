namespace Basira.Synth.National;

/// <summary>
/// One cause in the dropout model: a term <c>Coefficient × x</c> of the logit, where <c>x</c> is computed from the
/// pupil's record as <see cref="Definition"/> says.
/// </summary>
/// <param name="Name">Name of the driver (snake_case), e.g. <c>absence_rate</c>.</param>
/// <param name="Coefficient">Coefficient on the logit scale (per unit of x; for categorical drivers, see <see cref="DropoutCausalModel.RegionEffects"/> and <see cref="DropoutCausalModel.CycleIntercepts"/>).</param>
/// <param name="Definition">How x is computed from the record.</param>
/// <param name="Features">The record fields (snake_case) x is computed from: what a model trained on the record would use to recover this driver.</param>
/// <param name="Rationale">Why this cause, and its source where there is one.</param>
public sealed record CausalDriver(string Name, double Coefficient, string Definition, IReadOnlyList<string> Features, string Rationale);

/// <summary>
/// The causal model that decides who drops out at the end of a school year in the national SYNTHETIC population
/// (docs/education-synthetic.md). The probability is <c>σ(α[cycle] + Σ β·x + region effect)</c>, a function of
/// observed fields of the year's <see cref="PupilRecord"/> only (no hidden term), so a model trained on those fields can
/// recover the drivers; the outcome is then drawn per school by systematic sampling, which keeps each pupil's
/// probability exact and makes the school's count of dropouts its expected count to within one.
/// Absences and marks are themselves caused by hidden traits (engagement, ability, family means) and by distance,
/// season and the school: those are causes of the causes, documented in docs/education-synthetic.md.
/// </summary>
public static class DropoutCausalModel
{
    /// <summary>Grades at the end of a cycle, where dropout is highest (CSEFRS Atlas 2018: 3AC 19.3 %, 2BAC 17.1 %, 6AP 12.4 %).</summary>
    public static IReadOnlySet<string> TransitionGrades { get; } = new HashSet<string>(StringComparer.Ordinal) { "6AP", "3AC", "2BAC" };

    /// <summary>Intercept by cycle (the cycle's own effect), calibrated so that the national rates are 2 %, 8 % and 7 %.</summary>
    public static IReadOnlyDictionary<Cycle, double> CycleIntercepts { get; } = new Dictionary<Cycle, double>
    {
        [Cycle.Primary] = -5.47,
        [Cycle.LowerSecondary] = -4.39,
        [Cycle.UpperSecondary] = -4.60,
    };

    /// <summary>
    /// Effect of the region on the logit (regional conditions not captured by the other drivers), set so that the
    /// regions order as the CSEFRS Atlas says: Marrakech-Safi, Tanger-Tétouan-Al Hoceïma and Béni Mellal-Khénifra
    /// highest, the three southern regions lowest.
    /// </summary>
    public static IReadOnlyDictionary<string, double> RegionEffects { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["MA-01"] = 0.33, ["MA-02"] = 0.0, ["MA-03"] = -0.05, ["MA-04"] = -0.05, ["MA-05"] = 0.10, ["MA-06"] = -0.05,
        ["MA-07"] = 0.30, ["MA-08"] = -0.45, ["MA-09"] = -0.10, ["MA-10"] = -0.70, ["MA-11"] = -0.75, ["MA-12"] = -0.75,
    };

    /// <summary>The drivers of the logit besides the cycle intercept and the region effect, strongest first on a typical cohort.</summary>
    public static IReadOnlyList<CausalDriver> Drivers { get; } =
    [
        new("absence_rate", 12.0, "absence days / teaching days over the year (0-1)", ["absence_days", "school_days"],
            "chronic absence is the strongest early signal of leaving school"),
        new("low_marks", 0.24, "10 - annual average (marks out of 20; negative above 10)", ["term1_average", "term2_average"],
            "failing marks precede repetition and dropout"),
        new("social_support", -1.0, "1 if the family receives social support for schooling", ["social_support"],
            "PNCS: support associated with ≈ 63 % lower dropout among 6-15 year-olds (odds ratio e^-1 ≈ 0.37)"),
        new("rural_girl_college", 1.4, "1 for a girl in a rural collège", ["sex", "milieu", "cycle"],
            "rural girls leave at collège (distance, boarding, household work, early marriage; HCP 12-14 schooling 89.4 % vs 95.9 % for rural boys)"),
        new("repetitions", 0.40, "grades repeated so far (0-3)", ["repetitions"],
            "over-age pupils leave more"),
        new("girl", -0.3, "1 for a girl", ["sex"],
            "girls leave school less often than boys once enrolled"),
        new("girl_secondary", -0.6, "1 for a girl in collège or lycée", ["sex", "cycle"],
            "PNCS: girls' dropout 5.2 % at collège and 5.5 % at lycée, below the cycles' 8 % and 7 %"),
        new("distance_unmitigated", 0.30, "ln(1 + distance km) when the pupil has neither school transport nor boarding, else 0", ["distance_km", "school_transport", "boarding"],
            "long walks to school; transport and boarding remove the effect"),
        new("transition_grade", 0.45, "1 in 6AP, 3AC or 2BAC", ["grade"],
            "CSEFRS Atlas 2018: the highest rates at 3AC, 2BAC and 6AP"),
        new("rural", 0.30, "1 in a rural school", ["milieu"],
            "rural dropout is higher in every cycle (rural primary 5.9 % vs 2.9 % nationally in 2020-21)"),
    ];

    /// <summary>Names of every cause in the order of <see cref="Contributions(PupilRecord)"/>: the drivers, then <c>cycle</c> and <c>region</c>.</summary>
    public static IReadOnlyList<string> CauseNames { get; } = [.. Drivers.Select(d => d.Name), "cycle", "region"];

    /// <summary>The value x of every driver for a record, in the order of <see cref="Drivers"/>.</summary>
    public static double[] DriverValues(PupilRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return DriverValues(r.AbsenceRate, r.AnnualAverage, r.SocialSupport, r.Sex == 'F', r.Milieu == Milieu.Rural, r.Cycle,
            r.Repetitions, r.DistanceKm, r.SchoolTransport || r.Boarding, TransitionGrades.Contains(r.Grade));
    }

    internal static double[] DriverValues(double absenceRate, double annualAverage, bool support, bool girl, bool rural, Cycle cycle,
        int repetitions, double distanceKm, bool mitigated, bool transition) =>
    [
        absenceRate,
        10 - annualAverage,
        support ? 1 : 0,
        girl && rural && cycle == Cycle.LowerSecondary ? 1 : 0,
        repetitions,
        girl ? 1 : 0,
        girl && cycle != Cycle.Primary ? 1 : 0,
        mitigated ? 0 : Math.Log(1 + distanceKm),
        transition ? 1 : 0,
        rural ? 1 : 0,
    ];

    /// <summary>The logit of dropping out at the end of the record's year.</summary>
    public static double Logit(PupilRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Logit(DriverValues(r), r.Cycle, r.RegionCode);
    }

    internal static double Logit(double[] x, Cycle cycle, string region)
    {
        var z = CycleIntercepts[cycle] + RegionEffects.GetValueOrDefault(region);
        for (var k = 0; k < x.Length; k++) z += Drivers[k].Coefficient * x[k];
        return z;
    }

    /// <summary>The probability of dropping out at the end of the record's year.</summary>
    public static double Probability(PupilRecord r) => Sigmoid(Logit(r));

    /// <summary>
    /// Each cause's term of the logit for one record, in the order of <see cref="CauseNames"/>: β·x for every driver,
    /// then the cycle intercept and the region effect. They sum to <see cref="Logit(PupilRecord)"/>.
    /// </summary>
    public static double[] Contributions(PupilRecord r)
    {
        var x = DriverValues(r);
        var c = new double[CauseNames.Count];
        for (var k = 0; k < x.Length; k++) c[k] = Drivers[k].Coefficient * x[k];
        c[x.Length] = CycleIntercepts[r.Cycle];
        c[x.Length + 1] = RegionEffects.GetValueOrDefault(r.RegionCode);
        return c;
    }

    /// <summary>
    /// The true importance of each cause on a cohort: the mean absolute centred term, mean |β·(x − x̄)| (for the cycle and
    /// the region, the mean absolute deviation of their effect), which is the mean |SHAP value| of this additive model on
    /// the logit scale. Sorted from the strongest. This is what drivers recovered from a trained model should match.
    /// </summary>
    public static IReadOnlyList<(string Cause, double MeanAbsolute, double SignedPerUnit)> Importance(IEnumerable<PupilRecord> cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var rows = cohort.Select(Contributions).ToList();
        if (rows.Count == 0) return [];
        var k = CauseNames.Count;
        var mean = new double[k];
        foreach (var row in rows) for (var j = 0; j < k; j++) mean[j] += row[j] / rows.Count;
        var mad = new double[k];
        foreach (var row in rows) for (var j = 0; j < k; j++) mad[j] += Math.Abs(row[j] - mean[j]) / rows.Count;
        return [.. Enumerable.Range(0, k)
            .Select(j => (CauseNames[j], mad[j], j < Drivers.Count ? Drivers[j].Coefficient : double.NaN))
            .OrderByDescending(t => t.Item2)];
    }

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
