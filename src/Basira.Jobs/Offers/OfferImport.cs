using System.Text.RegularExpressions;
using Basira.Analytics.Tabular;
using Basira.Governance;
using Basira.Jobs.Linking;

namespace Basira.Jobs.Offers;

/// <summary>An occupation a title was linked to.</summary>
/// <param name="Confidence">high (score ≥ 1.5: the title is an ESCO label or close to one), medium (≥ 1.0), low.</param>
public sealed record LinkedOccupation(string Uri, string Label, double Score, string Confidence);

/// <summary>One accepted offer, normalised; free text has had e-mail addresses and phone numbers removed.</summary>
/// <param name="Line">Line of the file where the row starts (header = 1).</param>
/// <param name="Occupation">The best ESCO occupation, or null when nothing scored at least <see cref="OfferImport.MinLinkScore"/>.</param>
/// <param name="Scripts">latin, arabic or mixed (title and description).</param>
/// <param name="Redactions">How many e-mail addresses and phone numbers were removed from the row.</param>
public sealed record ImportedOffer(
    long Line,
    string? Id,
    string Title,
    string TitleCleaned,
    LinkedOccupation? Occupation,
    Place Place,
    Salary Salary,
    string? Contract,
    int? ExperienceMonths,
    string? Education,
    string? Sector,
    string? Company,
    string? Date,
    string Scripts,
    IReadOnlyList<SkillMention> Skills,
    int Redactions);

/// <summary>A row not imported, with where and why.</summary>
public sealed record QuarantinedOffer(string File, long Line, string? Field, string Reason);

/// <summary>A place name no gazetteer entry matched, with how often and where first.</summary>
public sealed record UnknownPlace(string Text, int Rows, long FirstLine);

/// <summary>Which column of the file was read as what.</summary>
public sealed record OfferColumns(string Title, string? Location, string? Salary, string? SalaryMin, string? SalaryMax, string? Currency,
    string? Interval, string? Contract, string? Experience, string? Education, string? Sector, string? Company, string? Description,
    string? Date, string? Id, IReadOnlyList<string> Dropped);

/// <summary>The result of <see cref="OfferImport.Read"/>: rows in = accepted + quarantined.</summary>
public sealed record OfferImportResult(
    string File,
    int Rows,
    int Accepted,
    int Quarantined,
    OfferColumns Columns,
    int Linked,
    int Redactions,
    IReadOnlyList<UnknownPlace> UnknownPlaces,
    IReadOnlyList<QuarantinedOffer> Quarantine,
    IReadOnlyList<ImportedOffer> Offers);

/// <summary>Options of <see cref="OfferImport.Read"/>.</summary>
/// <param name="KeepDuplicates">Accept a row identical to an earlier one (default: quarantined as a duplicate).</param>
/// <param name="Skills">Extract ESCO skills from the description (and title).</param>
public sealed record OfferImportOptions(bool KeepDuplicates = false, bool Skills = true);

/// <summary>
/// Imports real job-offer files (CSV or XLSX, as scraped from Moroccan job boards): finds the columns by their names
/// (French or English), drops contact columns (e-mails, phones) unread, removes e-mail addresses and phone numbers from
/// the text it keeps, links each title to an ESCO occupation, places cities in their province and region (unknown
/// names are reported, not guessed), reads salary text into monthly bands, and extracts ESCO skills from descriptions.
/// Each bad row is quarantined with its file, line, field and reason; an unreadable file (missing, empty, not UTF-8,
/// no title column) is bad input.
/// </summary>
public static partial class OfferImport
{
    /// <summary>Below this linker score a title is left without occupation (nothing the classification recognises).</summary>
    public const double MinLinkScore = 0.5;

    /// <summary>Longest title accepted (a longer one is a description pasted in the title column).</summary>
    public const int MaxTitleLength = 200;

