using System.Text.Json.Nodes;
using Basira.Education.Planning;
using Basira.Governance;

namespace Basira.Education.Tests.Planning;

public sealed class ScenarioReaderTests
{
    /// <summary>The worked example with one change applied to its JSON.</summary>
    private static string Changed(Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(ProjectionTests.WorkedExample)!.AsObject();
        change(doc);
        return doc.ToJsonString();
    }

    private static JsonObject Cycle(JsonObject doc) => doc["cycles"]![0]!.AsObject();

    public static TheoryData<string, string, string, string> BadScenarios => new()
    {
        // name, json, field (JSON path), words of the problem
        { "rate above 1", Changed(d => Cycle(d)["promotion"] = new JsonArray(0.85, 1.2, 0.9)), "$.cycles[0].promotion[1]", "must be in [0, 1], got 1.2" },
        { "negative rate", Changed(d => Cycle(d)["repetition"] = new JsonArray(0.1, -0.08, 0.06)), "$.cycles[0].repetition[1]", "must be in [0, 1], got -0.08" },
        { "promotion + repetition above 1", Changed(d => Cycle(d)["promotion"] = new JsonArray(0.85, 0.95, 0.9)), "$.cycles[0].repetition[1]", "promotion + repetition of grade 2 is 1.03, above 1" },
        { "negative enrolment", Changed(d => Cycle(d)["enrolment"] = new JsonArray(1000, -5, 800)), "$.cycles[0].enrolment[1]", "cannot be negative, got -5" },
        { "negative entrants", Changed(d => Cycle(d)["new_entrants"] = new JsonArray(1050, -1)), "$.cycles[0].new_entrants[1]", "cannot be negative" },
        { "negative stock", Changed(d => Cycle(d)["teacher_stock"] = -3), "$.cycles[0].teacher_stock", "cannot be negative" },
        { "target year before base year", Changed(d => d["target_year"] = 2020), "$.target_year", "the target year 2020 is before the base year 2024" },
        { "cycle target before base year", Changed(d => Cycle(d)["targets"] = new JsonObject { ["year"] = 2023, ["max_class_size"] = 30 }), "$.cycles[0].targets.year", "before the base year 2024" },
        { "target year equal to base year", Changed(d => d["target_year"] = 2024), "$.target_year", "must be after the base year" },
        { "variant target before base year", Changed(d => d["variants"] = new JsonArray(new JsonObject { ["name"] = "v", ["target_year"] = 2000, ["dropout_factor"] = 0.5 })), "$.variants[0].target_year", "before the base year" },
        { "entrants too short", Changed(d => Cycle(d)["new_entrants"] = new JsonArray(1050)), "$.cycles[0].new_entrants", "expects 2 values (one per projected year), got 1" },
        { "promotion too long", Changed(d => Cycle(d)["promotion"] = new JsonArray(0.85, 0.88, 0.9, 0.9)), "$.cycles[0].promotion", "expects 3 values (one promotion rate per grade), got 4" },
        { "target rates wrong length", Changed(d => Cycle(d)["targets"] = new JsonObject { ["year"] = 2026, ["dropout"] = new JsonArray(0.01) }), "$.cycles[0].targets.dropout", "expects 3 values" },
        { "unknown field", Changed(d => Cycle(d)["promotions"] = new JsonArray(0.85, 0.88, 0.9)), "$.cycles[0].promotions", "unknown field 'promotions'" },
        { "text for a number", Changed(d => Cycle(d)["ptr"] = "27"), "$.cycles[0].ptr", "expects a number, got a text" },
        { "zero class size", Changed(d => Cycle(d)["max_class_size"] = 0), "$.cycles[0].max_class_size", "above 0" },
        { "missing rates", Changed(d => Cycle(d).Remove("promotion")), "$.cycles[0]", "missing field 'promotion'" },
        { "two teacher norms", Changed(d => Cycle(d)["teachers_per_class"] = 1), "$.cycles[0].teachers_per_class", "give one of 'ptr', 'teachers_per_class', 'weekly_hours'" },
        { "unknown transition source", Changed(d => { Cycle(d).Remove("new_entrants"); Cycle(d)["transition"] = new JsonObject { ["from"] = "primary", ["rate"] = 0.9 }; }), "$.cycles[0].transition.from", "unknown cycle 'primary'" },
        { "years out of range", Changed(d => d["years"] = 0), "$.years", "expects 1 to 50 projected years" },
        { "dropout factor too high", Changed(d => d["variants"] = new JsonArray(new JsonObject { ["name"] = "v", ["dropout_factor"] = 20 })), "$.variants[0].dropout_factor", "exceeds 1 − repetition" },
        { "variant named baseline", Changed(d => d["variants"] = new JsonArray(new JsonObject { ["name"] = "baseline", ["max_class_size"] = 30 })), "$.variants[0].name", "the scenario as given" },
        { "repeaters beyond history", Changed(d => { Cycle(d).Remove("promotion"); Cycle(d).Remove("repetition"); Cycle(d)["history"] = new JsonObject { ["enrolment"] = new JsonArray(100, 900, 800), ["repeaters"] = new JsonArray(150, 72, 48), ["completers"] = 720 }; }), "$.cycles[0].history.repeaters[0]", "above 1" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Bad_scenario_is_refused_naming_the_field(string name, string json, string field, string problem)
    {
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read(json, "s.json"));
        Assert.True(ex.Field == field, $"{name}: field {ex.Field}, expected {field} ({ex.Message})");
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.StartsWith("s.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_names_the_line_of_the_field()
    {
        var json = """
            {
              "base_year": 2024,
              "years": 2,
              "cycles": [
                {
                  "name": "c",
                  "enrolment": [1000, 900, 800],
                  "promotion": [0.85, 0.88, 0.90],
                  "repetition": [0.10, 0.08,
                                 1.5],
                  "new_entrants": [1050, 1080], "ptr": 27, "max_class_size": 36
                }
              ]
            }
            """;
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read(json, "s.json"));
        Assert.Equal("$.cycles[0].repetition[2]", ex.Field);
        Assert.Equal(10, ex.Line);
        Assert.Equal("s.json, line 10, field '$.cycles[0].repetition[2]': a rate must be in [0, 1], got 1.5", ex.Message);
    }

    [Fact]
    public void Broken_json_is_refused_with_its_line()
    {
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read("{\n  \"base_year\": 2024,\n  \"years\": 2,,\n}", "s.json"));
        Assert.Equal(3, ex.Line);
        Assert.Contains("not valid JSON", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_field_is_refused()
    {
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read("{\"base_year\": 2024, \"base_year\": 2025}", null));
        Assert.Contains("not valid JSON", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_paths_quote_keys_that_are_not_identifiers()
    {
        var json = Changed(d =>
        {
            d.Remove("cycles");
            d["units"] = new JsonArray(new JsonObject { ["code"] = "MA-CAS", ["cycles"] = JsonNode.Parse(ProjectionTests.WorkedExample)!["cycles"]!.DeepClone() });
            d["allocation"] = new JsonObject
            {
                ["budget"] = 10, ["classroom_cost"] = 1, ["teacher_cost"] = 1,
                ["unit_caps"] = new JsonObject { ["MA-CAS"] = new JsonObject { ["max_classrooms"] = -1 } },
            };
        });
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read(json, null));
        Assert.Equal("$.allocation.unit_caps['MA-CAS'].max_classrooms", ex.Field);
    }

    [Fact]
    public void A_cycle_keeps_its_grades_across_units()
    {
        var cycle = JsonNode.Parse(ProjectionTests.WorkedExample)!["cycles"]![0]!;
        var shorter = cycle.DeepClone().AsObject();
        shorter["enrolment"] = new JsonArray(10, 10);
        shorter["promotion"] = new JsonArray(0.9, 0.9);
        shorter["repetition"] = new JsonArray(0.05, 0.05);
        var json = new JsonObject
        {
            ["base_year"] = 2024, ["years"] = 2,
            ["units"] = new JsonArray(
                new JsonObject { ["code"] = "a", ["cycles"] = new JsonArray(cycle.DeepClone()) },
                new JsonObject { ["code"] = "b", ["cycles"] = new JsonArray(shorter) }),
        }.ToJsonString();
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read(json, null));
        Assert.Equal("$.units[1].cycles[0].enrolment", ex.Field);
        Assert.Contains("has 3 grades in unit 'a' and 2 here", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Transitions_that_loop_are_refused()
    {
        var json = """
            {"base_year": 2024, "years": 1, "cycles": [
              {"name": "a", "enrolment": [1], "promotion": [0.9], "repetition": [0], "transition": {"from": "b", "rate": 1}, "ptr": 20, "max_class_size": 40},
              {"name": "b", "enrolment": [1], "promotion": [0.9], "repetition": [0], "transition": {"from": "a", "rate": 1}, "ptr": 20, "max_class_size": 40}]}
            """;
        var ex = Assert.Throws<DataInputException>(() => ScenarioReader.Read(json, null));
        Assert.Equal("$.cycles[0].transition.from", ex.Field);
        Assert.Contains("loop", ex.Problem, StringComparison.Ordinal);
    }
}
