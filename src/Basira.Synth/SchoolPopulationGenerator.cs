using Basira.Synth.Geography;

namespace Basira.Synth;

/// <summary>
/// Deterministic generator of a small, plausible, SYNTHETIC Moroccan school population for demos and tests.
/// </summary>
/// <remarks>
/// Figures used for calibration (FIGURES.md): cycle shares of public pupils 2024-25 (primary ≈ 3.716 M,
/// collège ≈ 2.025 M, qualifiant ≈ 1.235 M, MEN via APA news); girls 48.7 % (MEN bilan 2022-23); schooling rate
/// of 12-14 year-olds 2022-23 rural girls 89.4 % vs rural boys 95.9 % (HCP Indicateurs sociaux 2024, table 3.29);
/// highest dropout at 3AC, 2BAC and 6AP (CSEFRS Atlas 2014-2018); ≈ 280,000 dropouts a year, ≈ 160,000 at
/// collège (L'Opinion 2025; Le Matin 2025-07-01). The label rate is an option (default 12 %): the demo over-samples
/// dropouts relative to the national ≈ 4-5 % so that a classifier has enough positives.
/// </remarks>
public static class SchoolPopulationGenerator
{
    private static readonly string[] PrimaryGrades = ["1AP", "2AP", "3AP", "4AP", "5AP", "6AP"];
    private static readonly string[] LowerSecondaryGrades = ["1AC", "2AC", "3AC"];
    private static readonly string[] UpperSecondaryGrades = ["TC", "1BAC", "2BAC"];

    /// <summary>Regions with atypical 2018 dropout (CSEFRS Atlas): the three highest, and the southern regions (lowest).</summary>
    private static readonly HashSet<string> HighDropoutRegions = ["MA-07", "MA-01", "MA-05"];
    private static readonly HashSet<string> SouthernRegions = ["MA-10", "MA-11", "MA-12"];

    /// <summary>Regions where Amazigh first names are drawn more often (High/Middle Atlas, Souss, Drâa).</summary>
    private static readonly HashSet<string> AmazighRegions = ["MA-05", "MA-07", "MA-08", "MA-09"];

    /// <summary>Generates a synthetic school population.</summary>
    /// <param name="options">Generation options; the same options always produce the same population.</param>
    /// <returns>Schools, pupils (with the <c>dropped_out</c> label) and, on request, weekly absences.</returns>
    /// <exception cref="ArgumentException">An option is out of range or a province code is unknown.</exception>
    public static SchoolPopulation Generate(SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<Province> provinces = Validate(options);

        var rng = SynthRandom.Derive(options.Seed, 1);
        var schools = new List<School>();
        foreach (Province province in provinces)
        {
            schools.AddRange(GenerateSchools(province, options.SchoolsPerProvince, rng));
        }

        var drafts = new List<PupilDraft>(options.PupilCount);
        int perProvince = options.PupilCount / provinces.Count;
        int remainder = options.PupilCount % provinces.Count;
        for (int pi = 0; pi < provinces.Count; pi++)
        {
            Province province = provinces[pi];
            var catalogue = new SchoolCatalogue(schools.Where(s => s.ProvinceCode == province.Code));
            int count = perProvince + (pi < remainder ? 1 : 0);
            for (int i = 0; i < count; i++)
            {
                drafts.Add(GeneratePupil(drafts.Count + 1, province, catalogue, options, rng));
            }
        }

        // Hidden mechanism: solve the intercept so that the expected label rate is the target, then draw labels
        // from a separate stream so that the features do not depend on the target rate.
        double intercept = SolveIntercept(drafts, options.TargetDropoutRate);
        var labelRng = SynthRandom.Derive(options.Seed, 2);
        var pupils = new List<Pupil>(drafts.Count);
        foreach (PupilDraft d in drafts)
        {
            bool dropped = labelRng.Bernoulli(Sigmoid(intercept + d.Logit));
            int? week = dropped ? labelRng.NextInt(options.TermWeeks + 1, options.Weeks + 1) : null;
            pupils.Add(d.Pupil with { DroppedOut = dropped, DropoutWeek = week });
        }

        IReadOnlyList<WeeklyAbsence> weekly = options.IncludeWeeklyAbsences
            ? GenerateWeeklyAbsences(pupils, options)
            : [];

        return new SchoolPopulation(options, schools, pupils, weekly);
    }

