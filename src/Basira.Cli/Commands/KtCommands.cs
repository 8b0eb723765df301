using System.CommandLine;
using Basira.Education.Learning.Tracing;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Cli.Commands;

/// <summary><c>basira kt</c>: knowledge tracing (personalised learning paths, docs/learning-paths.md).</summary>
internal static class KtCommands
{
    public static Command Create() => new("kt", "knowledge tracing: probability that a pupil answers the next item right") { Evaluate(), Import() };

    private static Command Import()
    {
        var data = CliOptions.Text("--data", "FILE", "answer log (CSV user_id,item_id,skill_id,correct[,timestamp]) with exercises of the item bank", required: true);
        var cls = CliOptions.Text("--class", "ID", "the class the pupils belong to", required: true);
        var school = CliOptions.Text("--school", "ID", "the class's school (to create the class)");
        var teacher = CliOptions.Text("--teacher", "USERNAME", "the account of the class's teacher (to create the class)");
        var grade = CliOptions.Int("--grade", "N", "the class's grade, 1-6 (to create the class; default 1)", min: 1);
        var connection = CliServices.ConnectionOption();
        var command = new Command("import", "import pupils' answers into a class of the learning paths (pupils pseudonymised, one transaction), as JSON")
            { data, cls, school, teacher, grade, connection };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            using var sp = CliServices.Build(parsed.DataDir(), parsed.GetValue(connection));
            var users = sp.GetRequiredService<Basira.Governance.Access.UserStore>();
            string? teacherId = null;
            if (parsed.GetValue(teacher) is { } t)
                teacherId = users.Find(t)?.Id ?? throw new CliUsageException($"--teacher: no account '{t}'");
            var id = parsed.GetValue(cls)!;
            var report = sp.GetRequiredService<Basira.Education.Learning.LearningService>().Import(parsed.GetValue(data)!,
                new Basira.Education.Learning.LearningClass(id, id, parsed.GetValue(school) ?? "", null, null, teacherId, parsed.GetValue(grade) ?? 1), "cli");
            CliApp.WriteJson(report);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var train = CliOptions.Text("--train", "FILE", "answer log to learn from (gervet2020 layout or CSV user_id,item_id,skill_id,correct[,timestamp])", required: true);
        var test = CliOptions.Text("--test", "FILE", "answer log of other pupils, each answer predicted from that pupil's earlier answers", required: true);
        var features = CliOptions.Choice("--features", "feature set: full (Best-LR and the extensions) or best-lr (Gervet et al. 2020)", ["full", "best-lr", "pfa", "item"]);
        var without = CliOptions.List("--without", "BLOCK,…", "drop extension blocks: decay, recent, patterns, combos, spacing, time, items");
        var model = CliOptions.Choice("--model", "logistic (default; the online model) or stack (LightGBM on out-of-fold logistic margins and dense state)", ["logistic", "stack"]);
        var decay = CliOptions.Number("--decay", "X", "decay factor of the recency-weighted counts (default 0.7)", v => v > 0 && v < 1, "in (0, 1)");
        var l2 = CliOptions.Number("--l2", "X", "L2 penalty of the logistic model (default 2, chosen on a split of the training pupils)", v => v >= 0, "≥ 0");
        var command = new Command("evaluate", "train on --train, predict every answer of --test one by one; AUC and RMSE as JSON") { train, test, features, l2, without, decay, model };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var f = KtFeatureOptions.Named(parsed.GetValue(features)!);
            try { f = f.Without(parsed.GetValue(without) ?? []); }
            catch (ArgumentException ex) { throw new CliUsageException("--without: " + ex.Message); }
            if (parsed.GetValue(decay) is { } d) f = f with { DecayFactor = (float)d };
            var o = new KtTrainOptions { L2 = (float)(parsed.GetValue(l2) ?? 2.0) };
            var r = KtEvaluation.Run(parsed.GetValue(train)!, parsed.GetValue(test)!, f, o, progress.Log, parsed.GetValue(model) == "stack");
            CliApp.WriteJson(r);
            return CliApp.Ok;
        });
        return command;
    }
}