    private static readonly string[] TitleNames = ["titles", "title", "titre", "intitule", "intitule du poste", "poste", "job title", "job_title", "offre", "fonction"];
    private static readonly string[] LocationNames = ["location", "ville", "city", "lieu", "localisation", "lieu de travail", "region"];
    private static readonly string[] SalaryNames = ["salaire", "salary", "remuneration", "salaire propose"];
    private static readonly string[] ContractNames = ["contrat", "contract", "type de contrat", "job_type", "type_contrat"];
    private static readonly string[] ExperienceNames = ["experience", "experience_range", "annees d experience", "job_level"];
    private static readonly string[] EducationNames = ["etude", "etudes", "niveau d etudes", "niveau", "education", "diplome"];
    private static readonly string[] SectorNames = ["domaine", "secteur", "sector", "industry", "company_industry", "job_function"];
    private static readonly string[] CompanyNames = ["entreprise", "company", "employeur", "societe", "recruteur"];
    private static readonly string[] DescriptionNames = ["description", "more_info", "details", "descriptif", "missions", "profil"];
    private static readonly string[] DateNames = ["date_posted", "date", "date de publication", "publie le"];
    private static readonly string[] IdNames = ["id", "job_id", "reference", "ref"];
    private static readonly string[] ContactNames = ["emails", "email", "e mail", "mail", "courriel", "telephone", "phone", "tel", "gsm", "contact", "whatsapp"];

    /// <summary>Reads and normalises an offer file.</summary>
    public static OfferImportResult Read(string path, OfferImportOptions? options = null, OccupationLinker? linker = null,
        SkillExtractor? skills = null, Action<string>? log = null, CancellationToken ct = default)
    {
        options ??= new OfferImportOptions();
        // every column is text: no numeric inference may quarantine a row of an offer file
        var header = TabularReader.Read(path, new TabularReadOptions { MinColumns = 1, AllowNoRows = true });
        var table = TabularReader.Read(path, new TabularReadOptions { MinColumns = 1, AllowNoRows = true, TextColumns = [.. header.Columns.Select(c => c.Name)] });
        var cols = Map(table, path);
        log?.Invoke($"read {table.Source}: {table.RowCount + table.Quarantined.Count} rows; title column '{cols.Title}'" +
            (cols.Dropped.Count > 0 ? $"; contact columns dropped unread: {string.Join(", ", cols.Dropped)}" : ""));
        linker ??= OccupationLinker.Shared;
        if (options.Skills) skills ??= SkillExtractor.Shared;

        var quarantine = table.Quarantined.Select(q => new QuarantinedOffer(path, q.Line, q.Field, q.Reason)).ToList();
        string? Cell(string? column, int row) => column is null ? null : table[column].Raw[row];
        var keptColumns = table.Columns.Where(c => !cols.Dropped.Contains(c.Name)).Select(c => c.Name).ToArray();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var rows = new List<int>();
        for (var r = 0; r < table.RowCount; r++)
        {
            var line = table.Lines[r];
            var title = Cell(cols.Title, r);
            if (title is null) { quarantine.Add(new(path, line, cols.Title, "missing title")); continue; }
            if (!title.Any(char.IsLetter)) { quarantine.Add(new(path, line, cols.Title, $"title has no letters: '{Short(title)}'")); continue; }
            if (title.Length > MaxTitleLength) { quarantine.Add(new(path, line, cols.Title, $"title longer than {MaxTitleLength} characters")); continue; }
            if (title.Contains('\uFFFD', StringComparison.Ordinal)) { quarantine.Add(new(path, line, cols.Title, "title has undecodable characters")); continue; }
            if (!options.KeepDuplicates)
            {
                var key = string.Join('\u001F', keptColumns.Select(c => table[c].Raw[r] ?? ""));
                if (seen.TryGetValue(key, out var first)) { quarantine.Add(new(path, line, null, $"exact duplicate of line {first}")); continue; }
                seen[key] = line;
            }
            rows.Add(r);
        }

        // link each distinct cleaned title once, on every core
        var titles = rows.Select(r => PersonalData.Redact(Cell(cols.Title, r), out _)).ToArray();
        var distinct = titles.Distinct(StringComparer.Ordinal).ToList();
        log?.Invoke($"linking {distinct.Count} distinct titles");
        var links = new LinkResult[distinct.Count];
        Parallel.For(0, distinct.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            i => links[i] = linker.Link(distinct[i].Length > OccupationLinker.MaxTitleLength ? distinct[i][..OccupationLinker.MaxTitleLength] : distinct[i], 1));
        var linkOf = distinct.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => links[x.i], StringComparer.Ordinal);