    private static List<Province> Validate(SynthOptions options)
    {
        SynthOptions o = options;
        if (o.Provinces is null || o.Provinces.Count == 0)
        {
            throw new ArgumentException("At least one province code is required.", nameof(options));
        }

        var unknown = o.Provinces.Where(c => MoroccoGeography.FindProvince(c) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown province code(s): {string.Join(", ", unknown)}.", nameof(options));
        }

        if (o.PupilCount < 1 || o.PupilCount > 5_000_000)
        {
            throw new ArgumentException("PupilCount must be between 1 and 5,000,000.", nameof(options));
        }

        if (o.SchoolsPerProvince < 3 || o.SchoolsPerProvince > 10_000)
        {
            throw new ArgumentException("SchoolsPerProvince must be between 3 and 10,000 (one per cycle at least).", nameof(options));
        }

        if (!(o.TargetDropoutRate > 0.001 && o.TargetDropoutRate < 0.5))
        {
            throw new ArgumentException("TargetDropoutRate must be in (0.001, 0.5).", nameof(options));
        }

        if (o.TermWeeks < 1 || o.Weeks <= o.TermWeeks || o.Weeks > 52)
        {
            throw new ArgumentException("Need 1 <= TermWeeks < Weeks <= 52.", nameof(options));
        }

        return o.Provinces
            .Select(c => MoroccoGeography.FindProvince(c)!)
            .DistinctBy(p => p.Code)
            .ToList();
    }

    private static IEnumerable<School> GenerateSchools(Province province, int count, SynthRandom rng)
    {
        // Roughly half of establishments are primary schools; at least one school per cycle.
        int lower = Math.Max(1, (int)Math.Round(count * 0.3));
        int upper = Math.Max(1, (int)Math.Round(count * 0.15));
        int primary = Math.Max(1, count - lower - upper);
        double rural = 1 - province.UrbanShare;

        // Rural collèges and lycées are scarcer: many rural pupils study in the urban centre of the province.
        (Cycle Cycle, int Count, double RuralFactor)[] plan =
        [
            (Cycle.Primary, primary, 1.0),
            (Cycle.LowerSecondary, lower, 0.8),
            (Cycle.UpperSecondary, upper, 0.6),
        ];

        string shortCode = province.Code[3..];
        int serial = 0;
        int urbanCommune = 0;
        int ruralCommune = 0;
        foreach ((Cycle cycle, int n, double factor) in plan)
        {
            int ruralCount = Math.Min(n, (int)Math.Round(n * rural * factor));
            for (int k = 0; k < n; k++)
            {
                Milieu milieu = k < n - ruralCount ? Milieu.Urban : Milieu.Rural;
                serial++;
                string commune = ReferenceNames.Commune(province, milieu, milieu == Milieu.Urban ? urbanCommune++ : ruralCommune++);
                string prefix = cycle switch
                {
                    Cycle.Primary => milieu == Milieu.Rural ? "Groupe scolaire" : "École primaire",
                    Cycle.LowerSecondary => "Collège",
                    _ => "Lycée",
                };
                string name = $"{prefix} {rng.Pick(ReferenceNames.SchoolPatrons)} (synthétique)";
                yield return new School(
                    $"SYN-SCH-{shortCode}-{serial:D3}",
                    name,
                    province.RegionCode,
                    province.Code,
                    commune,
                    milieu,
                    cycle,
                    Capacity(cycle, milieu, rng),
                    Band(cycle, milieu, rng));
            }
        }
    }

    private static int Capacity(Cycle cycle, Milieu milieu, SynthRandom rng)
    {
        (int lo, int hi) = (cycle, milieu) switch
        {
            (Cycle.Primary, Milieu.Urban) => (600, 1200),
            (Cycle.Primary, Milieu.Rural) => (150, 450),
            (Cycle.LowerSecondary, Milieu.Urban) => (800, 1500),
            (Cycle.LowerSecondary, Milieu.Rural) => (300, 700),
            (_, Milieu.Urban) => (900, 1600),
            _ => (400, 800),
        };
        return (int)Math.Round(rng.NextInt(lo, hi + 1) / 10.0) * 10;
    }

    private static DistanceBand Band(Cycle cycle, Milieu milieu, SynthRandom rng)
    {
        double[] weights = (cycle, milieu) switch
        {
            (Cycle.Primary, Milieu.Urban) => [0.85, 0.15, 0, 0],
            (Cycle.Primary, Milieu.Rural) => [0.35, 0.5, 0.15, 0],
            (_, Milieu.Urban) => [0.45, 0.45, 0.1, 0],
            (Cycle.LowerSecondary, Milieu.Rural) => [0, 0.3, 0.45, 0.25],
            _ => [0, 0.1, 0.45, 0.45],
        };
        return (DistanceBand)rng.PickWeighted(weights);
    }

