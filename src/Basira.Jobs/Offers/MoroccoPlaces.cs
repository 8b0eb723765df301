using Basira.Jobs.Linking;

namespace Basira.Jobs.Offers;

/// <summary>What a place name in an offer turned out to be.</summary>
public enum PlaceKind
{
    /// <summary>A Moroccan city or town, placed in its préfecture/province and region.</summary>
    City,

    /// <summary>"Morocco", "Tout le Maroc": the whole country.</summary>
    National,

    /// <summary>Remote work ("à distance", "télétravail", "remote").</summary>
    Remote,

    /// <summary>Given as unspecified ("Autre ville", empty).</summary>
    Unspecified,

    /// <summary>A name the gazetteer does not know: reported, not guessed.</summary>
    Unknown,
}

/// <summary>A place read from an offer.</summary>
/// <param name="Text">The text as written.</param>
/// <param name="City">The city's usual French name, for <see cref="PlaceKind.City"/>.</param>
/// <param name="Province">ISO 3166-2:MA style province code (e.g. <c>MA-CAS</c>), the codes of the platform's maps.</param>
/// <param name="Region">Region code <c>MA-01</c> … <c>MA-12</c>.</param>
public sealed record Place(string Text, PlaceKind Kind, string? City, string? Province, string? Region);

/// <summary>
/// A gazetteer of the Moroccan cities and towns found in job offers (French, common transliterations, Arabic) with
/// the préfecture or province and the region they belong to (2015 regions; the province codes are those of
/// Basira's map layers). Names are matched after folding (case, accents, punctuation).
/// </summary>
public static class MoroccoPlaces
{
    private sealed record Entry(string City, string Province, string Region, string[] Names);

