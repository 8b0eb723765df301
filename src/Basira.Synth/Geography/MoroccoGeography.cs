namespace Basira.Synth.Geography;

/// <summary>Whether a territorial unit of the second level is a préfecture (urban) or a province.</summary>
public enum ProvinceKind
{
    /// <summary>Préfecture (عمالة): a predominantly urban unit.</summary>
    Prefecture,

    /// <summary>Province (إقليم).</summary>
    Province,
}

/// <summary>One of the 12 regions of Morocco (2015 découpage), identified by its ISO 3166-2:MA code.</summary>
/// <param name="Code">ISO 3166-2:MA code, <c>MA-01</c> .. <c>MA-12</c> (the <c>id</c> of regions.json).</param>
/// <param name="NameFr">French name.</param>
/// <param name="NameAr">Arabic name.</param>
/// <param name="NameEn">English display name (set by the project, without the OSM "(EH)" suffixes).</param>
/// <param name="Population2024">RGPH 2024 legal population (HCP, décret 2.24.1009).</param>
/// <param name="Households2024">RGPH 2024 number of households.</param>
/// <param name="DropoutRate2018">All-cycle dropout rate in 2018 (CSEFRS Atlas territorial de l'abandon scolaire),
/// known only for the three highest regions; <c>null</c> elsewhere.</param>
public sealed record Region(
    string Code,
    string NameFr,
    string NameAr,
    string NameEn,
    long Population2024,
    long Households2024,
    double? DropoutRate2018);

/// <summary>A préfecture or province, identified by the code used as <c>id</c> in provinces.json.</summary>
/// <param name="Code">Three-letter ISO 3166-2:MA style code, e.g. <c>MA-CAS</c>.</param>
/// <param name="RegionCode">ISO code of the parent region (ISO 3166-2:MA hierarchy).</param>
/// <param name="Kind">Préfecture or province.</param>
/// <param name="NameFr">French name, without the "Préfecture de"/"Province de" prefix.</param>
/// <param name="NameAr">Arabic name, including the عمالة/إقليم prefix.</param>
/// <param name="UrbanShare">Share of pupils living in urban areas used by the generator. ASSUMPTION for the
/// synthetic population (order of magnitude, not a sourced figure: per-province urbanisation was not in the
/// figures read; national rate 62.8 % in RGPH 2024).</param>
public sealed record Province(
    string Code,
    string RegionCode,
    ProvinceKind Kind,
    string NameFr,
    string NameAr,
    double UrbanShare);

/// <summary>Embedded reference tables of Morocco's regions and préfectures/provinces (no file read at run time).</summary>
/// <remarks>
/// Codes follow /work/shared/datasets/morocco-geo (regions.json and provinces.json ids); the province → region
/// mapping is the ISO 3166-2:MA hierarchy (75 units). Population figures: RGPH 2024, see FIGURES.md §1.
/// </remarks>
public static class MoroccoGeography
{
    /// <summary>National RGPH 2024 urbanisation rate (lessentielinfo.com, FIGURES.md §1).</summary>
    public const double NationalUrbanShare2024 = 0.628;

    /// <summary>Share of girls among pupils, 2022-23 (MEN bilan, FIGURES.md §2).</summary>
    public const double GirlsShareOfPupils = 0.487;

    /// <summary>Share of rural pupils, 2022-23: 3,527,462 of 8,863,234 (MEN bilan, FIGURES.md §2).</summary>
    public const double RuralShareOfPupils = 3_527_462.0 / 8_863_234.0;

    private const double Urban = 0.95;
    private const double MostlyUrban = 0.75;
    private const double Mixed = 0.55;
    private const double MostlyRural = 0.35;
    private const double Rural = 0.22;

