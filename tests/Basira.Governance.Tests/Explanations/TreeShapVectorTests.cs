using System.Text.Json;
using Basira.Governance.Explanations;

namespace Basira.Governance.Tests.Explanations;

/// <summary>Gate on the shared vectors (shared/governance/treeshap-vectors.json): every vector, every case.</summary>
public sealed class TreeShapVectorTests
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Explanations", "vectors", "treeshap-vectors.json"))));

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var vector in Document.Value.RootElement.GetProperty("vectors").EnumerateArray())
        {
            int count = vector.GetProperty("cases").GetArrayLength();
            for (int c = 0; c < count; c++)
                data.Add(vector.GetProperty("id").GetString()!, c);
        }
        return data;
    }

    [Fact]
    public void The_vector_file_holds_six_models_and_twenty_rows()
    {
        var vectors = Document.Value.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.Equal("governance/treeshap-vectors/v1", Document.Value.RootElement.GetProperty("schema").GetString());
        Assert.Equal(6, vectors.Count);
        Assert.Equal(20, vectors.Sum(v => v.GetProperty("cases").GetArrayLength()));
        Assert.All(vectors, v => Assert.Equal("tree_path_dependent", v.GetProperty("feature_perturbation").GetString()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TreeShap_reproduces_the_vector(string id, int caseIndex)
    {
        var vector = FindVector(id);
        var model = ReadModel(vector);
        var testCase = vector.GetProperty("cases")[caseIndex];
        var x = testCase.GetProperty("x").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
        var expectedShap = testCase.GetProperty("shap_values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double expectedValue = vector.GetProperty("expected_value").GetDouble();
        double prediction = testCase.GetProperty("prediction").GetDouble();

        var explanation = TreeShap.Explain(model, x);

        Assert.Equal(expectedValue, explanation.Baseline, Tolerance);
        Assert.Equal(expectedValue, TreeShap.ExpectedValue(model), Tolerance);
        Assert.Equal(prediction, explanation.Prediction, 1e-12);
        Assert.Equal(prediction, TreeShap.Predict(model, x), 1e-12);
        Assert.Equal(expectedShap.Length, explanation.Values.Length);
        for (int i = 0; i < expectedShap.Length; i++)
            Assert.True(Math.Abs(expectedShap[i] - explanation.Values[i]) <= Tolerance,
                $"{id} case {caseIndex} feature {i}: expected {expectedShap[i]:R}, got {explanation.Values[i]:R}");

        // The subset-enumeration reference agrees too (it is the definition the vectors were built from).
        var reference = TreeShapBruteForce.ShapValues(model, x);
        for (int i = 0; i < expectedShap.Length; i++)
            Assert.True(Math.Abs(expectedShap[i] - reference[i]) <= Tolerance, $"{id} case {caseIndex} brute force feature {i}");

        Assert.Equal(explanation.Prediction - explanation.Baseline, explanation.Values.Sum(), Tolerance);
    }

    [Fact]
    public void Missing_values_follow_the_node_default_direction()
    {
        // TS-01 routes null right (to the 0.0 leaf); flipping the default must change the route and the attribution.
        var model = ReadModel(FindVector("TS-01"));
        var flipped = model with
        {
            Trees = [new DecisionTree([model.Trees[0].Nodes[0] with { MissingGoesLeft = true }, .. model.Trees[0].Nodes.Skip(1)])],
        };
        Assert.Equal(-0.2, TreeShap.Explain(model, [double.NaN]).Values[0], Tolerance);
        Assert.Equal(0.8, TreeShap.Explain(flipped, [double.NaN]).Values[0], Tolerance);
    }

    private static JsonElement FindVector(string id) =>
        Document.Value.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

    /// <summary>Maps the vector JSON to the neutral model; node list index = node id.</summary>
    internal static TreeEnsemble ReadModel(JsonElement vector)
    {
        var names = vector.GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var modelJson = vector.GetProperty("model");
        double baseScore = modelJson.TryGetProperty("base_score", out var b) ? b.GetDouble() : 0.0;
        var trees = new List<DecisionTree>();
        foreach (var treeJson in modelJson.GetProperty("trees").EnumerateArray())
        {
            var nodesJson = treeJson.GetProperty("nodes").EnumerateArray().ToList();
            var nodes = new TreeNode[nodesJson.Count];
            foreach (var n in nodesJson)
            {
                int id = n.GetProperty("id").GetInt32();
                double cover = n.GetProperty("cover").GetDouble();
                nodes[id] = n.TryGetProperty("value", out var value)
                    ? TreeNode.Leaf(value.GetDouble(), cover)
                    : new TreeNode(
                        n.GetProperty("feature").GetInt32(),
                        n.GetProperty("threshold").GetDouble(),
                        n.GetProperty("left").GetInt32(),
                        n.GetProperty("right").GetInt32(),
                        0.0,
                        cover,
                        n.TryGetProperty("missing_go", out var go) && go.GetString() == "left");
            }
            Assert.All(nodes, Assert.NotNull);
            trees.Add(new DecisionTree(nodes));
        }
        return new TreeEnsemble(trees, baseScore, names);
    }
}
