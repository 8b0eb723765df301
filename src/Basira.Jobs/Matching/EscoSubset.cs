using System.Text.Json;

namespace Basira.Jobs.Matching;

/// <summary>
/// The small ESCO v1.1.1 subset shipped with the module (Data/esco-subset.json: 26 occupations, 784 skills; see
/// Data/SOURCE.md): the graph of the demo and of the tests. "This service uses the ESCO classification of the European
/// Commission."
/// </summary>
public static class EscoSubset
{
    public const string Attribution = "This service uses the ESCO classification of the European Commission.";

    private static SkillGraph? _graph;

    public static SkillGraph Graph => _graph ??= Load();

    private static SkillGraph Load()
    {
        using var s = MarketGeography.EmbeddedData("esco-subset.json");
        var doc = JsonDocument.Parse(s).RootElement;
        static string? Opt(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var skills = doc.GetProperty("skills").EnumerateArray()
            .Select(e => new SkillDefinition(e.GetProperty("id").GetString()!, new Labels(e.GetProperty("fr").GetString()!, null, Opt(e, "en")))).ToList();
        var occupations = doc.GetProperty("occupations").EnumerateArray().Select(e => new OccupationDefinition(
            e.GetProperty("id").GetString()!, e.GetProperty("isco").GetString()!,
            new Labels(e.GetProperty("fr").GetString()!, Opt(e, "ar"), Opt(e, "en")),
            [.. e.GetProperty("essential").EnumerateArray().Select(x => x.GetString()!)],
            [.. e.GetProperty("optional").EnumerateArray().Select(x => x.GetString()!)])).ToList();
        return SkillGraph.Build(occupations, skills, "ESCO v1.1.1 subset (26 occupations) shipped with Basira.Jobs");
    }
}