    private static PupilDraft GeneratePupil(int serial, Province province, SchoolCatalogue schools, SynthOptions o, SynthRandom rng)
    {
        Milieu milieu = rng.Bernoulli(province.UrbanShare) ? Milieu.Urban : Milieu.Rural;
        bool rural = milieu == Milieu.Rural;

        // Cycle shares of public pupils 2024-25: 53 % primary, 29 % collège, 18 % qualifiant (FIGURES.md §2);
        // shifted towards primary in rural areas where secondary participation is lower.
        Cycle cycle = (Cycle)rng.PickWeighted(rural ? [0.60, 0.28, 0.12] : [0.50, 0.30, 0.20]);

        // Girls 48.7 % (MEN 2022-23). In rural secondary, scale by the 12-14 schooling rates
        // (rural girls 89.4 % vs boys 95.9 %, HCP 2024 table 3.29): P(F) ≈ 0.469.
        const double girls = MoroccoGeography.GirlsShareOfPupils;
        const double girlsRetention = MoroccoEducationFigures.SchoolingRate12To14RuralGirls / MoroccoEducationFigures.SchoolingRate12To14RuralBoys;
        double pGirl = rural && cycle != Cycle.Primary
            ? girls * girlsRetention / ((girls * girlsRetention) + (1 - girls))
            : girls;
        char sex = rng.Bernoulli(pGirl) ? 'F' : 'M';
        bool girl = sex == 'F';

        string[] grades = cycle switch
        {
            Cycle.Primary => PrimaryGrades,
            Cycle.LowerSecondary => LowerSecondaryGrades,
            _ => UpperSecondaryGrades,
        };
        int gradeIndex = rng.NextInt(grades.Length);
        int overallGrade = gradeIndex + 1 + cycle switch { Cycle.Primary => 0, Cycle.LowerSecondary => 6, _ => 9 };

        // Family background.
        double ses = (rural ? -0.55 : 0.35) + (province.Kind == ProvinceKind.Prefecture ? 0.15 : 0) + (0.85 * rng.Normal());
        double motherLatent = ses + rng.Normal(0, 0.7) + (rural ? -0.35 : 0);
        MotherEducation mother = motherLatent switch
        {
            < -0.45 => MotherEducation.None,
            < 0.35 => MotherEducation.Primary,
            < 1.35 => MotherEducation.Secondary,
            _ => MotherEducation.Higher,
        };

        // Hidden traits: ability and engagement (never exported).
        double ability = rng.Normal() + (0.3 * ses);
        double engagement = rng.Normal();

        // Repetitions over the grades already completed (repetition ≈ 8 % a year, boys more; FIGURES/METHOD).
        int repetitions = 0;
        double pRepeat = Sigmoid(-2.9 - (0.9 * ability) - (0.35 * engagement) + (girl ? 0 : 0.35) + (rural ? 0.2 : 0));
        for (int g = 1; g < overallGrade && repetitions < 3; g++)
        {
            if (rng.Bernoulli(pRepeat))
            {
                repetitions++;
            }
        }

        int lateEntry = rng.Bernoulli(rural ? 0.08 : 0.03) ? 1 : 0;
        int age = 6 + (overallGrade - 1) + repetitions + lateEntry;

        // School: same milieu and cycle when the province has one, weighted by capacity.
        (School school, bool commutesToTown) = schools.Pick(cycle, milieu, rng);

        double median = school.DistanceBand switch
        {
            DistanceBand.Near => 0.8,
            DistanceBand.Medium => 3.0,
            DistanceBand.Far => 7.0,
            _ => 13.0,
        };
        if (commutesToTown)
        {
            median += 8.0;
        }

        double distance = Math.Round(Math.Clamp(median * Math.Exp(0.45 * rng.Normal()), 0.1, 45.0), 1);
        Transport transport = DrawTransport(distance, rural, cycle, ses, rng);
        bool mitigated = transport is Transport.SchoolBus or Transport.Boarding;

        // Absences over the term: driven by engagement, distance (when walking), milieu, SES and health noise.
        int termDays = o.TermWeeks * SynthOptions.DaysPerWeek;
        double absenceLogit = -3.0
            - (0.75 * engagement)
            + (0.22 * Math.Log(1 + distance) * (mitigated ? 0.4 : 1.0))
            + (rural ? 0.15 : 0)
            - (0.15 * ses)
            + (cycle == Cycle.UpperSecondary ? 0.2 : 0)
            + rng.Normal(0, 0.5);
        int absenceDays = rng.Binomial(termDays, Sigmoid(absenceLogit));
        double absenceRate = Math.Round(absenceDays / (double)termDays, 4);

        double grade = 11.6 + (2.0 * ability) + (0.5 * engagement) - (0.05 * absenceDays) - (rural ? 0.4 : 0) + rng.Normal(0, 1.2);
        grade = Math.Round(Math.Clamp(grade, 0, 20), 2);

        string firstName = DrawFirstName(girl, rural && AmazighRegions.Contains(province.RegionCode), rng);
        string lastName = rng.Pick(ReferenceNames.FamilyNames);

        var pupil = new Pupil(
            $"SYN-{serial:D6}",
            firstName,
            lastName,
            sex,
            o.SchoolYear - age,
            province.RegionCode,
            province.Code,
            school.Commune,
            milieu,
            school.Id,
            cycle,
            grades[gradeIndex],
            distance,
            absenceDays,
            absenceRate,
            grade,
            repetitions,
            transport,
            Math.Round(ses, 3),
            mother,
            DroppedOut: false,
            DropoutWeek: null);

        // Unobserved part of the dropout risk: low engagement beyond what absences and grades reveal, plus noise
        // (family events, work, marriage, migration) - keeps a good model's AUC well below 1.
        double hidden = (-0.45 * engagement) + rng.Normal(0, 0.6);
        return new PupilDraft(pupil, HiddenMechanism.ObservedLogit(pupil) + hidden);
    }

