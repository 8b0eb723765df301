using System.Globalization;
using System.Text;

namespace Basira.Synth;

/// <summary>Writes a <see cref="SchoolPopulation"/> as UTF-8 (no BOM), comma-separated, invariant-culture CSV.</summary>
/// <remarks>Lines end with <c>\n</c>; fields containing a comma, quote or line break are quoted (RFC 4180).</remarks>
public static class SchoolPopulationCsv
{
    /// <summary>Columns of the pupil table, in order.</summary>
    public static IReadOnlyList<string> PupilColumns { get; } =
    [
        "pupil_id", "first_name", "last_name", "sex", "birth_year", "region", "province", "commune", "milieu",
        "school_id", "cycle", "grade_level", "distance_km", "absence_days", "absence_rate", "grade_average",
        "repetitions", "transport", "ses_index", "mother_education", "dropped_out",
    ];

    /// <summary>Columns of the weekly absences table, in order.</summary>
    public static IReadOnlyList<string> WeeklyAbsenceColumns { get; } = ["pupil_id", "week", "absent_days"];

    /// <summary>Columns of the school table, in order.</summary>
    public static IReadOnlyList<string> SchoolColumns { get; } =
        ["school_id", "name", "region", "province", "commune", "milieu", "cycle", "capacity", "distance_band"];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <c>pupils.csv</c>, <c>schools.csv</c>, <c>weekly_absences.csv</c> (when generated) and a
    /// <c>SYNTHETIC.txt</c> notice into a directory (created if needed).
    /// </summary>
    /// <param name="population">The population to write.</param>
    /// <param name="directory">Destination directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteAll(SchoolPopulation population, string directory)
    {
        ArgumentNullException.ThrowIfNull(population);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string pupils = Path.Combine(directory, "pupils.csv");
        WriteCsv(population, pupils);
        written.Add(pupils);
        string schools = Path.Combine(directory, "schools.csv");
        WriteSchoolsCsv(population, schools);
        written.Add(schools);
        if (population.WeeklyAbsences.Count > 0)
        {
            string weekly = Path.Combine(directory, "weekly_absences.csv");
            WriteWeeklyAbsencesCsv(population, weekly);
            written.Add(weekly);
        }

        string notice = Path.Combine(directory, "SYNTHETIC.txt");
        SynthOptions o = population.Options;
        File.WriteAllText(
            notice,
            SchoolPopulation.SyntheticNotice + "\n"
            + string.Create(CultureInfo.InvariantCulture, $"seed={o.Seed} provinces={string.Join(' ', o.Provinces)} pupils={population.Pupils.Count} schools={population.Schools.Count} school_year={o.SchoolYear}-{o.SchoolYear + 1}\n")
            + "Names are fictitious combinations of common Moroccan first and family names.\n"
            + "Place codes: ISO 3166-2:MA (regions MA-01..MA-12) and morocco-geo provinces.json ids; boundaries (c) OpenStreetMap contributors, ODbL.\n",
            Utf8NoBom);
        written.Add(notice);
        return written;
    }

    /// <summary>Writes the pupil table to a file (created or overwritten).</summary>
    /// <param name="population">The population to write.</param>
    /// <param name="path">Destination file path.</param>
    public static void WriteCsv(SchoolPopulation population, string path)
    {
        using FileStream stream = File.Create(path);
        WriteCsv(population, stream);
    }