        var offers = new ImportedOffer[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, i =>
        {
            var r = rows[i];
            var redactions = 0;
            string? Clean(string? column)
            {
                var v = Cell(column, r);
                if (v is null) return null;
                var t = PersonalData.Redact(v, out var n);
                redactions += n;
                return t;
            }
            var title = Clean(cols.Title)!;
            var description = Clean(cols.Description);
            var link = linkOf[titles[i]];
            var best = link.Candidates.FirstOrDefault();
            var occupation = best is null || best.Score < MinLinkScore ? null
                : new LinkedOccupation(best.Uri, best.Label, best.Score, best.Score >= 1.5 ? "high" : best.Score >= 1.0 ? "medium" : "low");
            var salaryText = Cell(cols.Salary, r);
            if (salaryText is null && (Cell(cols.SalaryMin, r) ?? Cell(cols.SalaryMax, r)) is not null)
                salaryText = string.Join(" - ", new[] { Cell(cols.SalaryMin, r), Cell(cols.SalaryMax, r) }.Where(x => x is not null));
            offers[i] = new ImportedOffer(
                table.Lines[r],
                Cell(cols.Id, r),
                title,
                link.Cleaned,
                occupation,
                MoroccoPlaces.Resolve(Cell(cols.Location, r)),
                SalaryText.Parse(salaryText, Cell(cols.Currency, r), Cell(cols.Interval, r)),
                Contract(Cell(cols.Contract, r)),
                ExperienceMonths(Cell(cols.Experience, r)),
                Education(Cell(cols.Education, r)),
                Clean(cols.Sector),
                Clean(cols.Company),
                Cell(cols.Date, r),
                Scripts(title + " " + description),
                skills is null ? [] : skills.Extract(title + "\n" + (description ?? "")),
                redactions);
        });

