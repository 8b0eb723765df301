using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Basira.Education.Learning;
using Basira.Education.Learning.ItemBank;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira bench kt-update</c> (BENCHMARKS.md B3, second target): the cost of one online update of the knowledge
/// tracing model — the pupil's state updated after an answer, then the success probability of the next item — replayed
/// over a SYNTHETIC answer stream of the item bank; median over runs. Also times a whole next-exercise choice.
/// </summary>
internal static partial class BenchCommands
{
    static partial void AddLearningBench(Command bench) => bench.Subcommands.Add(KtUpdate());

    private static Command KtUpdate()
    {
        var pupils = CliOptions.Int("--pupils", "N", "simulated pupils of the answer stream (default 2000)", min: 1);
        var runs = CliOptions.Int("--runs", "N", "timed passes over the stream (default 7)", min: 1);
        var command = new Command("kt-update", "B3: time of one online knowledge-tracing update plus next-item probability, as JSON") { pupils, runs };
        CliApp.SetAction(command, (parsed, ct) =>
        {
            var progress = new CliProgress();
            var n = parsed.GetValue(pupils) ?? 2000;
            var passes = parsed.GetValue(runs) ?? 7;
            var bank = ItemBank.Default;
            progress.Log("fitting the model on a SYNTHETIC simulation of the item bank");
            var model = LearnerModel.TrainOnSimulation(bank);
            var stream = LearningSimulator.Simulate(bank, n, seed: 77);
            progress.Log($"replaying {stream.Count} answers of {n} pupils, {passes} passes");
            var perAnswer = new List<double>();
            var sink = 0.0;
            for (var run = 0; run < passes + 1; run++)
            {
                ct.ThrowIfCancellationRequested();
                var states = new Dictionary<int, Basira.Education.Learning.Tracing.PupilState>();
                var sw = Stopwatch.StartNew();
                for (var k = 0; k < stream.Count; k++)
                {
                    var (p, item, correct) = stream[k];
                    if (!states.TryGetValue(p, out var st)) states[p] = st = LearnerModel.NewPupil();
                    model.Update(st, item, correct);
                    // the next item this pupil meets (or the same one when the stream moves to another pupil)
                    var next = k + 1 < stream.Count && stream[k + 1].Pupil == p ? stream[k + 1].Item : item;
                    sink += model.Probability(st, next);
                }
                if (run > 0) perAnswer.Add(sw.Elapsed.TotalNanoseconds / stream.Count); // run 0 warms up
            }
            perAnswer.Sort();
            var median = perAnswer[perAnswer.Count / 2];

            progress.Log("timing whole next-exercise choices (every open item scored, mastery of every skill)");
            var choice = new List<double>();
            var pupil = LearnerModel.NewPupil();
            var recent = new List<int>();
            var rng = new Random(5);
            for (var k = 0; k < 300; k++)
            {
                var sw = Stopwatch.StartNew();
                var c = NextExerciseChooser.Choose(model, pupil, recent, PathPolicy.Default);
                choice.Add(sw.Elapsed.TotalMicroseconds);
                if (c.ItemId is null) break;
                var i = bank.ItemIndex(c.ItemId);
                model.Update(pupil, i, rng.NextDouble() < c.Probability);
                recent.Add(i);
            }
            choice.Sort();
            CliApp.WriteJson(new JsonObject
            {
                ["benchmark"] = "B3 knowledge tracing: online update",
                ["data"] = "SYNTHETIC answer stream of the item bank (" + bank.Items.Count + " items, " + bank.Skills.Count + " skills)",
                ["answers"] = stream.Count,
                ["pupils"] = n,
                ["runs"] = passes,
                ["median_ns_per_update"] = Math.Round(median, 1),
                ["min_ns_per_update"] = Math.Round(perAnswer[0], 1),
                ["max_ns_per_update"] = Math.Round(perAnswer[^1], 1),
                ["target_us"] = 50,
                ["within_target"] = median < 50_000,
                ["next_exercise_choice_median_us"] = Math.Round(choice[choice.Count / 2], 1),
                ["model_features"] = model.FeatureCount,
                ["checksum"] = Math.Round(sink, 3),
                ["processor_count"] = Environment.ProcessorCount,
            });
            return CliApp.Ok;
        });
        return command;
    }
}
