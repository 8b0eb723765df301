using Basira.Education.Planning;

namespace Basira.Education.Tests.Planning;

public sealed class ProjectionTests
{
    /// <summary>The worked example of ../shared/datasets/education-planning/METHOD.md §3, in the minimal scenario form.</summary>
    public const string WorkedExample = """
        {"base_year": 2024, "years": 2, "cycles": [{"name": "c", "enrolment": [1000, 900, 800],
          "promotion": [0.85, 0.88, 0.90], "repetition": [0.10, 0.08, 0.06], "new_entrants": [1050, 1080],
          "ptr": 27, "max_class_size": 36}]}
        """;

    private static ScenarioProjection Project(string json) => EnrolmentProjection.Project(ScenarioReader.Read(json, "test.json"));

    [Fact]
    public void Worked_example_of_METHOD_matches_exactly()
    {
        var p = Project(WorkedExample);

        var y1 = Assert.Single(p.Years[0].Cycles);
        Assert.Equal(2025, p.Years[0].Year);
        Assert.Equal([1150m, 922m, 840m], y1.Enrolment);
        Assert.Equal(2912m, y1.Total);
        Assert.Equal(720m, y1.Completers);
        Assert.Equal([50m, 36m, 32m], y1.Dropouts!);
        Assert.Equal(1050m, y1.NewEntrants);

        var y2 = Assert.Single(p.Years[1].Cycles);
        Assert.Equal(2026, p.Years[1].Year);
        Assert.Equal([1195m, 1051.26m, 861.76m], y2.Enrolment);
        Assert.Equal(3108.02m, y2.Total);
        Assert.Equal(756m, y2.Completers);
        Assert.Equal(116, y2.Teachers);          // 3108.02 / 27 = 115.11 → 116
        Assert.Equal([34, 30, 24], y2.Classes);  // ⌈1195/36⌉, ⌈1051.26/36⌉, ⌈861.76/36⌉
    }

    [Fact]
    public void Accounting_identity_holds_every_year()
    {
        var p = Project(WorkedExample);
        Assert.Equal(0m, p.MaxIdentityResidual);
        var previous = p.Base.Cycles[0].Total;
        foreach (var y in p.Years)
        {
            var c = y.Cycles[0];
            // E_total[t+1] = E_total[t] + NewEntrants[t+1] − Completers[t] − Σ_g d[g,t]·E[g,t]  (METHOD §3)
            Assert.Equal(c.Total, previous + c.NewEntrants!.Value - c.Completers!.Value - c.Dropouts!.Sum());
            previous = c.Total;
        }
        // the example's own check: 2700 + 1050 − 720 − 118 = 2912
        Assert.Equal(2700m, p.Base.Cycles[0].Total);
        Assert.Equal(118m, p.Years[0].Cycles[0].Dropouts!.Sum());
    }

    [Fact]
    public void Base_year_carries_the_needs_of_the_base_enrolment()
    {
        var b = Project(WorkedExample).Base.Cycles[0];
        Assert.Equal(2024, b.Year);
        Assert.Equal(100, b.Teachers);          // 2700 / 27
        Assert.Equal([28, 25, 23], b.Classes);  // ⌈1000/36⌉, ⌈900/36⌉, ⌈800/36⌉
        Assert.Null(b.Completers);
        Assert.Null(b.Dropouts);
    }