        var unknown = offers.Where(o => o.Place.Kind == PlaceKind.Unknown)
            .GroupBy(o => o.Place.Text, StringComparer.Ordinal)
            .Select(g => new UnknownPlace(g.Key, g.Count(), g.Min(o => o.Line)))
            .OrderByDescending(u => u.Rows).ThenBy(u => u.Text, StringComparer.Ordinal).ToList();
        quarantine.Sort((a, b) => a.Line.CompareTo(b.Line));
        var total = table.RowCount + table.Quarantined.Count;
        if (offers.Length + quarantine.Count != total)
            throw new InvalidOperationException($"rows in {total} ≠ accepted {offers.Length} + quarantined {quarantine.Count}");
        return new OfferImportResult(path, total, offers.Length, quarantine.Count, cols, offers.Count(o => o.Occupation is not null),
            offers.Sum(o => o.Redactions), unknown, quarantine, offers);
    }

    /// <summary>Finds the columns by their (folded) names; a file without a title column is bad input.</summary>
    internal static OfferColumns Map(TabularTable table, string path)
    {
        var names = table.Columns.Select(c => c.Name).ToList();
        string? Find(string[] candidates, params string?[] taken)
        {
            foreach (var c in candidates)
                foreach (var n in names)
                    if (FrenchText.Fold(n) == FrenchText.Fold(c) && !taken.Contains(n)) return n;
            return null;
        }
        var dropped = names.Where(n => ContactNames.Contains(FrenchText.Fold(n))).ToList();
        var title = Find(TitleNames)
            ?? throw new DataInputException(path, 1, null, $"no title column: expected one of {string.Join(", ", TitleNames)} (columns: {string.Join(", ", names)})");
        var location = Find(LocationNames, title);
        return new OfferColumns(title, location, Find(SalaryNames), Find(["min_amount", "salaire_min", "salary_min"]), Find(["max_amount", "salaire_max", "salary_max"]),
            Find(["currency", "devise"]), Find(["interval", "periodicite"]), Find(ContractNames), Find(ExperienceNames), Find(EducationNames),
            Find(SectorNames), Find(CompanyNames), Find(DescriptionNames, title), Find(DateNames), Find(IdNames), dropped);
    }

    /// <summary>A contract type: cdi, cdd, interim, internship, anapec (Idmaj), freelance, full-time, part-time, other, or null when not said.</summary>
    public static string? Contract(string? text)
    {
        var f = FrenchText.Fold(text ?? "");
        if (f.Length == 0 || f is "a discuter" or "a negocier") return null;
        if (f.Contains("anapec", StringComparison.Ordinal) || f.Contains("idmaj", StringComparison.Ordinal)) return "anapec";
        if (Regex.IsMatch(f, @"\bcdi\b|permanent|indetermine")) return "cdi";
        if (Regex.IsMatch(f, @"\bcdd\b|determine|\bcontract\b|temporaire|temporary")) return "cdd";
        if (Regex.IsMatch(f, @"interim|interimaire")) return "interim";
        if (Regex.IsMatch(f, @"\bstage\b|stagiaire|internship|intern\b|pfe")) return "internship";
        if (Regex.IsMatch(f, @"freelance|independant")) return "freelance";
        if (Regex.IsMatch(f, @"temps partiel|parttime|part time")) return "part-time";
        if (Regex.IsMatch(f, @"temps plein|fulltime|full time")) return "full-time";
        return "other";
    }

    /// <summary>Experience asked, in months: "2 ans" → 24, "6 mois" → 6, "Pas nécessaire"/"débutant" → 0; null when not said as a duration.</summary>
    public static int? ExperienceMonths(string? text)
    {
        var f = FrenchText.Fold(text ?? "");
        if (f.Length == 0) return null;
        if (Regex.IsMatch(f, @"pas nec|aucune|debutant|sans experience|entry level|internship")) return 0;
        var m = Regex.Match(f, @"(\d+)\s*(?:a|ans|an|annee|annees|year|years)\b");
        if (m.Success) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 12;
        m = Regex.Match(f, @"(\d+)\s*(?:mois|months?)\b");
        if (m.Success) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    /// <summary>Education asked: "bac+2" … "bac+8", "bac", "none" (not important), or null when not said.</summary>
    public static string? Education(string? text)
    {
        var f = FrenchText.Fold(text ?? "");
        if (f.Length == 0) return null;
        if (f.Contains("pas important", StringComparison.Ordinal) || f.Contains("aucun", StringComparison.Ordinal)) return "none";
        var m = Regex.Match(f, @"bac\s*(?:plus|\+)?\s*(\d)");
        if (m.Success) return $"bac+{m.Groups[1].Value}";
        if (Regex.IsMatch(f, @"\bbac\b|baccalaureat")) return "bac";
        if (Regex.IsMatch(f, @"master|ingenieur|engineer")) return "bac+5";
        if (Regex.IsMatch(f, @"licence|bachelor")) return "bac+3";
        if (Regex.IsMatch(f, @"doctorat|phd")) return "bac+8";
        return null;
    }

    /// <summary>latin, arabic, mixed, or none (no letters).</summary>
    public static string Scripts(string text)
    {
        bool latin = false, arabic = false;
        foreach (var c in text)
        {
            if (c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF') arabic = true;
            else if (char.IsLetter(c) && c < '\u0250') latin = true;
        }
        return latin && arabic ? "mixed" : arabic ? "arabic" : latin ? "latin" : "none";
    }

    private static string Short(string v) => v.Length > 40 ? v[..40] + "…" : v;
}