    /// <summary>Writes the pupil table to a stream (left open).</summary>
    /// <param name="population">The population to write.</param>
    /// <param name="stream">Destination stream.</param>
    public static void WriteCsv(SchoolPopulation population, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, Utf8NoBom, 65536, leaveOpen: true) { NewLine = "\n" };
        WriteRow(writer, PupilColumns);
        foreach (Pupil p in population.Pupils)
        {
            WriteRow(writer,
            [
                p.Id,
                p.FirstName,
                p.LastName,
                p.Sex.ToString(),
                Int(p.BirthYear),
                p.RegionCode,
                p.ProvinceCode,
                p.Commune,
                Code(p.Milieu),
                p.SchoolId,
                Code(p.Cycle),
                p.GradeLevel,
                p.DistanceKm.ToString("0.0", CultureInfo.InvariantCulture),
                Int(p.AbsenceDays),
                p.AbsenceRate.ToString("0.0000", CultureInfo.InvariantCulture),
                p.GradeAverage.ToString("0.00", CultureInfo.InvariantCulture),
                Int(p.Repetitions),
                Code(p.Transport),
                p.SesIndex.ToString("0.000", CultureInfo.InvariantCulture),
                Code(p.MotherEducation),
                p.DroppedOut ? "yes" : "no",
            ]);
        }
    }

    /// <summary>Writes the weekly absences table (empty body unless generated with
    /// <see cref="SynthOptions.IncludeWeeklyAbsences"/>).</summary>
    /// <param name="population">The population to write.</param>
    /// <param name="path">Destination file path.</param>
    public static void WriteWeeklyAbsencesCsv(SchoolPopulation population, string path)
    {
        ArgumentNullException.ThrowIfNull(population);
        using FileStream stream = File.Create(path);
        using var writer = new StreamWriter(stream, Utf8NoBom, 65536) { NewLine = "\n" };
        WriteRow(writer, WeeklyAbsenceColumns);
        foreach (WeeklyAbsence w in population.WeeklyAbsences)
        {
            WriteRow(writer, [w.PupilId, Int(w.Week), Int(w.AbsentDays)]);
        }
    }

    /// <summary>Writes the school table.</summary>
    /// <param name="population">The population to write.</param>
    /// <param name="path">Destination file path.</param>
    public static void WriteSchoolsCsv(SchoolPopulation population, string path)
    {
        ArgumentNullException.ThrowIfNull(population);
        using FileStream stream = File.Create(path);
        using var writer = new StreamWriter(stream, Utf8NoBom, 65536) { NewLine = "\n" };
        WriteRow(writer, SchoolColumns);
        foreach (School s in population.Schools)
        {
            WriteRow(writer,
            [
                s.Id, s.Name, s.RegionCode, s.ProvinceCode, s.Commune, Code(s.Milieu), Code(s.Cycle),
                Int(s.Capacity), Code(s.DistanceBand),
            ]);
        }
    }

    /// <summary>CSV code of a milieu: <c>urbain</c> or <c>rural</c>.</summary>
    /// <param name="milieu">The milieu.</param>
    /// <returns>The code.</returns>
    public static string Code(Milieu milieu) => milieu == Milieu.Urban ? "urbain" : "rural";

    /// <summary>CSV code of a cycle: <c>primaire</c>, <c>college</c> or <c>lycee</c>.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <returns>The code.</returns>
    public static string Code(Cycle cycle) => cycle switch
    {
        Cycle.Primary => "primaire",
        Cycle.LowerSecondary => "college",
        _ => "lycee",
    };

    /// <summary>CSV code of a transport mode.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The code (<c>walk</c>, <c>bicycle</c>, <c>school_bus</c>, <c>public_transport</c>,
    /// <c>family_vehicle</c>, <c>boarding</c>).</returns>
    public static string Code(Transport transport) => transport switch
    {
        Transport.Walk => "walk",
        Transport.Bicycle => "bicycle",
        Transport.SchoolBus => "school_bus",
        Transport.PublicTransport => "public_transport",
        Transport.FamilyVehicle => "family_vehicle",
        _ => "boarding",
    };

    /// <summary>CSV code of a mother education level (<c>none</c>, <c>primary</c>, <c>secondary</c>, <c>higher</c>).</summary>
    /// <param name="education">The level.</param>
    /// <returns>The code.</returns>
    public static string Code(MotherEducation education) => education switch
    {
        MotherEducation.None => "none",
        MotherEducation.Primary => "primary",
        MotherEducation.Secondary => "secondary",
        _ => "higher",
    };

    /// <summary>CSV code of a distance band (<c>lt2km</c>, <c>2to5km</c>, <c>5to10km</c>, <c>gt10km</c>).</summary>
    /// <param name="band">The band.</param>
    /// <returns>The code.</returns>
    public static string Code(DistanceBand band) => band switch
    {
        DistanceBand.Near => "lt2km",
        DistanceBand.Medium => "2to5km",
        DistanceBand.Far => "5to10km",
        _ => "gt10km",
    };

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void WriteRow(StreamWriter writer, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(fields[i]));
        }

        writer.WriteLine();
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