    private static readonly Entry[] Entries =
    [
        new("Tanger", "MA-TNG", "MA-01", ["tanger", "tangier", "tanja", "طنجة"]),
        new("Asilah", "MA-TNG", "MA-01", ["asilah", "assilah", "arzila", "اصيلة"]),
        new("Tétouan", "MA-TET", "MA-01", ["tetouan", "tetuan", "تطوان"]),
        new("Martil", "MA-MDF", "MA-01", ["martil", "martil tetouan", "مرتيل"]),
        new("M'diq", "MA-MDF", "MA-01", ["mdiq", "m diq", "kabila", "cabo negro", "المضيق"]),
        new("Fnideq", "MA-MDF", "MA-01", ["fnideq", "الفنيدق"]),
        new("Larache", "MA-LAR", "MA-01", ["larache", "العرائش"]),
        new("Ksar El Kébir", "MA-LAR", "MA-01", ["ksar el kebir", "ksar kebir", "القصر الكبير"]),
        new("Al Hoceïma", "MA-HOC", "MA-01", ["al hoceima", "alhoceima", "hoceima", "الحسيمة"]),
        new("Chefchaouen", "MA-CHE", "MA-01", ["chefchaouen", "chafchaouen", "chaouen", "شفشاون"]),
        new("Ouezzane", "MA-OUZ", "MA-01", ["ouezzane", "ouazzane", "wazzane", "وزان"]),
        new("Oujda", "MA-OUJ", "MA-02", ["oujda", "وجدة"]),
        new("Berkane", "MA-BER", "MA-02", ["berkane", "بركان"]),
        new("Saïdia", "MA-BER", "MA-02", ["saidia", "السعيدية"]),
        new("Nador", "MA-NAD", "MA-02", ["nador", "الناظور"]),
        new("Driouch", "MA-DRI", "MA-02", ["driouch", "الدريوش"]),
        new("Guercif", "MA-GUF", "MA-02", ["guercif", "جرسيف"]),
        new("Taourirt", "MA-TAI", "MA-02", ["taourirt", "تاوريرت"]),
        new("Jerada", "MA-JRA", "MA-02", ["jerada", "جرادة"]),
        new("Figuig", "MA-FIG", "MA-02", ["figuig", "فجيج"]),
        new("Fès", "MA-FES", "MA-03", ["fes", "fez", "fas", "فاس"]),
        new("Meknès", "MA-MEK", "MA-03", ["meknes", "mekness", "مكناس"]),
        new("Ifrane", "MA-IFR", "MA-03", ["ifrane", "افران"]),
        new("Azrou", "MA-IFR", "MA-03", ["azrou", "ازرو"]),
        new("El Hajeb", "MA-HAJ", "MA-03", ["el hajeb", "elhajeb", "الحاجب"]),
        new("Sefrou", "MA-SEF", "MA-03", ["sefrou", "صفرو"]),
        new("Imouzzer Kandar", "MA-SEF", "MA-03", ["imouzzer kandar", "imouzzer", "ايموزار كندر"]),
        new("Taza", "MA-TAZ", "MA-03", ["taza", "تازة"]),
        new("Taounate", "MA-TAO", "MA-03", ["taounate", "تاونات"]),
        new("Boulemane", "MA-BOM", "MA-03", ["boulemane", "بولمان"]),
        new("Moulay Yacoub", "MA-MOU", "MA-03", ["moulay yacoub", "مولاي يعقوب"]),
        new("Rabat", "MA-RAB", "MA-04", ["rabat", "الرباط"]),
        new("Salé", "MA-SAL", "MA-04", ["sale", "سلا"]),
        new("Témara", "MA-SKH", "MA-04", ["temara", "تمارة"]),
        new("Skhirate", "MA-SKH", "MA-04", ["skhirate", "skhirat", "الصخيرات"]),
        new("Tamesna", "MA-SKH", "MA-04", ["tamesna", "تامسنا"]),
        new("Kénitra", "MA-KEN", "MA-04", ["kenitra", "القنيطرة"]),
        new("Souk El Arbaa du Gharb", "MA-KEN", "MA-04", ["souk elarbaa du gharb", "souk el arbaa du gharb", "souk el arbaa", "سوق الاربعاء الغرب"]),
        new("Khémisset", "MA-KHE", "MA-04", ["khemisset", "الخميسات"]),
        new("Tiflet", "MA-KHE", "MA-04", ["tiflet", "tifelt", "تيفلت"]),
        new("Sidi Kacem", "MA-SIK", "MA-04", ["sidi kacem", "sidi qacem", "سيدي قاسم"]),
        new("Sidi Slimane", "MA-SIL", "MA-04", ["sidi slimane", "سيدي سليمان"]),
        new("Béni Mellal", "MA-BEM", "MA-05", ["beni mellal", "benimellal", "بني ملال"]),
        new("Khouribga", "MA-KHO", "MA-05", ["khouribga", "خريبكة"]),
        new("Fquih Ben Salah", "MA-FQH", "MA-05", ["fkih ben salah", "fquih ben salah", "fqih ben salah", "الفقيه بن صالح"]),
        new("Khénifra", "MA-KHN", "MA-05", ["khenifra", "خنيفرة"]),
        new("Azilal", "MA-AZI", "MA-05", ["azilal", "ازيلال"]),
        new("Casablanca", "MA-CAS", "MA-06", ["casablanca", "casa", "dar el beida", "الدار البيضاء", "البيضاء"]),
        new("Mohammédia", "MA-MOH", "MA-06", ["mohammedia", "mohamedia", "المحمدية"]),
        new("Aïn Harrouda", "MA-MOH", "MA-06", ["ain harrouda", "عين حرودة"]),
        new("Bouskoura", "MA-NOU", "MA-06", ["bouskoura", "بوسكورة"]),
        new("Nouaceur", "MA-NOU", "MA-06", ["nouaceur", "النواصر"]),
        new("Dar Bouazza", "MA-NOU", "MA-06", ["dar bouazza", "دار بوعزة"]),
        new("Médiouna", "MA-MED", "MA-06", ["mediouna", "مديونة"]),
        new("Berrechid", "MA-BRR", "MA-06", ["berrechid", "برشيد"]),
        new("Deroua", "MA-BRR", "MA-06", ["deroua", "الدروة"]),
        new("Had Soualem", "MA-BRR", "MA-06", ["had soualem", "حد السوالم"]),
        new("Settat", "MA-SET", "MA-06", ["settat", "سطات"]),
        new("El Jadida", "MA-JDI", "MA-06", ["el jadida", "eljadida", "jadida", "الجديدة"]),
        new("Benslimane", "MA-BES", "MA-06", ["benslimane", "ben slimane", "بنسليمان"]),
        new("Bouznika", "MA-BES", "MA-06", ["bouznika", "بوزنيقة"]),
        new("Sidi Bennour", "MA-SIB", "MA-06", ["sidi bennour", "سيدي بنور"]),
        new("Oualidia", "MA-SIB", "MA-06", ["oualidia", "الوليدية"]),
        new("Marrakech", "MA-MAR", "MA-07", ["marrakech", "marrakesh", "مراكش"]),
        new("Safi", "MA-SAF", "MA-07", ["safi", "اسفي"]),
        new("Essaouira", "MA-ESI", "MA-07", ["essaouira", "الصويرة"]),
        new("Ben Guerir", "MA-REH", "MA-07", ["benguerir", "ben guerir", "بن جرير"]),
        new("Youssoufia", "MA-YUS", "MA-07", ["youssoufia", "اليوسفية"]),
        new("El Kelâa des Sraghna", "MA-KES", "MA-07", ["el kelaa des sraghna", "kelaa des sraghna", "قلعة السراغنة"]),
        new("Chichaoua", "MA-CHI", "MA-07", ["chichaoua", "شيشاوة"]),
        new("Errachidia", "MA-ERR", "MA-08", ["errachidia", "الرشيدية"]),
        new("Midelt", "MA-MID", "MA-08", ["midelt", "ميدلت"]),
        new("Ouarzazate", "MA-OUA", "MA-08", ["ouarzazate", "ورزازات"]),
        new("Tinghir", "MA-TIN", "MA-08", ["tinghir", "tinerhir", "تنغير"]),
        new("Zagora", "MA-ZAG", "MA-08", ["zagora", "زاكورة"]),
        new("Agadir", "MA-AGD", "MA-09", ["agadir", "اكادير"]),
        new("Inezgane", "MA-INE", "MA-09", ["inezgane", "انزكان"]),
        new("Aït Melloul", "MA-INE", "MA-09", ["ait melloul", "ايت ملول"]),
        new("Biougra", "MA-CHT", "MA-09", ["biougra", "بيوكرى"]),
        new("Taroudant", "MA-TAR", "MA-09", ["taroudant", "تارودانت"]),
        new("Tiznit", "MA-TIZ", "MA-09", ["tiznit", "تيزنيت"]),
        new("Tata", "MA-TAT", "MA-09", ["tata", "طاطا"]),
        new("Guelmim", "MA-GUE", "MA-10", ["guelmim", "goulimine", "كلميم"]),
        new("Tan-Tan", "MA-TNT", "MA-10", ["tan tan", "tantan", "طانطان"]),
        new("Sidi Ifni", "MA-SIF", "MA-10", ["sidi ifni", "سيدي افني"]),
        new("Assa", "MA-ASZ", "MA-10", ["assa", "اسا"]),
        new("Laâyoune", "MA-LAA", "MA-11", ["laayoune", "layoune", "el aaiun", "العيون"]),
        new("Boujdour", "MA-BOD", "MA-11", ["boujdour", "بوجدور"]),
        new("Tarfaya", "MA-TAF", "MA-11", ["tarfaya", "طرفاية"]),
        new("Es-Semara", "MA-ESM", "MA-11", ["essmara", "es semara", "smara", "السمارة"]),
        new("Dakhla", "MA-OUD", "MA-12", ["dakhla", "الداخلة"]),
    ];