    [Fact]
    public void Targets_are_interpolated_linearly_to_the_target_year_and_held_after()
    {
        var json = """
            {"base_year": 2024, "years": 4, "cycles": [{"name": "c", "enrolment": [100, 100],
              "promotion": [0.80, 0.80], "repetition": [0.10, 0.10], "new_entrants": [100, 100, 100, 100],
              "ptr": 20, "max_class_size": 40,
              "targets": {"year": 2026, "promotion": [0.90, 0.90], "repetition": [0.04, 0.04], "max_class_size": 30}}]}
            """;
        var s = ScenarioReader.Read(json, null);
        var c = s.Units[0].Cycles[0];
        Assert.Equal(0.80m, c.Rates.At(2024).Promotion[0]);
        Assert.Equal(0.85m, c.Rates.At(2025).Promotion[0]);   // halfway
        Assert.Equal(0.07m, c.Rates.At(2025).Repetition[1]);
        Assert.Equal(0.90m, c.Rates.At(2026).Promotion[0]);
        Assert.Equal(0.90m, c.Rates.At(2028).Promotion[0]);   // held after the target
        Assert.Equal(35m, c.MaxClassSize.At(2025));
        Assert.Equal(30m, c.MaxClassSize.At(2030));

        // the flow 2025 → 2026 uses the rates of 2025
        var p = EnrolmentProjection.Project(s);
        var e2025 = p.Years[0].Cycles[0].Enrolment;
        Assert.Equal(100m + (0.07m * e2025[0]), p.Years[1].Cycles[0].Enrolment[0]);
        Assert.Equal((0.85m * e2025[0]) + (0.07m * e2025[1]), p.Years[1].Cycles[0].Enrolment[1]);
    }

    [Fact]
    public void Dropout_targets_set_promotion_as_the_complement()
    {
        var json = """
            {"base_year": 2024, "years": 6, "target_year": 2030, "cycles": [{"name": "c", "enrolment": [100],
              "dropout": [0.10], "repetition": [0.10], "new_entrants_growth": {"first": 100, "growth": 0},
              "ptr": 20, "max_class_size": 40, "targets": {"dropout": [0.04]}}]}
            """;
        var c = ScenarioReader.Read(json, null).Units[0].Cycles[0];
        Assert.Equal(0.80m, c.Rates.At(2024).Promotion[0]);
        Assert.Equal(0.07m, c.Rates.At(2027).Dropout(0));
        Assert.Equal(0.86m, c.Rates.At(2030).Promotion[0]);
        Assert.Equal(0.10m, c.Rates.At(2030).Repetition[0]);  // repetition kept where the target does not set it
    }

    [Fact]
    public void Subject_teachers_come_from_weekly_hours_and_rooms_from_double_shift()
    {
        var json = """
            {"base_year": 2024, "years": 1, "cycles": [{"name": "college", "enrolment": [400, 300, 200],
              "promotion": [1, 1, 1], "repetition": [0, 0, 0], "new_entrants": [400],
              "weekly_hours": [30, 30, 32], "teaching_load": 24, "utilisation": 0.8,
              "max_class_size": 40, "double_shift": 0.5}]}
            """;
        var y = Project(json).Years[0].Cycles[0];
        Assert.Equal([400m, 400m, 300m], y.Enrolment);
        Assert.Equal([10, 10, 8], y.Classes);
        // Σ classes·H / (L·u) = (10·30 + 10·30 + 8·32) / (24·0.8) = 856 / 19.2 = 44.58 → 45
        Assert.Equal(45, y.Teachers);
        // rooms = ⌈28 · (1 − 0.5/2)⌉ = 21
        Assert.Equal(21, y.Classrooms);
    }

    [Fact]
    public void Recruitment_is_growth_plus_attrition_and_rooms_are_built_for_the_shortfall()
    {
        var json = """
            {"base_year": 2024, "years": 2, "cycles": [{"name": "c", "enrolment": [1000],
              "promotion": [0], "repetition": [0], "new_entrants": [1200, 1100],
              "ptr": 25, "max_class_size": 25, "attrition": 0.05, "obsolescence": 0.1,
              "teacher_stock": 38, "classroom_stock": 40}]}
            """;
        var p = Project(json);
        var b = p.Base.Cycles[0];
        Assert.Equal(40, b.Teachers);
        Assert.Equal(2, b.TeacherGap);                     // 40 needed, 38 in post
        var y1 = p.Years[0].Cycles[0];
        Assert.Equal(48, y1.Teachers);
        Assert.Equal(10, y1.Recruitment);                  // (48 − 40) + 0.05·40
        Assert.Equal(12, y1.ClassroomsToBuild);            // 48 − 40·0.9
        Assert.Equal(38m * 0.95m, y1.TeacherStock);        // no recruitment: attrition only
        Assert.Equal(12, y1.TeacherGap);                   // ⌈48 − 36.1⌉
        var y2 = p.Years[1].Cycles[0];
        Assert.Equal(44, y2.Teachers);
        Assert.Equal(3, y2.Recruitment);                   // max(0, 44 − 48) + ⌈0.05·48⌉
        Assert.Equal(1, y2.ClassroomsToBuild);             // ⌈44 − 48·0.9⌉ = ⌈0.8⌉
    }

