using Basira.Synth.Geography;

namespace Basira.Synth.National;

/// <summary>
/// The published aggregates the national SYNTHETIC population reproduces (../shared/datasets/morocco-geo/FIGURES.md),
/// and the generator's assumptions where FIGURES.md has a gap (each marked ASSUMPTION). Counts are for the whole
/// public system; a population of N pupils scales them by N / <see cref="PublicPupils"/>.
/// </summary>
public static class NationalFigures
{
    /// <summary>Public pupils 2024-25 in primary, collège and lycée (3.716 M + 2.025 M + 1.235 M; MEN via APA news, FIGURES.md §2).</summary>
    public const long PublicPupils = 6_976_000;

    /// <summary>Public establishments (≈ 12,300; article19.ma, actu-maroc.com, FIGURES.md §2).</summary>
    public const int Schools = 12_300;

    /// <summary>Share of establishments in rural areas (56 %; article19.ma, FIGURES.md §2).</summary>
    public const double RuralSchoolShare = 0.56;

    /// <summary>Share of girls among pupils (48.7 %, MEN bilan 2022-23, FIGURES.md §2).</summary>
    public const double GirlsShare = 0.487;

    /// <summary>Share of rural pupils (3,527,462 of 8,863,234, MEN bilan 2022-23, FIGURES.md §2).</summary>
    public const double RuralPupilShare = 3_527_462.0 / 8_863_234.0;

    /// <summary>Public pupils by cycle, 2024-25 (FIGURES.md §2).</summary>
    public static IReadOnlyDictionary<Cycle, long> PupilsByCycle { get; } = new Dictionary<Cycle, long>
    {
        [Cycle.Primary] = 3_716_000,
        [Cycle.LowerSecondary] = 2_025_000,
        [Cycle.UpperSecondary] = 1_235_000,
    };

    /// <summary>Dropout rate by cycle: ≈ 2 % primary, ≈ 8 % collège, ≈ 7 % qualifiant (PNCS via femmesdumaroc.com; the ministry's targets quoted by le360; FIGURES.md §3).</summary>
    public static IReadOnlyDictionary<Cycle, double> DropoutRateByCycle { get; } = new Dictionary<Cycle, double>
    {
        [Cycle.Primary] = 0.02,
        [Cycle.LowerSecondary] = 0.08,
        [Cycle.UpperSecondary] = 0.07,
    };

    /// <summary>Girls' dropout rate at collège (5.2 %) and lycée (5.5 %), PNCS (FIGURES.md §3).</summary>
    public static IReadOnlyDictionary<Cycle, double> GirlsDropoutRateByCycle { get; } = new Dictionary<Cycle, double>
    {
        [Cycle.LowerSecondary] = 0.052,
        [Cycle.UpperSecondary] = 0.055,
    };

    /// <summary>Dropouts a year implied by the rates by cycle (≈ 322,000; the sources give 280,000 to 331,000).</summary>
    public static long Dropouts => (long)Math.Round(PupilsByCycle.Sum(kv => kv.Value * DropoutRateByCycle[kv.Key]));

    /// <summary>CSEFRS Atlas (2018): the three regions with the highest all-cycle dropout, highest first (FIGURES.md §3).</summary>
    public static IReadOnlyList<string> HighestDropoutRegions { get; } = ["MA-07", "MA-01", "MA-05"];

    /// <summary>CSEFRS Atlas (2018): "lowest rates in the southern provinces" (FIGURES.md §3).</summary>
    public static IReadOnlyList<string> SouthernRegions { get; } = ["MA-10", "MA-11", "MA-12"];

    /// <summary>ASSUMPTION (no count by cycle in FIGURES.md): establishments by cycle, summing to 12,300.</summary>
    public static IReadOnlyDictionary<Cycle, int> SchoolsByCycle { get; } = new Dictionary<Cycle, int>
    {
        [Cycle.Primary] = 7_750,
        [Cycle.LowerSecondary] = 2_800,
        [Cycle.UpperSecondary] = 1_750,
    };

    /// <summary>ASSUMPTION: share of rural establishments by cycle (weighted mean 56.1 %, the published 56 %).</summary>
    public static IReadOnlyDictionary<Cycle, double> RuralSchoolShareByCycle { get; } = new Dictionary<Cycle, double>
    {
        [Cycle.Primary] = 0.69,
        [Cycle.LowerSecondary] = 0.40,
        [Cycle.UpperSecondary] = 0.25,
    };

    /// <summary>ASSUMPTION: share of rural pupils by cycle (weighted mean 39.9 %, the published 39.8 %).</summary>
    public static IReadOnlyDictionary<Cycle, double> RuralPupilShareByCycle { get; } = new Dictionary<Cycle, double>
    {
        [Cycle.Primary] = 0.48,
        [Cycle.LowerSecondary] = 0.34,
        [Cycle.UpperSecondary] = 0.25,
    };

    /// <summary>ASSUMPTION: communes (1,503 in all: 221 urban, 1,282 rural), spread over provinces by population.</summary>
    public const int UrbanCommunes = 221;

