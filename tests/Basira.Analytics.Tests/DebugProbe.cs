using Basira.Analytics.Tabular;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Basira.Analytics.Tests;

public class DebugProbe
{
    [Fact]
    public void Probe()
    {
        var t = TabularReader.Read("/work/shared/datasets/uci-student-dropout/data.csv");
        var schema = FeatureSchema.Build(t, "Target", null, [], []);
        var x = schema.Encode(t);
        var classes = new[] { "Dropout", "Enrolled", "Graduate" };
        var y = t["Target"].Raw.Select(v => Array.IndexOf(classes, v)).ToArray();
        var tr = Enumerable.Range(0, x.Length).Where(i => i % 5 != 0).ToArray();
        var te = Enumerable.Range(0, x.Length).Where(i => i % 5 == 0).ToArray();
        var hp = new TabularHyperParameters { Iterations = 100, LearningRate = 0.1 };
        var mc = MlNetBoosters.FitMulticlass([.. tr.Select(i => x[i])], [.. tr.Select(i => y[i])], 3, hp, 1);
        var ps = MlNetBoosters.ScoreMulticlass(mc, [.. te.Select(i => x[i])], 3);
        for (var j = 0; j < 8; j++) Console.Error.WriteLine($"y={y[te[j]]} p={string.Join(",", ps[j].Select(v => v.ToString("F3")))}");
        var ml = new Microsoft.ML.MLContext(0);
        var scored = mc.Transform(MlNetBoosters.MultiView(ml, [.. te.Select(i => x[i])], [.. te.Select(i => y[i])], x[0].Length, 3));
        var pl = scored.GetColumn<uint>("PredictedLabel").Take(8).ToArray();
        Console.Error.WriteLine("predicted keys " + string.Join(",", pl));
    }
}