    [Fact]
    public void Next_cycle_takes_its_entrants_from_the_last_grade_of_the_previous_one()
    {
        var json = """
            {"base_year": 2024, "years": 2, "cycles": [
              {"name": "lower", "enrolment": [100, 200], "promotion": [0.9, 0.8], "repetition": [0.05, 0.1],
               "transition": {"from": "upper", "rate": 0.5}, "ptr": 20, "max_class_size": 40},
              {"name": "upper", "enrolment": [300, 400], "promotion": [0.9, 0.7], "repetition": [0.1, 0.2],
               "new_entrants": [350, 360], "ptr": 20, "max_class_size": 40}]}
            """;
        var p = Project(json);
        // "lower" is fed by "upper" here only to prove that the order of the file does not matter
        Assert.Equal((0.5m * 400m) + (0.05m * 100m), p.Years[0].Cycles[0].Enrolment[0]);
        var upper2025 = p.Years[0].Cycles[1].Enrolment[1];
        Assert.Equal((0.5m * upper2025) + (0.05m * p.Years[0].Cycles[0].Enrolment[0]), p.Years[1].Cycles[0].Enrolment[0]);
    }

    [Fact]
    public void Rates_estimated_from_history_reproduce_the_flows_that_made_the_base_year()
    {
        // last year E = (1000, 900, 800) moved with p = (0.85, 0.88, 0.90), r = (0.10, 0.08, 0.06) and 1050 entrants:
        // this year E = (1150, 922, 840), repeaters R = (100, 72, 48), completers 720.
        var json = """
            {"base_year": 2025, "years": 1, "cycles": [{"name": "c", "enrolment": [1150, 922, 840],
              "history": {"enrolment": [1000, 900, 800], "repeaters": [100, 72, 48], "completers": 720},
              "new_entrants": [1080], "ptr": 27, "max_class_size": 36}]}
            """;
        var s = ScenarioReader.Read(json, null);
        var c = s.Units[0].Cycles[0];
        Assert.Equal("history", c.RatesFrom);
        Assert.Equal([0.85m, 0.88m, 0.90m], c.Rates.At(2025).Promotion);
        Assert.Equal([0.10m, 0.08m, 0.06m], c.Rates.At(2025).Repetition);
        var y = EnrolmentProjection.Project(s).Years[0].Cycles[0];
        Assert.Equal(3108.02m, y.Total);
    }

    [Fact]
    public void Dispersed_schools_need_at_least_their_share_of_classes()
    {
        var json = """
            {"base_year": 2024, "years": 1, "cycles": [{"name": "rural", "enrolment": [300, 20],
              "promotion": [1, 1], "repetition": [0, 0], "new_entrants": [300],
              "teachers_per_class": 1, "max_class_size": 30, "schools": 40, "min_classes_per_school": 0.5}]}
            """;
        var y = Project(json).Years[0].Cycles[0];
        // grade 1: max(⌈300/30⌉ = 10, ⌈40·0.5⌉ = 20) = 20; grade 2: 300 pupils → 20
        Assert.Equal([20, 20], y.Classes);
        Assert.Equal(40, y.Teachers);
        var b = Project(json).Base.Cycles[0];
        Assert.Equal([20, 20], b.Classes);   // grade 2 (20 pupils): never more classes than pupils
    }
}
