using Basira.Education.Planning;

namespace Basira.Education.Tests.Planning;

public sealed class DeficitAndVariantTests
{
    /// <summary>Two provinces with the same pupils: A has teachers and rooms to spare, B lacks them.</summary>
    private const string TwoProvinces = """
        {"base_year": 2024, "years": 1, "units": [
          {"code": "A", "province": "MA-AAA", "cycles": [{"name": "primary", "enrolment": [1000], "promotion": [0], "repetition": [0],
            "new_entrants": [1000], "ptr": 25, "max_class_size": 25, "teacher_stock": 60, "classroom_stock": 55}]},
          {"code": "B", "province": "MA-BBB", "cycles": [{"name": "primary", "enrolment": [1000], "promotion": [0], "repetition": [0],
            "new_entrants": [1000], "ptr": 25, "max_class_size": 25, "teacher_stock": 30, "classroom_stock": 32}]}]}
        """;

    [Fact]
    public void A_surplus_in_one_province_does_not_fill_a_gap_in_another()
    {
        var d = EnrolmentProjection.Project(ScenarioReader.Read(TwoProvinces, null)).Deficits;
        // each needs 40 teachers and 40 classrooms in 2025: A has 60 and 55, B 30 and 32
        var a = d.ByProvince.Single(p => p.Key == "MA-AAA");
        var b = d.ByProvince.Single(p => p.Key == "MA-BBB");
        Assert.Equal((0, 0), (a.TeacherGapLocal, a.ClassroomGapLocal));
        Assert.Equal((10, 8), (b.TeacherGapLocal, b.ClassroomGapLocal));
        // nationally: the local sum keeps B's gap; a pooled count would show none (90 teachers for 80 needed)
        Assert.Equal(10, d.Total.TeacherGapLocal);
        Assert.Equal(0, d.Total.TeacherGapNet);
        Assert.Equal(8, d.Total.ClassroomGapLocal);
        Assert.Equal(0, d.Total.ClassroomGapNet);
        Assert.Equal(10 + 8, d.Total.TeacherGapLocal + d.Total.ClassroomGapLocal);
        var primary = Assert.Single(d.ByCycle);
        Assert.Equal(10, primary.TeacherGapLocal);
    }

    [Fact]
    public void Gaps_of_different_cycles_are_never_pooled()
    {
        // one unit: primary has 20 teachers too many, collège 20 too few: the pooled figure still shows collège's 20
        var json = """
            {"base_year": 2024, "years": 1, "cycles": [
              {"name": "primary", "enrolment": [1000], "promotion": [0], "repetition": [0], "new_entrants": [1000],
               "ptr": 25, "max_class_size": 25, "teacher_stock": 60},
              {"name": "college", "enrolment": [1000], "promotion": [0], "repetition": [0], "new_entrants": [1000],
               "ptr": 25, "max_class_size": 25, "teacher_stock": 20}]}
            """;
        var total = EnrolmentProjection.Project(ScenarioReader.Read(json, null)).Deficits.Total;
        Assert.Equal(20, total.TeacherGapLocal);
        Assert.Equal(20, total.TeacherGapNet);
    }

    private const string Variants = """
        {"base_year": 2024, "years": 6, "units": [
          {"code": "U", "area": "urban", "cycles": [{"name": "c", "enrolment": [1000, 1000, 1000], "dropout": [0.10, 0.10, 0.10],
            "repetition": [0.05, 0.05, 0.05], "new_entrants": [1000, 1000, 1000, 1000, 1000, 1000], "ptr": 30, "max_class_size": 45}]},
          {"code": "R", "area": "rural", "cycles": [{"name": "c", "enrolment": [300, 300, 300], "dropout": [0.10, 0.10, 0.10],
            "repetition": [0.05, 0.05, 0.05], "new_entrants": [300, 300, 300, 300, 300, 300], "teachers_per_class": 1,
            "max_class_size": 45, "schools": 40, "min_classes_per_school": 0.5}]}],
         "variants": [
           {"name": "dropout_halved", "dropout_factor": 0.5, "target_year": 2030},
           {"name": "classes_of_40", "max_class_size": 40},
           {"name": "rural_consolidated", "area": "rural", "schools_factor": 0.5}]}
        """;

    [Fact]
    public void Dropout_halved_by_the_target_year_ramps_linearly_from_the_base_year()
    {
        var s = ScenarioReader.Read(Variants, null);
        var v = ScenarioVariants.Apply(s, s.Variants[0]);
        var rates = v.Units[0].Cycles[0].Rates;
        Assert.Equal(0.10m, rates.At(2024).Dropout(0));
        Assert.Equal(0.075m, rates.At(2027).Dropout(0));
        Assert.Equal(0.05m, rates.At(2030).Dropout(0));
        Assert.Equal(0.05m, rates.At(2035).Dropout(0));
        Assert.Equal(0.05m, rates.At(2030).Repetition[0]);
        var all = EnrolmentProjection.ProjectAll(s);
        Assert.Equal(["baseline", "dropout_halved", "classes_of_40", "rural_consolidated"], all.Select(p => p.Variant));
        Assert.True(all[1].Years[^1].Cycles[0].Total > all[0].Years[^1].Cycles[0].Total);
        Assert.Equal(all[0].Years[0].Cycles[0].Total, all[1].Years[0].Cycles[0].Total); // 2024 → 2025 flows use 2024's rates, unchanged
    }

    [Fact]
    public void Class_size_cap_needs_more_classes_and_consolidation_fewer_in_rural_units_only()
    {
        var all = EnrolmentProjection.ProjectAll(ScenarioReader.Read(Variants, null));
        var baseline = all[0].Units;
        int Classes(IReadOnlyList<UnitProjection> units, string code) => units.Single(u => u.Unit.Code == code).Cycles[0].Years[^1].Classes.Sum();
        Assert.True(Classes(all[2].Units, "U") > Classes(baseline, "U"));
        // rural: 40 schools × 0.5 = at least 20 classes a grade; 20 schools → 10, still above ⌈pupils/45⌉ ≤ 8
        Assert.Equal(60, Classes(baseline, "R"));
        Assert.Equal(30, Classes(all[3].Units, "R"));
        Assert.Equal(Classes(baseline, "U"), Classes(all[3].Units, "U"));
        // rural teachers follow classes (one per class)
        Assert.Equal(30, all[3].Units.Single(u => u.Unit.Code == "R").Cycles[0].Years[^1].Teachers);
    }

    [Fact]
    public void Repetition_factor_promotes_the_pupils_who_no_longer_repeat()
    {
        var c = ScenarioReader.Read(Variants, null).Units[0].Cycles[0];
        var v = ScenarioVariants.Apply(c, new ScenarioVariant { Name = "r", RepetitionFactor = 0.2m }, 2024);
        var p = v.Rates.At(2024);
        Assert.Equal(0.01m, p.Repetition[0]);
        Assert.Equal(0.89m, p.Promotion[0]);
        Assert.Equal(0.10m, p.Dropout(0));
    }
}
