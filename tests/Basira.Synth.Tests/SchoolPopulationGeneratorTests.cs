using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Basira.Synth.Geography;
using Xunit.Abstractions;

namespace Basira.Synth.Tests;

public sealed class SchoolPopulationGeneratorTests(ITestOutputHelper output)
{
    private static readonly SchoolPopulation Default = SchoolPopulationGenerator.Generate(new SynthOptions());

    [Fact]
    public void Same_seed_gives_identical_csv_bytes()
    {
        // Arrange
        var options = new SynthOptions { Seed = 42, PupilCount = 1500 };

        // Act
        byte[] first = Csv(SchoolPopulationGenerator.Generate(options));
        byte[] second = Csv(SchoolPopulationGenerator.Generate(options with { }));

        // Assert
        Assert.Equal(first, second);
    }

    /// <summary>
    /// Pins the bytes for one seed so that the output is stable across processes, machines and runtime versions
    /// (the generator uses its own PRNG, not System.Random). An intentional change to the generator must update
    /// this hash and say so in the commit message.
    /// </summary>
    [Fact]
    public void Csv_bytes_for_a_pinned_seed_do_not_change()
    {
        byte[] csv = Csv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 42, PupilCount = 200 }));

        Assert.Equal("DA80C4939C4742C8C51C4C5DAFC6342361EFC6CBE9E2E0F393248D743F5AE8B0", Convert.ToHexString(SHA256.HashData(csv)));
    }

    [Fact]
    public void Different_seeds_give_different_populations()
    {
        byte[] a = Csv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 1, PupilCount = 500 }));
        byte[] b = Csv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 2, PupilCount = 500 }));

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Csv_file_is_identical_across_runs_and_has_no_bom()
    {
        string dir = Directory.CreateTempSubdirectory("basira-synth-").FullName;
        try
        {
            string p1 = Path.Combine(dir, "a.csv");
            string p2 = Path.Combine(dir, "b.csv");
            SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 7, PupilCount = 400 }), p1);
            SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = 7, PupilCount = 400 }), p2);

            byte[] bytes = File.ReadAllBytes(p1);
            Assert.Equal(bytes, File.ReadAllBytes(p2));
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(20250701UL)]
    [InlineData(987654321UL)]
    public void Label_rate_is_between_8_and_20_percent(ulong seed)
    {
        SchoolPopulation population = SchoolPopulationGenerator.Generate(new SynthOptions { Seed = seed });

        Assert.InRange(population.DropoutRate, 0.08, 0.20);
    }

    [Fact]
    public void Geography_has_12_regions_and_75_provinces_each_in_a_known_region()
    {
        Assert.Equal(12, MoroccoGeography.Regions.Count);
        Assert.Equal(75, MoroccoGeography.Provinces.Count);
        Assert.Equal(75, MoroccoGeography.Provinces.Select(p => p.Code).Distinct().Count());
        Assert.All(MoroccoGeography.Provinces, p => Assert.NotNull(MoroccoGeography.FindRegion(p.RegionCode)));
        Assert.All(MoroccoGeography.Regions, r => Assert.Contains(MoroccoGeography.Provinces, p => p.RegionCode == r.Code));
        Assert.Equal(36_828_330, MoroccoGeography.Regions.Sum(r => r.Population2024));
    }

    [Theory]
    [InlineData("MA-CAS", "MA-06")]
    [InlineData("MA-TNG", "MA-01")]
    [InlineData("MA-OUJ", "MA-02")]
    [InlineData("MA-FES", "MA-03")]
    [InlineData("MA-RAB", "MA-04")]
    [InlineData("MA-AZI", "MA-05")]
    [InlineData("MA-HAO", "MA-07")]
    [InlineData("MA-ZAG", "MA-08")]
    [InlineData("MA-TAR", "MA-09")]
    [InlineData("MA-GUE", "MA-10")]
    [InlineData("MA-LAA", "MA-11")]
    [InlineData("MA-OUD", "MA-12")]
    public void Province_maps_to_its_iso_region(string province, string region)
    {
        Assert.Equal(region, MoroccoGeography.RegionOf(MoroccoGeography.FindProvince(province)!).Code);
    }

    [Fact]
    public void Every_pupil_and_school_province_belongs_to_its_region()
    {
        var population = SchoolPopulationGenerator.Generate(new SynthOptions
        {
            Provinces = MoroccoGeography.Provinces.Select(p => p.Code).ToArray(),
            PupilCount = 1500,
            SchoolsPerProvince = 3,
        });

        Assert.All(population.Pupils, p => Assert.Equal(MoroccoGeography.FindProvince(p.ProvinceCode)!.RegionCode, p.RegionCode));
        Assert.All(population.Schools, s => Assert.Equal(MoroccoGeography.FindProvince(s.ProvinceCode)!.RegionCode, s.RegionCode));
        var schools = population.Schools.ToDictionary(s => s.Id);
        Assert.All(population.Pupils, p =>
        {
            School school = schools[p.SchoolId];
            Assert.Equal(p.ProvinceCode, school.ProvinceCode);
            Assert.Equal(p.Cycle, school.Cycle);
        });
    }

    [Fact]
    public void Rural_girls_in_college_drop_out_more_than_urban_boys()
    {
        var population = SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 8000 });

        double ruralGirls = Rate(population.Pupils.Where(p => p.Sex == 'F' && p.Milieu == Milieu.Rural && p.Cycle == Cycle.LowerSecondary));
        double urbanBoys = Rate(population.Pupils.Where(p => p.Sex == 'M' && p.Milieu == Milieu.Urban && p.Cycle == Cycle.LowerSecondary));

        Assert.True(ruralGirls > urbanBoys * 1.5, $"rural girls {ruralGirls:P1} vs urban boys {urbanBoys:P1}");
    }

    [Fact]
    public void Dropout_rises_with_distance_repetitions_and_absences()
    {
        var pupils = SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 8000, Seed = 11 }).Pupils;

        Assert.True(Rate(pupils.Where(p => p.DistanceKm >= 5)) > Rate(pupils.Where(p => p.DistanceKm < 2)));
        Assert.True(Rate(pupils.Where(p => p.Repetitions >= 2)) > Rate(pupils.Where(p => p.Repetitions == 0)));
        Assert.True(Rate(pupils.Where(p => p.AbsenceRate >= 0.15)) > Rate(pupils.Where(p => p.AbsenceRate < 0.05)));
        Assert.True(Rate(pupils.Where(p => p.GradeAverage < 9)) > Rate(pupils.Where(p => p.GradeAverage >= 12)));
        Assert.True(Rate(pupils.Where(p => p.Cycle == Cycle.LowerSecondary)) > Rate(pupils.Where(p => p.Cycle == Cycle.Primary)));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.25)]
    public void Target_dropout_rate_is_respected(double target)
    {
        var population = SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 6000, TargetDropoutRate = target });

        Assert.InRange(population.DropoutRate, target * 0.85, target * 1.15);
    }

    [Fact]
    public void Csv_has_required_columns_and_one_row_per_pupil()
    {
        string[] lines = Encoding.UTF8.GetString(Csv(Default)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] required =
        [
            "pupil_id", "first_name", "last_name", "sex", "birth_year", "region", "province", "commune", "milieu",
            "school_id", "cycle", "grade_level", "distance_km", "absence_days", "absence_rate", "grade_average",
            "repetitions", "transport", "ses_index", "mother_education", "dropped_out",
        ];

        Assert.Equal(required, lines[0].Split(','));
        Assert.Equal(Default.Pupils.Count + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Equal(required.Length, SplitCsv(l).Length));
    }

    [Fact]
    public void Csv_values_use_invariant_culture_and_expected_codes()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-MA");
            string[] lines = Encoding.UTF8.GetString(Csv(Default)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] header = lines[0].Split(',');
            int dist = Array.IndexOf(header, "distance_km");
            int grade = Array.IndexOf(header, "grade_average");
            int label = Array.IndexOf(header, "dropped_out");
            int milieu = Array.IndexOf(header, "milieu");
            int cycle = Array.IndexOf(header, "cycle");
            foreach (string line in lines.Skip(1))
            {
                string[] f = SplitCsv(line);
                Assert.True(double.TryParse(f[dist], NumberStyles.Float, CultureInfo.InvariantCulture, out _), f[dist]);
                double g = double.Parse(f[grade], CultureInfo.InvariantCulture);
                Assert.InRange(g, 0, 20);
                Assert.Contains(f[label], new[] { "yes", "no" });
                Assert.Contains(f[milieu], new[] { "urbain", "rural" });
                Assert.Contains(f[cycle], new[] { "primaire", "college", "lycee" });
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Ids_are_non_empty_unique_and_marked_synthetic()
    {
        Assert.All(Default.Pupils, p => Assert.StartsWith("SYN-", p.Id, StringComparison.Ordinal));
        Assert.All(Default.Schools, s => Assert.StartsWith("SYN-SCH-", s.Id, StringComparison.Ordinal));
        Assert.All(Default.Schools, s => Assert.Contains("synthétique", s.Name, StringComparison.Ordinal));
        Assert.Equal(Default.Pupils.Count, Default.Pupils.Select(p => p.Id).Distinct().Count());
        Assert.Equal(Default.Schools.Count, Default.Schools.Select(s => s.Id).Distinct().Count());
        Assert.All(Default.Pupils, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.SchoolId));
            Assert.False(string.IsNullOrWhiteSpace(p.FirstName));
            Assert.False(string.IsNullOrWhiteSpace(p.LastName));
            Assert.False(string.IsNullOrWhiteSpace(p.Commune));
        });
    }

    [Fact]
    public void Default_population_has_requested_size_and_contrasting_provinces()
    {
        Assert.Equal(3000, Default.Pupils.Count);
        Assert.Equal(SynthOptions.DefaultProvinces.Count * 9, Default.Schools.Count);
        Assert.Equal(3, Default.Pupils.Select(p => p.RegionCode).Distinct().Count());
        Assert.All(SynthOptions.DefaultProvinces, code => Assert.Contains(Default.Pupils, p => p.ProvinceCode == code));
        Assert.Contains(Default.Pupils, p => p.Milieu == Milieu.Rural);
        Assert.Contains(Default.Pupils, p => p.Milieu == Milieu.Urban);
    }

    [Fact]
    public void Values_are_plausible()
    {
        Assert.All(Default.Pupils, p =>
        {
            Assert.InRange(p.AbsenceRate, 0, 1);
            Assert.InRange(p.AbsenceDays, 0, 60);
            Assert.InRange(p.Repetitions, 0, 3);
            Assert.InRange(p.DistanceKm, 0.1, 45);
            Assert.InRange(2024 - p.BirthYear, 6, 22);
            Assert.Contains(p.Sex, new[] { 'F', 'M' });
            Assert.Equal(p.DroppedOut, p.DropoutWeek is not null);
        });
        double girls = Default.Pupils.Count(p => p.Sex == 'F') / (double)Default.Pupils.Count;
        Assert.InRange(girls, 0.44, 0.52);
    }

    [Fact]
    public void Label_is_predictable_but_not_perfectly()
    {
        var population = SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 10_000, Seed = 3 });
        bool[] y = population.Pupils.Select(p => p.DroppedOut).ToArray();

        // Oracle: the observable part of the hidden mechanism.
        double oracle = Metrics.Auc(population.Pupils.Select(SchoolPopulationGenerator.HiddenMechanism.ObservedLogit).ToArray(), y);

        // A plain logistic regression on the CSV columns, trained on half, scored on the other half.
        double[][] x = Metrics.Standardise(population.Pupils.Select(Features).ToArray());
        int half = x.Length / 2;
        double[] w = Metrics.FitLogistic(x[..half], y[..half]);
        double learned = Metrics.Auc(x[half..].Select(r => Metrics.Predict(w, r)).ToArray(), y[half..]);

        output.WriteLine($"oracle AUC {oracle:F3}, logistic AUC {learned:F3}");
        Assert.InRange(oracle, 0.78, 0.93);
        Assert.InRange(learned, 0.75, 0.93);
    }

    [Fact]
    public void Weekly_absences_cover_every_week_and_match_term_absences()
    {
        var options = new SynthOptions { PupilCount = 300, IncludeWeeklyAbsences = true };
        var population = SchoolPopulationGenerator.Generate(options);

        Assert.Equal(300 * options.Weeks, population.WeeklyAbsences.Count);
        var byPupil = population.WeeklyAbsences.ToLookup(w => w.PupilId);
        Assert.All(population.Pupils, p =>
        {
            var weeks = byPupil[p.Id].ToArray();
            Assert.Equal(Enumerable.Range(1, options.Weeks), weeks.Select(w => w.Week));
            Assert.All(weeks, w => Assert.InRange(w.AbsentDays, 0, SynthOptions.DaysPerWeek));
            Assert.Equal(p.AbsenceDays, weeks.Where(w => w.Week <= options.TermWeeks).Sum(w => w.AbsentDays));
            if (p.DropoutWeek is { } dw)
            {
                Assert.All(weeks.Where(w => w.Week >= dw), w => Assert.Equal(SynthOptions.DaysPerWeek, w.AbsentDays));
            }
        });

        // The pupil table does not depend on whether the weekly table is generated.
        Assert.Equal(Csv(SchoolPopulationGenerator.Generate(options with { IncludeWeeklyAbsences = false })), Csv(population));
    }

    [Fact]
    public void WriteAll_writes_every_table_and_the_synthetic_notice()
    {
        string dir = Path.Combine(Path.GetTempPath(), "basira-synth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var population = SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 200, IncludeWeeklyAbsences = true });

            var paths = SchoolPopulationCsv.WriteAll(population, dir);

            Assert.Equal(["pupils.csv", "schools.csv", "weekly_absences.csv", "SYNTHETIC.txt"], paths.Select(Path.GetFileName));
            Assert.Equal(201, File.ReadAllLines(paths[0]).Length);
            Assert.Equal(population.Schools.Count + 1, File.ReadAllLines(paths[1]).Length);
            Assert.Equal((200 * 36) + 1, File.ReadAllLines(paths[2]).Length);
            Assert.StartsWith("SYNTHETIC DATA", File.ReadAllText(paths[3]), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Unknown_province_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SchoolPopulationGenerator.Generate(new SynthOptions { Provinces = ["MA-XXX"] }));
        Assert.Throws<ArgumentException>(() => SchoolPopulationGenerator.Generate(new SynthOptions { PupilCount = 0 }));
    }

    [Fact]
    public void Prints_population_summary()
    {
        output.WriteLine($"pupils {Default.Pupils.Count}, schools {Default.Schools.Count}, label rate {Default.DropoutRate:P1}");
        foreach (var g in Default.Pupils.GroupBy(p => (p.Milieu, p.Sex)).OrderBy(g => g.Key))
        {
            output.WriteLine($"{g.Key.Milieu,-6} {g.Key.Sex}: n={g.Count(),5} dropout {Rate(g):P1}");
        }

        foreach (var g in Default.Pupils.GroupBy(p => (p.Cycle, p.Milieu, p.Sex)).OrderBy(g => g.Key))
        {
            output.WriteLine($"{g.Key.Cycle,-15} {g.Key.Milieu,-6} {g.Key.Sex}: n={g.Count(),5} dropout {Rate(g):P1}");
        }

        foreach (var g in Default.Pupils.GroupBy(p => p.Cycle).OrderBy(g => g.Key))
        {
            output.WriteLine($"{g.Key,-15}: n={g.Count(),5} dropout {Rate(g):P1}");
        }

        foreach (var g in Default.Pupils.GroupBy(p => p.ProvinceCode))
        {
            output.WriteLine($"{g.Key}: n={g.Count(),5} rural {g.Count(p => p.Milieu == Milieu.Rural) / (double)g.Count():P0} dropout {Rate(g):P1}");
        }

        output.WriteLine($"mean absence rate {Default.Pupils.Average(p => p.AbsenceRate):P1}, mean grade {Default.Pupils.Average(p => p.GradeAverage):F2}, "
            + $"any repetition {Default.Pupils.Count(p => p.Repetitions > 0) / (double)Default.Pupils.Count:P1}, "
            + $"mother none {Default.Pupils.Count(p => p.MotherEducation == MotherEducation.None) / (double)Default.Pupils.Count:P1}");
        Assert.NotEmpty(Default.Pupils);
    }

    private static double[] Features(Pupil p) =>
    [
        p.AbsenceRate, p.Repetitions, p.GradeAverage, Math.Log(1 + p.DistanceKm), p.SesIndex,
        p.Milieu == Milieu.Rural ? 1 : 0, p.Sex == 'F' ? 1 : 0,
        p.Cycle == Cycle.LowerSecondary ? 1 : 0, p.Cycle == Cycle.UpperSecondary ? 1 : 0,
        p.Milieu == Milieu.Rural && p.Sex == 'F' && p.Cycle == Cycle.LowerSecondary ? 1 : 0,
        p.MotherEducation == MotherEducation.None ? 1 : 0,
        p.Transport is Transport.SchoolBus or Transport.Boarding ? 1 : 0,
        p.GradeLevel is "3AC" or "6AP" or "2BAC" ? 1 : 0,
    ];

    private static double Rate(IEnumerable<Pupil> pupils)
    {
        var list = pupils.ToList();
        return list.Count == 0 ? 0 : list.Count(p => p.DroppedOut) / (double)list.Count;
    }

    private static byte[] Csv(SchoolPopulation population)
    {
        using var stream = new MemoryStream();
        SchoolPopulationCsv.WriteCsv(population, stream);
        return stream.ToArray();
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
