using System.Diagnostics;
using Basira.Analytics.Metrics;

namespace Basira.Education.Learning.Tracing;

/// <summary>Result of <see cref="KtEvaluation.Run"/>: AUC and RMSE over every test answer, each predicted from the pupil's earlier answers.</summary>
public sealed record KtEvaluationResult(
    double Auc, double Rmse, int RowsTrain, int RowsTest, string Layout, string Model, int Features, double TrainSeconds);

/// <summary>Train on one answer log, predict every answer of another (pupils disjoint), pooled AUC and RMSE.</summary>
public static class KtEvaluation
{
    public static KtEvaluationResult Run(string trainPath, string testPath, KtFeatureOptions features, KtTrainOptions train, Action<string>? log = null, bool stack = false)
    {
        var vocabulary = new KtVocabulary();
        var trainLog = AnswerLogReader.Read(trainPath, vocabulary);
        var testLog = AnswerLogReader.Read(testPath, vocabulary);
        log?.Invoke($"read {trainLog.Count} training answers ({trainLog.PupilCount} pupils), {testLog.Count} test answers ({testLog.PupilCount} pupils), layout {trainLog.Layout}");
        return Run(trainLog, testLog, vocabulary, features, train, log, stack);
    }

    internal static KtEvaluationResult Run(AnswerLog trainLog, AnswerLog testLog, KtVocabulary vocabulary, KtFeatureOptions features, KtTrainOptions train, Action<string>? log = null, bool stack = false)
    {
        if (!trainLog.HasTime && !testLog.HasTime) features = features with { Time = false };
        var layout = new KtLayout(vocabulary.Items.Count, vocabulary.Skills.Count, vocabulary.Combos.Count, features);
        var sw = Stopwatch.StartNew();
        KtRows? trainRows = null, testRows = null;
        Parallel.Invoke(() => trainRows = KtRows.Encode(layout, trainLog), () => testRows = KtRows.Encode(layout, testLog));
        log?.Invoke($"encoded {layout.Dimension} features in {sw.Elapsed.TotalSeconds:F1} s; fitting the logistic model (L-BFGS)");
        sw.Restart();
        var model = KtModel.Train(layout, trainRows!, train);
        var seconds = sw.Elapsed.TotalSeconds;
        log?.Invoke($"fitted in {seconds:F1} s");
        var p = stack
            ? KtStack.FitPredict(layout, trainLog, trainRows!, model, testLog, testRows!, train, log)
            : model.Margins(testRows!).Select(KtModel.Sigmoid).ToArray();
        seconds = sw.Elapsed.TotalSeconds;
        var auc = ClassificationMetrics.RocAuc(p, testRows!.Label);
        var se = 0.0;
        for (var i = 0; i < p.Length; i++) { var e = p[i] - (testRows.Label[i] ? 1 : 0); se += e * e; }
        return new KtEvaluationResult(auc, Math.Sqrt(se / p.Length), trainLog.Count, testLog.Count, trainLog.Layout, stack ? "logistic+lightgbm stack" : "logistic", layout.Dimension, seconds);
    }
}
