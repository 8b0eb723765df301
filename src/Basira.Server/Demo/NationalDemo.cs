using System.Diagnostics;
using Basira.Education.National;
using Basira.Synth;
using Basira.Synth.National;

namespace Basira.Server.Demo;

/// <summary>Stage of a national demo load, with its time and throughput.</summary>
/// <param name="Name">Stage.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Rows">Rows the stage produced or wrote.</param>
/// <param name="RowsPerSecond">Rows / seconds.</param>
public sealed record NationalDemoStage(string Name, double Seconds, long Rows, double RowsPerSecond);

/// <summary>What a national demo load did.</summary>
/// <param name="Pupils">Pupils of the current year.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Load">Rows per table.</param>
/// <param name="Stages">Stages with their times.</param>
/// <param name="Notice">The SYNTHETIC notice.</param>
public sealed record NationalDemoReport(long Pupils, ulong Seed, NationalLoadReport Load, IReadOnlyList<NationalDemoStage> Stages, string Notice);

/// <summary>
/// Generates a SYNTHETIC Morocco (<see cref="NationalGenerator"/>) and loads it through the education module's bulk
/// load: schools, two school years of pupils (pseudonymised), year t's absences and marks. Every core generates and
/// appends its share of the schools.
/// </summary>
public static class NationalDemo
{
    /// <summary>Pupils of the national population seeded with the demo when no size is given.</summary>
    public const int DefaultPupils = 20_000;

    public static NationalDemoReport Load(NationalEducation education, NationalOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(education);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var stages = new List<NationalDemoStage>();
        var g = new NationalGenerator(options);
        log($"national: plan of {g.Schools.Count} schools in {g.Communes.Count} communes for {options.Pupils} pupils (SYNTHETIC, seed {options.Seed})");
        var communes = g.Communes.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        using var load = education.BeginBulkLoad(synthetic: true);
        load.SetMeta("notice", NationalGenerator.SyntheticNotice);
        load.SetMeta("seed", options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        load.SetMeta("pupils", options.Pupils.ToString(System.Globalization.CultureInfo.InvariantCulture));
        load.AddSchools(g.Schools.Select(s => new SchoolRow(s.Id, s.Name, s.RegionCode, s.ProvinceCode, s.CommuneCode, communes[s.CommuneCode],
            s.Milieu.Code(), s.Cycle.Code(), Synthetic: true)));
        foreach (var cal in new[] { g.PreviousCalendar, g.Calendar })
            load.AddSchoolDays(cal.StartYear, cal.SchoolDays.Select((d, i) => new SchoolDayRow(d, cal.TermOf(i))));
        var planned = clock.Elapsed.TotalSeconds;

        var workers = Math.Max(1, options.MaxDegreeOfParallelism);
        long pupilRows = 0, absenceRows = 0, markRows = 0, done = 0;
        var progressStep = Math.Max(1, g.Schools.Count / 10);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
        {
            var writer = load.CreateWriter();
            for (var i = k; i < g.Schools.Count; i += workers)
            {
                var batch = ToBatch(g.Generate(i), g.Calendar);
                writer.Write(batch);
                Interlocked.Add(ref pupilRows, batch.Pupils.Count);
                Interlocked.Add(ref absenceRows, batch.Absences.Count);
                Interlocked.Add(ref markRows, batch.Marks.Count);
                if (Interlocked.Increment(ref done) % progressStep == 0)
                    log($"national: {Interlocked.Read(ref done)}/{g.Schools.Count} schools generated and appended");
            }
        });
        var generated = clock.Elapsed.TotalSeconds;
        stages.Add(new NationalDemoStage("generate+append", Math.Round(generated - planned, 2), pupilRows + absenceRows + markRows,
            Math.Round((pupilRows + absenceRows + markRows) / Math.Max(1e-9, generated - planned))));
        var report = load.Commit(log);
        var committed = clock.Elapsed.TotalSeconds;
        stages.Insert(0, new NationalDemoStage("plan", Math.Round(planned, 2), g.Schools.Count, Math.Round(g.Schools.Count / Math.Max(1e-9, planned))));
        stages.Add(new NationalDemoStage("commit (operational store)", Math.Round(committed - generated, 2), report.Pupils + report.Schools,
            Math.Round((report.Pupils + report.Schools) / Math.Max(1e-9, committed - generated))));
        log($"national: loaded {report.Pupils} pupil-years, {report.Absences} absence days, {report.Marks} marks in {committed:F1} s");
        return new NationalDemoReport(options.Pupils, options.Seed, report, stages, NationalGenerator.SyntheticNotice);
    }

    /// <summary>One school's generated batch as the education module's load takes it (both years' pupils, year t's rows).</summary>
    public static NationalBatch ToBatch(SchoolBatch b, SchoolCalendar current)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(current);
        var pupils = new List<PupilYearRow>(b.PreviousYear.Count + b.CurrentYear.Count);
        var previousIndex = new Dictionary<long, int>(b.PreviousYear.Count);
        var currentIndex = new Dictionary<long, int>(b.CurrentYear.Count);
        foreach (var p in b.PreviousYear) { previousIndex[p.PupilId] = pupils.Count; pupils.Add(Row(p)); }
        foreach (var p in b.CurrentYear) { currentIndex[p.PupilId] = pupils.Count; pupils.Add(Row(p)); }
        var absences = new AbsenceEntry[b.Absences.Count];
        for (var i = 0; i < absences.Length; i++)
        {
            var e = b.Absences[i];
            var index = e.Date >= current.First ? currentIndex[e.PupilId] : previousIndex[e.PupilId];
            absences[i] = new AbsenceEntry(index, e.Date, e.Reason.Code());
        }
        var marks = new MarkEntry[b.Marks.Count];
        for (var i = 0; i < marks.Length; i++)
        {
            var m = b.Marks[i];
            var index = m.Year == current.StartYear ? currentIndex[m.PupilId] : previousIndex[m.PupilId];
            marks[i] = new MarkEntry(index, m.Term, m.Subject.Code(), m.Mark);
        }
        return new NationalBatch(b.School.Id, pupils, absences, marks);
    }

    private static PupilYearRow Row(PupilRecord p) => new()
    {
        PupilId = p.PupilCode,
        Year = p.Year,
        SchoolCode = p.SchoolId,
        Sex = p.Sex == 'F' ? "F" : "M",
        BirthDate = p.BirthDate,
        Grade = p.Grade,
        Cycle = p.Cycle.Code(),
        Milieu = p.Milieu.Code(),
        DistanceKm = p.DistanceKm,
        Repetitions = p.Repetitions,
        Boarding = p.Boarding,
        SchoolTransport = p.SchoolTransport,
        SocialSupport = p.SocialSupport,
        SchoolDays = p.SchoolDays,
        AbsenceDays = p.AbsenceDays,
        JustifiedAbsenceDays = p.JustifiedAbsenceDays,
        AbsenceDaysTerm1 = p.AbsenceDaysTerm1,
        SchoolDaysTerm1 = p.SchoolDaysTerm1,
        Term1Average = p.Term1Average,
        Term2Average = p.Term2Average,
        Outcome = p.Outcome.Code(),
    };
}
