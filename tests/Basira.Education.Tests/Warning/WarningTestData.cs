using Basira.Education.Warning;

namespace Basira.Education.Tests.Warning;

/// <summary>
/// Seeded pupil-years for the national early-warning tests (no dependency on the national generator): schools in three
/// regions, a logistic dropout mechanism on the record's fields (absences, marks, support, repetitions, unmitigated
/// distance, transition grades, rural, rural girls at collège), outcomes drawn from it.
/// </summary>
internal static class WarningTestData
{
    public static readonly string[] Regions = ["MA-01", "MA-07", "MA-11"];

    public static IEnumerable<WarningPupil> Pupils(int schools, int pupilsPerSchool, int seed, bool withOutcome = true, string prefix = "P")
    {
        var rng = new Random(seed);
        for (var s = 0; s < schools; s++)
        {
            var region = Regions[s % Regions.Length];
            var province = $"{region}-P{s % 4}";
            var ruralSchool = s % 3 != 0;
            var cycle = s % 4; // 0,1 primary; 2 collège; 3 lycée
            for (var k = 0; k < pupilsPerSchool; k++)
            {
                var girl = rng.NextDouble() < 0.49;
                var rural = ruralSchool ? rng.NextDouble() < 0.9 : rng.NextDouble() < 0.1;
                var gradeIndex = cycle switch { 0 or 1 => rng.Next(0, 6), 2 => rng.Next(6, 9), _ => rng.Next(9, 12) };
                var grade = WarningFeatures.Grades[gradeIndex];
                var distance = rural ? 0.5 + rng.NextDouble() * 9 : rng.NextDouble() * 3;
                var transport = rural && rng.NextDouble() < 0.3;
                var boarding = rural && cycle >= 2 && rng.NextDouble() < 0.2;
                var support = rural && rng.NextDouble() < 0.4;
                var reps = rng.NextDouble() < 0.7 ? 0 : rng.Next(1, 4);
                var days = 180;
                var absent = (int)Math.Min(days, Math.Round(days * Math.Max(0, 0.04 + 0.06 * Normal(rng) + (rural ? 0.02 : 0))));
                var justified = (int)Math.Round(absent * rng.NextDouble());
                var average = Math.Clamp(11 + 2.5 * Normal(rng) - 0.8 * reps, 0, 20);
                var z = -4.6 + 10 * (absent / (double)days) + 0.25 * (10 - average) - 1.0 * (support ? 1 : 0) + 0.4 * reps
                    + 0.3 * (transport || boarding ? 0 : Math.Log(1 + distance)) + (grade is "6AP" or "3AC" or "2BAC" ? 0.45 : 0)
                    + (rural ? 0.3 : 0) + (girl && rural && cycle == 2 ? 1.2 : 0) + (cycle == 2 ? 1.0 : cycle == 3 ? 0.9 : 0);
                var dropped = rng.NextDouble() < 1 / (1 + Math.Exp(-z));
                var codes = new int[5];
                for (var d = 0; d < absent; d++) codes[d < justified ? rng.Next(0, 3) : rng.Next(3, 5)]++;
                yield return new WarningPupil
                {
                    PupilCode = $"{prefix}{s:D3}-{k:D4}",
                    SchoolId = $"SCH-{s:D3}",
                    RegionCode = region,
                    ProvinceCode = province,
                    Sex = girl ? "F" : "M",
                    Milieu = rural ? "rural" : "urban",
                    Grade = grade,
                    DistanceKm = Math.Round(distance, 1),
                    Repetitions = reps,
                    SchoolTransport = transport,
                    Boarding = boarding,
                    SocialSupport = support,
                    SchoolDays = days,
                    AbsenceDays = absent,
                    JustifiedAbsenceDays = justified,
                    AnnualAverage = Math.Round(average, 2),
                    DroppedOut = withOutcome ? dropped : null,
                    AbsenceDaysByCode = codes,
                };
            }
        }
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