    private static Transport DrawTransport(double distance, bool rural, Cycle cycle, double ses, SynthRandom rng)
    {
        if (distance < 1.5)
        {
            return rng.Bernoulli(0.9) ? Transport.Walk : Transport.FamilyVehicle;
        }

        double[] weights;
        if (rural)
        {
            // Walk, Bicycle, SchoolBus, PublicTransport, FamilyVehicle, Boarding.
            weights = distance > 8 && cycle != Cycle.Primary
                ? [0.15, 0.1, 0.3, 0.1, 0.05, 0.3]
                : [0.55, 0.15, 0.2, 0.05, 0.05, 0];
        }
        else
        {
            double car = ses > 0.8 ? 0.45 : 0.15;
            weights = distance > 4 ? [0.1, 0.05, 0.1, 0.75 - car, car, 0] : [0.55, 0.05, 0.05, 0.35 - car, car, 0];
        }

        return (Transport)rng.PickWeighted(weights);
    }

    private static string DrawFirstName(bool girl, bool amazighArea, SynthRandom rng)
    {
        bool amazigh = rng.Bernoulli(amazighArea ? 0.25 : 0.04);
        return (girl, amazigh) switch
        {
            (true, true) => rng.Pick(ReferenceNames.AmazighFemaleFirstNames),
            (true, false) => rng.Pick(ReferenceNames.FemaleFirstNames),
            (false, true) => rng.Pick(ReferenceNames.AmazighMaleFirstNames),
            _ => rng.Pick(ReferenceNames.MaleFirstNames),
        };
    }

