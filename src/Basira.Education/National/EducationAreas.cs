namespace Basira.Education.National;

/// <summary>
/// The 12 regions and 75 préfectures/provinces of morocco-geo (ISO 3166-2:MA codes, the ids of regions.json and
/// provinces.json; © OpenStreetMap contributors / morocco-map, ODbL) that school-system extracts must name. A copy of the
/// codes and names of the reference tables the platform uses elsewhere (Basira.Synth.Geography), kept here because the
/// education module references no other module.
/// </summary>
public static class EducationAreas
{
    /// <summary>Region code → (French name, Arabic name).</summary>
    public static IReadOnlyDictionary<string, (string Fr, string Ar)> Regions { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["MA-01"] = ("Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
        ["MA-02"] = ("L'Oriental", "الشرق"),
        ["MA-03"] = ("Fès-Meknès", "فاس مكناس"),
        ["MA-04"] = ("Rabat-Salé-Kénitra", "الرباط سلا القنيطرة"),
        ["MA-05"] = ("Béni Mellal-Khénifra", "بني ملال خنيفرة"),
        ["MA-06"] = ("Casablanca-Settat", "الدار البيضاء سطات"),
        ["MA-07"] = ("Marrakech-Safi", "مراكش آسفي"),
        ["MA-08"] = ("Drâa-Tafilalet", "درعة تافيلالت"),
        ["MA-09"] = ("Souss-Massa", "سوس ماسة"),
        ["MA-10"] = ("Guelmim-Oued Noun", "كلميم وادي نون"),
        ["MA-11"] = ("Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء"),
        ["MA-12"] = ("Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب"),
    };

    /// <summary>Province code → (region code, French name, Arabic name).</summary>
    public static IReadOnlyDictionary<string, (string Region, string Fr, string Ar)> Provinces { get; } = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
    {
        ["MA-TNG"] = ("MA-01", "Tanger-Assilah", "عمالة طنجة أصيلة"),
        ["MA-MDF"] = ("MA-01", "M'diq-Fnideq", "عمالة المضيق الفنيدق"),
        ["MA-TET"] = ("MA-01", "Tétouan", "إقليم تطوان"),
        ["MA-FAH"] = ("MA-01", "Fahs-Anjra", "إقليم الفحص أنجرة"),
        ["MA-LAR"] = ("MA-01", "Larache", "إقليم العرائش"),
        ["MA-HOC"] = ("MA-01", "Al Hoceïma", "إقليم الحسيمة"),
        ["MA-CHE"] = ("MA-01", "Chefchaouen", "إقليم شفشاون"),
        ["MA-OUZ"] = ("MA-01", "Ouezzane", "إقليم وزان"),
        ["MA-OUJ"] = ("MA-02", "Oujda-Angad", "عمالة وجدة أنكاد"),
        ["MA-BER"] = ("MA-02", "Berkane", "إقليم بركان"),
        ["MA-DRI"] = ("MA-02", "Driouch", "إقليم الدريوش"),
        ["MA-FIG"] = ("MA-02", "Figuig", "إقليم فجيج"),
        ["MA-GUF"] = ("MA-02", "Guercif", "إقليم جرسيف"),
        ["MA-JRA"] = ("MA-02", "Jerada", "إقليم جرادة"),
        ["MA-NAD"] = ("MA-02", "Nador", "إقليم الناظور"),
        ["MA-TAI"] = ("MA-02", "Taourirt", "إقليم تاوريرت"),
        ["MA-FES"] = ("MA-03", "Fès", "عمالة فاس"),
        ["MA-MEK"] = ("MA-03", "Meknès", "عمالة مكناس"),
        ["MA-BOM"] = ("MA-03", "Boulemane", "إقليم بولمان"),
        ["MA-HAJ"] = ("MA-03", "El Hajeb", "إقليم الحاجب"),
        ["MA-IFR"] = ("MA-03", "Ifrane", "إقليم إفران"),
        ["MA-MOU"] = ("MA-03", "Moulay Yacoub", "إقليم مولاي يعقوب"),
        ["MA-SEF"] = ("MA-03", "Sefrou", "إقليم صفرو"),
        ["MA-TAO"] = ("MA-03", "Taounate", "إقليم تاونات"),
        ["MA-TAZ"] = ("MA-03", "Taza", "إقليم تازة"),
        ["MA-RAB"] = ("MA-04", "Rabat", "عمالة الرباط"),
        ["MA-SAL"] = ("MA-04", "Salé", "عمالة سلا"),
        ["MA-SKH"] = ("MA-04", "Skhirate-Témara", "عمالة الصخيرات تمارة"),
        ["MA-KEN"] = ("MA-04", "Kénitra", "إقليم القنيطرة"),
        ["MA-KHE"] = ("MA-04", "Khémisset", "إقليم الخميسات"),
        ["MA-SIK"] = ("MA-04", "Sidi Kacem", "إقليم سيدي قاسم"),
        ["MA-SIL"] = ("MA-04", "Sidi Slimane", "إقليم سيدي سليمان"),
        ["MA-AZI"] = ("MA-05", "Azilal", "إقليم أزيلال"),
        ["MA-BEM"] = ("MA-05", "Béni Mellal", "إقليم بني ملال"),
        ["MA-FQH"] = ("MA-05", "Fquih Ben Salah", "إقليم الفقيه بن صالح"),
        ["MA-KHN"] = ("MA-05", "Khénifra", "إقليم خنيفرة"),
        ["MA-KHO"] = ("MA-05", "Khouribga", "إقليم خريبكة"),
        ["MA-CAS"] = ("MA-06", "Casablanca", "عمالة الدار البيضاء"),
        ["MA-MOH"] = ("MA-06", "Mohammédia", "عمالة المحمدية"),
        ["MA-BES"] = ("MA-06", "Benslimane", "إقليم بن سليمان"),
        ["MA-BRR"] = ("MA-06", "Berrechid", "إقليم برشيد"),
        ["MA-JDI"] = ("MA-06", "El Jadida", "إقليم الجديدة"),
        ["MA-MED"] = ("MA-06", "Médiouna", "إقليم مديونة"),
        ["MA-NOU"] = ("MA-06", "Nouaceur", "إقليم النواصر"),
        ["MA-SET"] = ("MA-06", "Settat", "إقليم سطات"),
        ["MA-SIB"] = ("MA-06", "Sidi Bennour", "إقليم سيدي بنور"),
        ["MA-MAR"] = ("MA-07", "Marrakech", "عمالة مراكش"),
        ["MA-CHI"] = ("MA-07", "Chichaoua", "إقليم شيشاوة"),
        ["MA-HAO"] = ("MA-07", "Al Haouz", "إقليم الحوز"),
        ["MA-KES"] = ("MA-07", "El Kelâa des Sraghna", "إقليم قلعة السراغنة"),
        ["MA-ESI"] = ("MA-07", "Essaouira", "إقليم الصويرة"),
        ["MA-REH"] = ("MA-07", "Rehamna", "إقليم الرحامنة"),
        ["MA-SAF"] = ("MA-07", "Safi", "إقليم آسفي"),
        ["MA-YUS"] = ("MA-07", "Youssoufia", "إقليم اليوسفية"),
        ["MA-ERR"] = ("MA-08", "Errachidia", "إقليم الرشيدية"),
        ["MA-MID"] = ("MA-08", "Midelt", "إقليم ميدلت"),
        ["MA-OUA"] = ("MA-08", "Ouarzazate", "إقليم ورزازات"),
        ["MA-TIN"] = ("MA-08", "Tinghir", "إقليم تنغير"),
        ["MA-ZAG"] = ("MA-08", "Zagora", "إقليم زاكورة"),
        ["MA-AGD"] = ("MA-09", "Agadir Ida-Outanane", "عمالة أكادير إداوتنان"),
        ["MA-INE"] = ("MA-09", "Inezgane-Aït Melloul", "عمالة إنزكان آيت ملول"),
        ["MA-CHT"] = ("MA-09", "Chtouka-Aït Baha", "إقليم اشتوكة آيت باها"),
        ["MA-TAR"] = ("MA-09", "Taroudant", "إقليم تارودانت"),
        ["MA-TAT"] = ("MA-09", "Tata", "إقليم طاطا"),
        ["MA-TIZ"] = ("MA-09", "Tiznit", "إقليم تيزنيت"),
        ["MA-GUE"] = ("MA-10", "Guelmim", "إقليم كلميم"),
        ["MA-ASZ"] = ("MA-10", "Assa-Zag", "إقليم آسا الزاك"),
        ["MA-TNT"] = ("MA-10", "Tan-Tan", "إقليم طانطان"),
        ["MA-SIF"] = ("MA-10", "Sidi Ifni", "إقليم سيدي إفني"),
        ["MA-LAA"] = ("MA-11", "Laâyoune", "إقليم العيون"),
        ["MA-BOD"] = ("MA-11", "Boujdour", "إقليم بوجدور"),
        ["MA-TAF"] = ("MA-11", "Tarfaya", "إقليم طرفاية"),
        ["MA-ESM"] = ("MA-11", "Es-Semara", "إقليم السمارة"),
        ["MA-OUD"] = ("MA-12", "Oued Ed-Dahab", "إقليم وادي الذهب"),
        ["MA-AOU"] = ("MA-12", "Aousserd", "إقليم أوسرد"),
    };

    /// <summary>The region of a province code (case-insensitive), or null when the code is no province of morocco-geo.</summary>
    public static string? RegionOf(string provinceCode) =>
        Provinces.TryGetValue(provinceCode.Trim().ToUpperInvariant(), out var p) ? p.Region : null;

    /// <summary>Name of a region or province in French (<paramref name="lang"/> "ar": Arabic), or the code itself.</summary>
    public static string NameOf(string code, string lang = "fr") =>
        Regions.TryGetValue(code, out var r) ? (lang == "ar" ? r.Ar : r.Fr)
        : Provinces.TryGetValue(code, out var p) ? (lang == "ar" ? p.Ar : p.Fr)
        : code;
}