    /// <summary>ASSUMPTION: rural communes (see <see cref="UrbanCommunes"/>).</summary>
    public const int RuralCommunes = 1_282;

    /// <summary>Share of a count of the whole public system that a population of <paramref name="pupils"/> represents.</summary>
    public static double Scale(long pupils) => pupils / (double)PublicPupils;

    /// <summary>Pupils expected in a region: its share of the RGPH 2024 population (FIGURES.md §1) times <paramref name="pupils"/>.</summary>
    public static double ExpectedRegionPupils(string regionCode, long pupils)
    {
        var total = MoroccoGeography.Regions.Sum(r => r.Population2024);
        var region = MoroccoGeography.FindRegion(regionCode) ?? throw new ArgumentException($"unknown region {regionCode}", nameof(regionCode));
        return pupils * (double)region.Population2024 / total;
    }

    /// <summary>
    /// ASSUMPTION: weights of the préfectures and provinces within their region (thousands of inhabitants, orders of
    /// magnitude of the 2014 census as commonly published; not read from a source in this project). Only their ratios
    /// within a region matter: region totals are the RGPH 2024 figures.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ProvinceWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["MA-TNG"] = 1065, ["MA-MDF"] = 210, ["MA-TET"] = 550, ["MA-FAH"] = 76, ["MA-LAR"] = 496, ["MA-HOC"] = 399, ["MA-CHE"] = 457, ["MA-OUZ"] = 300,
        ["MA-OUJ"] = 551, ["MA-BER"] = 289, ["MA-DRI"] = 211, ["MA-FIG"] = 138, ["MA-GUF"] = 216, ["MA-JRA"] = 108, ["MA-NAD"] = 565, ["MA-TAI"] = 229,
        ["MA-FES"] = 1150, ["MA-MEK"] = 835, ["MA-BOM"] = 197, ["MA-HAJ"] = 247, ["MA-IFR"] = 155, ["MA-MOU"] = 174, ["MA-SEF"] = 286, ["MA-TAO"] = 663, ["MA-TAZ"] = 528,
        ["MA-RAB"] = 578, ["MA-SAL"] = 982, ["MA-SKH"] = 574, ["MA-KEN"] = 1062, ["MA-KHE"] = 542, ["MA-SIK"] = 523, ["MA-SIL"] = 320,
        ["MA-AZI"] = 554, ["MA-BEM"] = 550, ["MA-FQH"] = 502, ["MA-KHN"] = 371, ["MA-KHO"] = 498,
        ["MA-CAS"] = 3357, ["MA-MOH"] = 404, ["MA-BES"] = 234, ["MA-BRR"] = 484, ["MA-JDI"] = 786, ["MA-MED"] = 172, ["MA-NOU"] = 333, ["MA-SET"] = 634, ["MA-SIB"] = 452,
        ["MA-MAR"] = 1330, ["MA-CHI"] = 369, ["MA-HAO"] = 573, ["MA-KES"] = 537, ["MA-ESI"] = 450, ["MA-REH"] = 315, ["MA-SAF"] = 691, ["MA-YUS"] = 251,
        ["MA-ERR"] = 418, ["MA-MID"] = 289, ["MA-OUA"] = 297, ["MA-TIN"] = 322, ["MA-ZAG"] = 310,
        ["MA-AGD"] = 600, ["MA-INE"] = 542, ["MA-CHT"] = 371, ["MA-TAR"] = 838, ["MA-TAT"] = 117, ["MA-TIZ"] = 207,
        ["MA-GUE"] = 187, ["MA-ASZ"] = 44, ["MA-TNT"] = 86, ["MA-SIF"] = 115,
        ["MA-LAA"] = 272, ["MA-BOD"] = 51, ["MA-TAF"] = 17, ["MA-ESM"] = 67,
        ["MA-OUD"] = 134, ["MA-AOU"] = 8,
    };

    /// <summary>ASSUMPTION: provinces with high mountain areas (Rif, Middle and High Atlas, Anti-Atlas) where snow and closed roads keep rural pupils home in winter.</summary>
    public static IReadOnlySet<string> MountainProvinces { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MA-AZI", "MA-HAO", "MA-IFR", "MA-MID", "MA-KHN", "MA-BOM", "MA-CHE", "MA-HOC", "MA-TIN", "MA-TAZ",
        "MA-SEF", "MA-TAR", "MA-CHI", "MA-OUA", "MA-HAJ", "MA-TAO", "MA-BEM",
    };

    /// <summary>ASSUMPTION: regions where the olive harvest (November to mid-December) takes rural pupils out of school.</summary>
    public static IReadOnlySet<string> OliveRegions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MA-01", "MA-02", "MA-03", "MA-04", "MA-05", "MA-07",
    };

    /// <summary>ASSUMPTION: oasis provinces where the date harvest (October to mid-November) takes rural pupils out of school.</summary>
    public static IReadOnlySet<string> DateProvinces { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MA-ERR", "MA-ZAG", "MA-TIN", "MA-OUA", "MA-TAT", "MA-GUE", "MA-ASZ", "MA-FIG",
    };
}
