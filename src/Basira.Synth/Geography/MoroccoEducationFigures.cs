namespace Basira.Synth.Geography;

/// <summary>
/// National education figures used to calibrate the synthetic population, each with its source as read in
/// /work/shared/datasets/morocco-geo/FIGURES.md (press reports of MEN/HCP/CSEFRS releases; primary PDFs not read).
/// </summary>
public static class MoroccoEducationFigures
{
    /// <summary>Public primary pupils, rentrée 2024-25 (≈ 3.716 M; MEN communiqué via APA news, Sept 2024).</summary>
    public const int PublicPrimaryPupils2024 = 3_716_000;

    /// <summary>Public collège pupils, rentrée 2024-25 (≈ 2.025 M; same source).</summary>
    public const int PublicLowerSecondaryPupils2024 = 2_025_000;

    /// <summary>Public lycée (secondaire qualifiant) pupils, rentrée 2024-25 (≈ 1.235 M; same source).</summary>
    public const int PublicUpperSecondaryPupils2024 = 1_235_000;

    /// <summary>Schooling rate of 12-14 year-olds, rural girls, 2022-23, in % (HCP Indicateurs sociaux 2024, table 3.29).</summary>
    public const double SchoolingRate12To14RuralGirls = 89.4;

    /// <summary>Schooling rate of 12-14 year-olds, rural boys, 2022-23, in % (same table).</summary>
    public const double SchoolingRate12To14RuralBoys = 95.9;

    /// <summary>Schooling rate of 12-14 year-olds, urban girls, 2022-23, in % (same table; above 100 by construction of the ratio).</summary>
    public const double SchoolingRate12To14UrbanGirls = 106.7;

    /// <summary>Schooling rate of 12-14 year-olds, urban boys, 2022-23, in % (same table).</summary>
    public const double SchoolingRate12To14UrbanBoys = 106.0;

    /// <summary>Schooling rate of rural girls aged 6-11, 2024, in % (Le Matin).</summary>
    public const double SchoolingRate6To11RuralGirls = 95.1;

    /// <summary>Pupils leaving school early every year (≈ 280,000; L'Opinion 2025-08-04 and the Le Matin seed article 2025-07-01).</summary>
    public const int AnnualDropouts = 280_000;

    /// <summary>Of which at collège level (≈ 160,000; L'Opinion 2025-08-04).</summary>
    public const int AnnualDropoutsLowerSecondary = 160_000;

    /// <summary>Dropout rate 2020-21, primary, in % (Minister Benmoussa to Parliament).</summary>
    public const double DropoutRatePrimary2021 = 2.9;

    /// <summary>Dropout rate 2020-21, collège, in % (same source; le360 gives 7.4 %).</summary>
    public const double DropoutRateLowerSecondary2021 = 9.7;

    /// <summary>Dropout rate 2020-21, secondaire qualifiant, in % (same source).</summary>
    public const double DropoutRateUpperSecondary2021 = 7.4;

    /// <summary>Highest grade-level dropout rate, 3rd year collège (3AC), 2018, in % (CSEFRS Atlas 2014-2018).</summary>
    public const double DropoutRate3AC2018 = 19.3;

    /// <summary>2nd year bac (2BAC) dropout rate, 2018, in % (CSEFRS Atlas 2014-2018).</summary>
    public const double DropoutRate2BAC2018 = 17.1;

    /// <summary>6th year primary (6AP) dropout rate, 2018, in % (CSEFRS Atlas 2014-2018).</summary>
    public const double DropoutRate6AP2018 = 12.4;
}