    /// <summary>The 12 regions, in ISO code order.</summary>
    public static IReadOnlyList<Region> Regions { get; } =
    [
        // Population and households: RGPH 2024 (HCP décret 2.24.1009), FIGURES.md §1.
        // DropoutRate2018: CSEFRS Atlas (cohort 2014-2018) via La Vie Éco / L'Économiste, FIGURES.md §3.
        new("MA-01", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة", "Tanger-Tetouan-Al Hoceima", 4_030_222, 1_048_860, 0.0778),
        new("MA-02", "L'Oriental", "الشرق", "Oriental", 2_294_665, 575_015, null),
        new("MA-03", "Fès-Meknès", "فاس مكناس", "Fez-Meknes", 4_467_911, 1_135_717, null),
        new("MA-04", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة", "Rabat-Sale-Kenitra", 5_132_639, 1_301_492, null),
        new("MA-05", "Béni Mellal-Khénifra", "بني ملال خنيفرة", "Beni Mellal-Khenifra", 2_525_801, 616_566, 0.0753),
        new("MA-06", "Casablanca-Settat", "الدار البيضاء سطات", "Casablanca-Settat", 7_688_967, 2_091_032, null),
        new("MA-07", "Marrakech-Safi", "مراكش آسفي", "Marrakesh-Safi", 4_892_393, 1_185_865, 0.0786),
        new("MA-08", "Drâa-Tafilalet", "درعة تافيلالت", "Draa-Tafilalet", 1_655_623, 338_977, null),
        new("MA-09", "Souss-Massa", "سوس ماسة", "Souss-Massa", 3_020_431, 785_208, null),
        new("MA-10", "Guelmim-Oued Noun", "كلميم وادي نون", "Guelmim-Oued Noun", 448_685, 105_394, null),
        new("MA-11", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء", "Laayoune-Sakia El Hamra", 451_028, 106_751, null),
        new("MA-12", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab", 219_965, 54_161, null),
    ];

    /// <summary>The 75 préfectures and provinces, grouped by region.</summary>
    /// <remarks>UrbanShare values are generator assumptions (see <see cref="Province.UrbanShare"/>).</remarks>
    public static IReadOnlyList<Province> Provinces { get; } =
    [
        // MA-01 Tanger-Tétouan-Al Hoceïma
        new("MA-TNG", "MA-01", ProvinceKind.Prefecture, "Tanger-Assilah", "عمالة طنجة أصيلة", Urban),
        new("MA-MDF", "MA-01", ProvinceKind.Prefecture, "M'diq-Fnideq", "عمالة المضيق الفنيدق", Urban),
        new("MA-TET", "MA-01", ProvinceKind.Province, "Tétouan", "إقليم تطوان", MostlyUrban),
        new("MA-FAH", "MA-01", ProvinceKind.Province, "Fahs-Anjra", "إقليم الفحص أنجرة", Rural),
        new("MA-LAR", "MA-01", ProvinceKind.Province, "Larache", "إقليم العرائش", Mixed),
        new("MA-HOC", "MA-01", ProvinceKind.Province, "Al Hoceïma", "إقليم الحسيمة", MostlyRural),
        new("MA-CHE", "MA-01", ProvinceKind.Province, "Chefchaouen", "إقليم شفشاون", Rural),
        new("MA-OUZ", "MA-01", ProvinceKind.Province, "Ouezzane", "إقليم وزان", MostlyRural),

        // MA-02 L'Oriental
        new("MA-OUJ", "MA-02", ProvinceKind.Prefecture, "Oujda-Angad", "عمالة وجدة أنكاد", Urban),
        new("MA-BER", "MA-02", ProvinceKind.Province, "Berkane", "إقليم بركان", Mixed),
        new("MA-DRI", "MA-02", ProvinceKind.Province, "Driouch", "إقليم الدريوش", Rural),
        new("MA-FIG", "MA-02", ProvinceKind.Province, "Figuig", "إقليم فجيج", Mixed), // provinces.json carries Nador's Arabic name for Figuig; corrected here.
        new("MA-GUF", "MA-02", ProvinceKind.Province, "Guercif", "إقليم جرسيف", MostlyRural),
        new("MA-JRA", "MA-02", ProvinceKind.Province, "Jerada", "إقليم جرادة", Mixed),
        new("MA-NAD", "MA-02", ProvinceKind.Province, "Nador", "إقليم الناظور", Mixed),
        new("MA-TAI", "MA-02", ProvinceKind.Province, "Taourirt", "إقليم تاوريرت", Mixed),

        // MA-03 Fès-Meknès
        new("MA-FES", "MA-03", ProvinceKind.Prefecture, "Fès", "عمالة فاس", Urban),
        new("MA-MEK", "MA-03", ProvinceKind.Prefecture, "Meknès", "عمالة مكناس", Urban),
        new("MA-BOM", "MA-03", ProvinceKind.Province, "Boulemane", "إقليم بولمان", MostlyRural),
        new("MA-HAJ", "MA-03", ProvinceKind.Province, "El Hajeb", "إقليم الحاجب", Mixed),
        new("MA-IFR", "MA-03", ProvinceKind.Province, "Ifrane", "إقليم إفران", Mixed),
        new("MA-MOU", "MA-03", ProvinceKind.Province, "Moulay Yacoub", "إقليم مولاي يعقوب", Rural),
        new("MA-SEF", "MA-03", ProvinceKind.Province, "Sefrou", "إقليم صفرو", Mixed),
        new("MA-TAO", "MA-03", ProvinceKind.Province, "Taounate", "إقليم تاونات", Rural),
        new("MA-TAZ", "MA-03", ProvinceKind.Province, "Taza", "إقليم تازة", MostlyRural),

        // MA-04 Rabat-Salé-Kénitra
        new("MA-RAB", "MA-04", ProvinceKind.Prefecture, "Rabat", "عمالة الرباط", Urban), // provinces.json has no French name for MA-RAB.
        new("MA-SAL", "MA-04", ProvinceKind.Prefecture, "Salé", "عمالة سلا", Urban),
        new("MA-SKH", "MA-04", ProvinceKind.Prefecture, "Skhirate-Témara", "عمالة الصخيرات تمارة", Urban),
        new("MA-KEN", "MA-04", ProvinceKind.Province, "Kénitra", "إقليم القنيطرة", Mixed),
        new("MA-KHE", "MA-04", ProvinceKind.Province, "Khémisset", "إقليم الخميسات", Mixed),
        new("MA-SIK", "MA-04", ProvinceKind.Province, "Sidi Kacem", "إقليم سيدي قاسم", MostlyRural),
        new("MA-SIL", "MA-04", ProvinceKind.Province, "Sidi Slimane", "إقليم سيدي سليمان", Mixed),

        // MA-05 Béni Mellal-Khénifra
        new("MA-AZI", "MA-05", ProvinceKind.Province, "Azilal", "إقليم أزيلال", Rural),
        new("MA-BEM", "MA-05", ProvinceKind.Province, "Béni Mellal", "إقليم بني ملال", Mixed),
        new("MA-FQH", "MA-05", ProvinceKind.Province, "Fquih Ben Salah", "إقليم الفقيه بن صالح", MostlyRural),
        new("MA-KHN", "MA-05", ProvinceKind.Province, "Khénifra", "إقليم خنيفرة", Mixed),
        new("MA-KHO", "MA-05", ProvinceKind.Province, "Khouribga", "إقليم خريبكة", MostlyUrban),

        // MA-06 Casablanca-Settat
        new("MA-CAS", "MA-06", ProvinceKind.Prefecture, "Casablanca", "عمالة الدار البيضاء", 0.99),
        new("MA-MOH", "MA-06", ProvinceKind.Prefecture, "Mohammédia", "عمالة المحمدية", Urban),
        new("MA-BES", "MA-06", ProvinceKind.Province, "Benslimane", "إقليم بن سليمان", Mixed),
        new("MA-BRR", "MA-06", ProvinceKind.Province, "Berrechid", "إقليم برشيد", Mixed),
        new("MA-JDI", "MA-06", ProvinceKind.Province, "El Jadida", "إقليم الجديدة", Mixed),
        new("MA-MED", "MA-06", ProvinceKind.Province, "Médiouna", "إقليم مديونة", MostlyUrban),
        new("MA-NOU", "MA-06", ProvinceKind.Province, "Nouaceur", "إقليم النواصر", MostlyUrban),
        new("MA-SET", "MA-06", ProvinceKind.Province, "Settat", "إقليم سطات", Mixed),
        new("MA-SIB", "MA-06", ProvinceKind.Province, "Sidi Bennour", "إقليم سيدي بنور", Rural),

        // MA-07 Marrakech-Safi
        new("MA-MAR", "MA-07", ProvinceKind.Prefecture, "Marrakech", "عمالة مراكش", Urban),
        new("MA-CHI", "MA-07", ProvinceKind.Province, "Chichaoua", "إقليم شيشاوة", Rural),
        new("MA-HAO", "MA-07", ProvinceKind.Province, "Al Haouz", "إقليم الحوز", Rural),
        new("MA-KES", "MA-07", ProvinceKind.Province, "El Kelâa des Sraghna", "إقليم قلعة السراغنة", MostlyRural),
        new("MA-ESI", "MA-07", ProvinceKind.Province, "Essaouira", "إقليم الصويرة", Rural),
        new("MA-REH", "MA-07", ProvinceKind.Province, "Rehamna", "إقليم الرحامنة", MostlyRural),
        new("MA-SAF", "MA-07", ProvinceKind.Province, "Safi", "إقليم آسفي", Mixed),
        new("MA-YUS", "MA-07", ProvinceKind.Province, "Youssoufia", "إقليم اليوسفية", Mixed),

        // MA-08 Drâa-Tafilalet
        new("MA-ERR", "MA-08", ProvinceKind.Province, "Errachidia", "إقليم الرشيدية", Mixed),
        new("MA-MID", "MA-08", ProvinceKind.Province, "Midelt", "إقليم ميدلت", MostlyRural),
        new("MA-OUA", "MA-08", ProvinceKind.Province, "Ouarzazate", "إقليم ورزازات", MostlyRural),
        new("MA-TIN", "MA-08", ProvinceKind.Province, "Tinghir", "إقليم تنغير", Rural),
        new("MA-ZAG", "MA-08", ProvinceKind.Province, "Zagora", "إقليم زاكورة", Rural),

        // MA-09 Souss-Massa
        new("MA-AGD", "MA-09", ProvinceKind.Prefecture, "Agadir Ida-Outanane", "عمالة أكادير إداوتنان", Urban),
        new("MA-INE", "MA-09", ProvinceKind.Prefecture, "Inezgane-Aït Melloul", "عمالة إنزكان آيت ملول", Urban),
        new("MA-CHT", "MA-09", ProvinceKind.Province, "Chtouka-Aït Baha", "إقليم اشتوكة آيت باها", MostlyRural),
        new("MA-TAR", "MA-09", ProvinceKind.Province, "Taroudant", "إقليم تارودانت", Rural),
        new("MA-TAT", "MA-09", ProvinceKind.Province, "Tata", "إقليم طاطا", MostlyRural),
        new("MA-TIZ", "MA-09", ProvinceKind.Province, "Tiznit", "إقليم تيزنيت", Mixed),

        // MA-10 Guelmim-Oued Noun
        new("MA-GUE", "MA-10", ProvinceKind.Province, "Guelmim", "إقليم كلميم", MostlyUrban),
        new("MA-ASZ", "MA-10", ProvinceKind.Province, "Assa-Zag", "إقليم آسا الزاك", Mixed),
        new("MA-TNT", "MA-10", ProvinceKind.Province, "Tan-Tan", "إقليم طانطان", Urban),
        new("MA-SIF", "MA-10", ProvinceKind.Province, "Sidi Ifni", "إقليم سيدي إفني", Rural),

        // MA-11 Laâyoune-Sakia El Hamra
        new("MA-LAA", "MA-11", ProvinceKind.Province, "Laâyoune", "إقليم العيون", Urban),
        new("MA-BOD", "MA-11", ProvinceKind.Province, "Boujdour", "إقليم بوجدور", Urban),
        new("MA-TAF", "MA-11", ProvinceKind.Province, "Tarfaya", "إقليم طرفاية", MostlyUrban),
        new("MA-ESM", "MA-11", ProvinceKind.Province, "Es-Semara", "إقليم السمارة", MostlyUrban),

        // MA-12 Dakhla-Oued Ed-Dahab
        new("MA-OUD", "MA-12", ProvinceKind.Province, "Oued Ed-Dahab", "إقليم وادي الذهب", Urban),
        new("MA-AOU", "MA-12", ProvinceKind.Province, "Aousserd", "إقليم أوسرد", MostlyRural),
    ];

    private static readonly Dictionary<string, Region> RegionsByCode =
        Regions.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, Province> ProvincesByCode =
        Provinces.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a region by its ISO code (case-insensitive).</summary>
    /// <param name="code">ISO 3166-2:MA region code, e.g. <c>MA-06</c>.</param>
    /// <returns>The region, or <c>null</c> when the code is unknown.</returns>
    public static Region? FindRegion(string code) => RegionsByCode.GetValueOrDefault(code);

    /// <summary>Finds a préfecture/province by its code (case-insensitive).</summary>
    /// <param name="code">Province code, e.g. <c>MA-CAS</c>.</param>
    /// <returns>The province, or <c>null</c> when the code is unknown.</returns>
    public static Province? FindProvince(string code) => ProvincesByCode.GetValueOrDefault(code);

    /// <summary>Returns the region a préfecture/province belongs to.</summary>
    /// <param name="province">A province from <see cref="Provinces"/>.</param>
    /// <returns>The parent region.</returns>
    public static Region RegionOf(Province province)
    {
        ArgumentNullException.ThrowIfNull(province);
        return RegionsByCode[province.RegionCode];
    }
}