    private static double SolveIntercept(List<PupilDraft> drafts, double target)
    {
        double lo = -15;
        double hi = 15;
        for (int iteration = 0; iteration < 60; iteration++)
        {
            double mid = (lo + hi) / 2;
            double mean = 0;
            foreach (PupilDraft d in drafts)
            {
                mean += Sigmoid(mid + d.Logit);
            }

            mean /= drafts.Count;
            if (mean < target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    private static List<WeeklyAbsence> GenerateWeeklyAbsences(List<Pupil> pupils, SynthOptions o)
    {
        var rows = new List<WeeklyAbsence>(pupils.Count * o.Weeks);
        const int days = SynthOptions.DaysPerWeek;
        for (int i = 0; i < pupils.Count; i++)
        {
            Pupil p = pupils[i];
            var rng = SynthRandom.Derive(o.Seed, 1000UL + (ulong)i);
            double[] season = new double[o.Weeks];
            for (int w = 0; w < o.Weeks; w++)
            {
                season[w] = Seasonality(w + 1, p.Milieu);
            }

            // Term weeks: spread exactly AbsenceDays over weeks 1..TermWeeks (at most 5 a week).
            int[] absent = new int[o.Weeks];
            for (int d = 0; d < p.AbsenceDays; d++)
            {
                double[] weights = new double[o.TermWeeks];
                for (int w = 0; w < o.TermWeeks; w++)
                {
                    weights[w] = absent[w] < days ? season[w] : 0;
                }

                absent[rng.PickWeighted(weights)]++;
            }

            // Later weeks: same personal rate, rising before a dropout, full absence afterwards.
            double baseRate = Math.Max(0.01, p.AbsenceRate);
            for (int w = o.TermWeeks; w < o.Weeks; w++)
            {
                int week = w + 1;
                if (p.DropoutWeek is { } dw && week >= dw)
                {
                    absent[w] = days;
                    continue;
                }

                double rate = baseRate * season[w];
                if (p.DropoutWeek is { } dw2 && dw2 - week <= 4)
                {
                    rate *= 2.5;
                }

                absent[w] = rng.Binomial(days, Math.Min(0.95, rate));
            }

            for (int w = 0; w < o.Weeks; w++)
            {
                rows.Add(new WeeklyAbsence(p.Id, w + 1, absent[w]));
            }
        }

        return rows;
    }

    /// <summary>
    /// Relative weekly absence intensity (week 1 = early September): winter weeks (≈ 14-22) are harder in rural
    /// areas; late spring (harvest, ≈ 30-36) pulls rural pupils out; the last weeks slacken everywhere.
    /// </summary>
    private static double Seasonality(int week, Milieu milieu)
    {
        double factor = 1.0;
        if (week is >= 14 and <= 22)
        {
            factor += milieu == Milieu.Rural ? 0.5 : 0.15;
        }

        if (week >= 30)
        {
            factor += milieu == Milieu.Rural ? 0.4 : 0.2;
        }

        return factor;
    }

    internal static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private sealed record PupilDraft(Pupil Pupil, double Logit);

    /// <summary>Schools of one province indexed by cycle and milieu, with capacity weights.</summary>
    private sealed class SchoolCatalogue
    {
        private readonly Dictionary<(Cycle, Milieu?), (School[] Schools, double[] Weights)> _index = [];

        public SchoolCatalogue(IEnumerable<School> schools)
        {
            School[] all = schools.ToArray();
            foreach (Cycle cycle in Enum.GetValues<Cycle>())
            {
                Add((cycle, null), all.Where(s => s.Cycle == cycle));
                foreach (Milieu milieu in Enum.GetValues<Milieu>())
                {
                    Add((cycle, milieu), all.Where(s => s.Cycle == cycle && s.Milieu == milieu));
                }
            }
        }

        /// <summary>A school of the cycle in the pupil's milieu, or any school of the cycle (a rural pupil then commutes to town).</summary>
        public (School School, bool CommutesToTown) Pick(Cycle cycle, Milieu milieu, SynthRandom rng)
        {
            bool fallback = !_index.TryGetValue((cycle, milieu), out var entry);
            if (fallback)
            {
                entry = _index[(cycle, null)];
            }

            return (entry.Schools[rng.PickWeighted(entry.Weights)], fallback && milieu == Milieu.Rural);
        }

        private void Add((Cycle, Milieu?) key, IEnumerable<School> schools)
        {
            School[] array = schools.ToArray();
            if (array.Length > 0)
            {
                _index[key] = (array, array.Select(s => (double)s.Capacity).ToArray());
            }
        }
    }

    /// <summary>The observable part of the hidden dropout mechanism (internal; used by tests as an oracle score).</summary>
    internal static class HiddenMechanism
    {
        public static double ObservedLogit(Pupil p)
        {
            bool rural = p.Milieu == Milieu.Rural;
            bool girl = p.Sex == 'F';
            bool mitigated = p.Transport is Transport.SchoolBus or Transport.Boarding;
            double x = (5.5 * p.AbsenceRate)
                + (0.55 * p.Repetitions)
                - (0.28 * (p.GradeAverage - 10))
                + (0.35 * Math.Log(1 + p.DistanceKm) * (mitigated ? 0.4 : 1.0))
                + (rural ? 0.2 : 0)
                - (0.25 * p.SesIndex)
                + (p.MotherEducation == MotherEducation.None ? 0.25 : 0);

            x += p.Cycle switch
            {
                Cycle.Primary => -1.0,
                Cycle.LowerSecondary => 0.0,
                _ => -0.2,
            };

            // Transition grades have the highest rates (CSEFRS Atlas: 3AC 19.3 %, 2BAC 17.1 %, 6AP 12.4 %).
            x += p.GradeLevel switch
            {
                "3AC" => 0.45,
                "2BAC" => 0.3,
                "6AP" => 0.3,
                _ => 0,
            };

            // Rural girls leave in collège (and lycée): distance, boarding, early marriage, household work.
            if (rural && girl && p.Cycle == Cycle.LowerSecondary)
            {
                x += 1.2;
            }
            else if (rural && girl && p.Cycle == Cycle.UpperSecondary)
            {
                x += 0.2;
            }

            if (HighDropoutRegions.Contains(p.RegionCode))
            {
                x += 0.1;
            }
            else if (SouthernRegions.Contains(p.RegionCode))
            {
                x -= 0.25;
            }

            return x;
        }
    }
}
