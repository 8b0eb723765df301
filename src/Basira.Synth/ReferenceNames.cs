namespace Basira.Synth;

/// <summary>
/// Small lists of common Moroccan names and school patrons. First and family names are drawn independently,
/// so every full name is a fictitious combination.
/// </summary>
internal static class ReferenceNames
{
    public static readonly string[] FemaleFirstNames =
    [
        "Fatima Zahra", "Khadija", "Salma", "Imane", "Hiba", "Aya", "Meryem", "Nour", "Yasmine", "Hajar",
        "Chaimae", "Oumaima", "Sara", "Douaa", "Ikram", "Asmae", "Zineb", "Malak", "Rania", "Ghita",
        "Kawtar", "Soukaina", "Hanane", "Amina", "Loubna", "Nisrine", "Wiam", "Rim", "Fadwa", "Ilham",
    ];

    public static readonly string[] MaleFirstNames =
    [
        "Mohamed", "Youssef", "Ahmed", "Amine", "Hamza", "Ayoub", "Omar", "Mehdi", "Anas", "Adam",
        "Ilyas", "Zakaria", "Othmane", "Reda", "Soufiane", "Yassine", "Hicham", "Karim", "Achraf", "Ismail",
        "Bilal", "Walid", "Imad", "Saad", "Badr", "Abdellah", "Said", "Rayane", "Marouane", "Khalid",
    ];

    /// <summary>Amazigh first names, drawn more often in the Atlas and Souss provinces.</summary>
    public static readonly string[] AmazighFemaleFirstNames = ["Tiziri", "Dihya", "Tanirt", "Tilelli", "Itto", "Tafsut"];

    /// <summary>Amazigh first names, drawn more often in the Atlas and Souss provinces.</summary>
    public static readonly string[] AmazighMaleFirstNames = ["Idir", "Massinissa", "Aksel", "Yuba", "Amayas", "Anir"];

    public static readonly string[] FamilyNames =
    [
        "Alaoui", "Bennani", "El Idrissi", "Benali", "Tazi", "Chraibi", "El Amrani", "Berrada", "Ouali", "Ait Ahmed",
        "Ait Ali", "Bouzid", "El Mansouri", "Saidi", "Haddad", "Naciri", "Lahlou", "Zerouali", "El Ouardi", "Chakir",
        "Belhaj", "Lamrani", "Ouazzani", "Rami", "Kabbaj", "Tahiri", "Jebbari", "El Khatib", "Boukhari", "Hamdaoui",
        "Ziani", "Ait Brahim", "Oubaha", "Amzil", "Id Belkacem", "Ouhammou", "Akhiat", "Bakkali", "Filali", "Sabri",
    ];

    public static readonly string[] SchoolPatrons =
    [
        "Ibn Khaldoun", "Al Massira", "Ibn Battouta", "Al Farabi", "Ibn Sina", "Al Khawarizmi", "Ibn Rochd", "Al Amal",
        "Anoual", "Al Qods", "Al Idrissi", "Tarik Ibn Ziad", "Al Mourabitine", "Ibn Toumert", "Al Wahda", "Al Fath",
        "Al Andalous", "Ennahda", "Ibn Zohr", "Al Biruni", "Ibn Al Haytham", "Al Moutanabbi", "Ibn Tofail", "Al Jahid",
    ];

    /// <summary>Real commune names for the default provinces (urban, rural); other provinces get labelled placeholders.</summary>
    private static readonly Dictionary<string, (string[] Urban, string[] Rural)> Communes = new(StringComparer.Ordinal)
    {
        ["MA-CAS"] = (["Casablanca (Anfa)", "Casablanca (Hay Hassani)", "Casablanca (Sidi Moumen)", "Casablanca (Ben M'Sick)", "Casablanca (Aïn Chock)", "Casablanca (Sidi Bernoussi)"], []),
        ["MA-BEM"] = (["Béni Mellal", "Kasba Tadla", "El Ksiba", "Zaouiat Cheikh"], ["Foum Oudi", "Naour", "Aghbala", "Tanougha"]),
        ["MA-AZI"] = (["Azilal", "Demnate"], ["Aït M'Hamed", "Tabant", "Tanant", "Bzou", "Zaouiat Ahansal", "Tilouguite"]),
        ["MA-HAO"] = (["Tahannaout", "Amizmiz", "Aït Ourir"], ["Asni", "Ouirgane", "Ijoukak", "Tameslouht", "Moulay Brahim", "Setti Fadma"]),
    };

    /// <summary>The real commune names known for a province and milieu (empty when none).</summary>
    public static IReadOnlyList<string> RealCommunes(string provinceCode, Milieu milieu) =>
        Communes.TryGetValue(provinceCode, out var lists) ? (milieu == Milieu.Urban ? lists.Urban : lists.Rural) : [];

    public static string Commune(Geography.Province province, Milieu milieu, int index)
    {
        if (Communes.TryGetValue(province.Code, out var lists))
        {
            string[] list = milieu == Milieu.Urban ? lists.Urban : lists.Rural;
            if (list.Length > 0)
            {
                return list[index % list.Length];
            }
        }

        return milieu == Milieu.Urban
            ? province.NameFr
            : $"Commune rurale {(index % 6) + 1} de {province.NameFr} (synthétique)";
    }
}