    private static readonly Dictionary<string, Entry> ByName = Build();

    private static readonly HashSet<string> National = new(StringComparer.Ordinal)
    {
        "maroc", "morocco", "ma", "tout le maroc", "royaume du maroc", "المغرب", "national", "tout maroc",
    };

    private static readonly HashSet<string> RemoteWords = new(StringComparer.Ordinal)
    {
        "a distance", "teletravail", "remote", "full remote", "عن بعد",
    };

    private static readonly HashSet<string> UnspecifiedWords = new(StringComparer.Ordinal)
    {
        "", "autre ville", "autres villes", "autre", "non precise", "n a", "na",
    };

    private static Dictionary<string, Entry> Build()
    {
        var d = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in Entries)
            foreach (var n in e.Names) d.Add(FrenchText.Fold(n), e);
        return d;
    }

    /// <summary>Longest place name, in folded words (for scanning titles).</summary>
    internal static int MaxWords { get; } = ByName.Keys.Max(k => k.Split(' ').Length);

    /// <summary>The city entry of a folded name, or null.</summary>
    internal static bool IsCity(string folded) => ByName.ContainsKey(folded);

    /// <summary>True for a folded name of the whole country.</summary>
    internal static bool IsNational(string folded) => National.Contains(folded);

    /// <summary>
    /// Reads a location cell: "Casablanca", "Rabat (Maroc)", "Casablanca, Casablanca-Settat, Morocco", "Tout le Maroc /
    /// A distance", "Autre ville". The first part that names a known city wins; otherwise remote, national or
    /// unspecified when the text says so; otherwise <see cref="PlaceKind.Unknown"/>.
    /// </summary>
    public static Place Resolve(string? text)
    {
        var raw = (text ?? "").Trim();
        var folded = FrenchText.Fold(raw);
        if (UnspecifiedWords.Contains(folded)) return new Place(raw, PlaceKind.Unspecified, null, null, null);
        if (ByName.TryGetValue(folded, out var whole)) return City(raw, whole);
        var parts = raw.Split([',', '/', '|', '(', ')', '-', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in parts)
            if (ByName.TryGetValue(FrenchText.Fold(p), out var e)) return City(raw, e);
        // a city named inside a longer text ("Casablanca Anfa", "région de Fès")
        var words = FrenchText.Words(folded);
        for (var n = Math.Min(MaxWords, words.Length); n >= 1; n--)
            for (var i = 0; i + n <= words.Length; i++)
                if (ByName.TryGetValue(string.Join(' ', words, i, n), out var e)) return City(raw, e);
        if (RemoteWords.Any(r => folded.Contains(r, StringComparison.Ordinal))) return new Place(raw, PlaceKind.Remote, null, null, null);
        if (National.Contains(folded) || parts.Select(FrenchText.Fold).Any(National.Contains)) return new Place(raw, PlaceKind.National, null, null, null);
        return new Place(raw, PlaceKind.Unknown, null, null, null);
    }

    private static Place City(string raw, Entry e) => new(raw, PlaceKind.City, e.City, e.Province, e.Region);
}
