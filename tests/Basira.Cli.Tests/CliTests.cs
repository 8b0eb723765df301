using System.Globalization;
using System.Text;
using Basira.Synth;

namespace Basira.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-").FullName;

    private string Write(string name, string content)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        return p;
    }

    private string Pupils(int n = 600, ulong seed = 5)
    {
        var p = Path.Combine(_dir, $"pupils-{seed}.csv");
        SchoolPopulationCsv.WriteCsv(SchoolPopulationGenerator.Generate(new SynthOptions { Seed = seed, PupilCount = n }), p);
        return p;
    }

    private const string FairnessCsv = """
        label;pred;sex;milieu
        1;1;F;rural
        1;0;F;rural
        0;0;F;urbain
        0;1;F;urbain
        1;1;M;rural
        0;0;M;rural
        1;1;M;urbain
        0;0;M;urbain
        """;

    [Fact]
    public void Audit_fairness_prints_groups_and_intersections_as_json()
    {
        var f = Write("f.csv", FairnessCsv);
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex,milieu", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        var keys = j["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()).ToList();
        Assert.Equal(["F|rural", "F|urbain", "M|rural", "M|urbain"], keys);
        var fUrbain = j["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == "F|urbain")!;
        Assert.Null(fUrbain["tpr"]);                                  // no positives: undefined, never 0
        Assert.Equal(0.5, fUrbain["selection_rate"]!.GetValue<double>(), 12);
        Assert.Equal(0.5, fUrbain["fpr"]!.GetValue<double>(), 12);
        Assert.True(j.AsObject().ContainsKey("demographic_parity_difference"));
        Assert.True(j.AsObject().ContainsKey("equalized_odds_difference"));
    }

    [Fact]
    public void Audit_fairness_with_a_missing_column_is_bad_input()
    {
        var f = Write("f.csv", FairnessCsv);
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "region", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("f.csv", r.Stderr);
        Assert.Contains("region", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Audit_fairness_with_an_unknown_positive_value_is_bad_input()
    {
        var f = Write("f.csv", FairnessCsv);
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--positive", "yes", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'yes'", r.Stderr);
    }

    [Fact]
    public void Audit_fairness_accepts_predictions_without_a_positive_and_reports_null_rates()
    {
        // AQ-05: every prediction negative: PPV undefined (no predicted positives), selection rate 0.
        var f = Write("no-pred-pos.csv", "label;pred;sex\n1;0;F\n0;0;F\n1;0;M\n0;0;M\n");
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var g in r.Json["groups"]!.AsArray())
        {
            Assert.Null(g!["ppv"]);
            Assert.Equal(0.0, g["selection_rate"]!.GetValue<double>());
            Assert.Equal(0.0, g["tpr"]!.GetValue<double>());
        }
    }

    [Fact]
    public void Audit_fairness_accepts_labels_and_predictions_without_any_positive()
    {
        // FL-15 / AQ-07 and AQ-05 together: no positives and no predicted positives; TPR, FNR and PPV are undefined.
        var f = Write("all-zero.csv", "label,pred,sex\n0,0,F\n0,0,F\n0.0,0,M\n0,0,M\n");
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var g in r.Json["groups"]!.AsArray())
        {
            Assert.Null(g!["tpr"]);
            Assert.Null(g["fnr"]);
            Assert.Null(g["ppv"]);
            Assert.Equal(0.0, g["fpr"]!.GetValue<double>());
        }
        Assert.Null(r.Json["equal_opportunity_difference"]);
    }

    [Fact]
    public void Audit_fairness_of_a_header_only_file_is_not_assessable()
    {
        var f = Write("header-only.csv", "label,pred,sex\n");
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("not_assessable", r.Json["status"]!.GetValue<string>());
        Assert.Empty(r.Json["groups"]!.AsArray());
        Assert.Null(r.Json["demographic_parity_difference"]);
    }

    [Fact]
    public void Audit_fairness_refuses_a_positive_value_of_another_kind_than_the_only_value()
    {
        // every label and prediction is 'no' and --positive defaults to 1: surely a forgotten --positive
        var f = Write("all-no.csv", "label,pred,sex\nno,no,F\nno,no,M\n");
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("all-no.csv", r.Stderr);
        Assert.Contains("'1'", r.Stderr);
        Assert.Equal("", r.Stdout);
        // the same file with --positive yes is valid: nobody is positive
        var ok = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "sex", "--positive", "yes", "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
    }

    [Fact]
    public void A_latin1_file_is_bad_input_naming_the_file_and_line()
    {
        var f = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(f, Encoding.Latin1.GetBytes("label,pred,milieu\n1,1,urbain\n0,1,p\u00e9riurbain\n"));
        var r = CliRunner.Run(_dir, "audit", "fairness", "--data", f, "--label", "label", "--prediction", "pred", "--group", "milieu", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("latin1.csv, line 3, field 'milieu': not UTF-8", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Evaluate_cross_validates_and_reports_fairness_by_protected_column()
    {
        var data = Pupils(800);
        var r = CliRunner.Run(_dir, "edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "yes", "--folds", "3", "--seed", "7",
            "--id-column", "pupil_id", "--drop", "first_name,last_name,school_id,commune,province,region,sex,milieu", "--protected", "sex,milieu",
            "--iterations", "100", "--ensemble", "1", "--predictions", Path.Combine(_dir, "oof.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json;
        Assert.Equal(800, j["rows"]!.GetValue<int>());
        // the out-of-fold predictions file: one line per row, the pooled AUC recomputed from it is the reported one
        var lines = File.ReadAllLines(Path.Combine(_dir, "oof.csv"));
        Assert.Equal("row,fold,label,raw_score,probability,flagged", lines[0]);
        Assert.Equal(801, lines.Length);
        var oof = lines[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal(Enumerable.Range(0, 800).Select(i => i.ToString(CultureInfo.InvariantCulture)), oof.Select(c => c[0]));
        var margin = oof.Select(c => double.Parse(c[3], CultureInfo.InvariantCulture)).ToArray();
        var label = oof.Select(c => c[2] == "1").ToArray();
        double pairs = 0, wins = 0;
        for (var a = 0; a < margin.Length; a++)
            for (var b = 0; b < margin.Length; b++)
                if (label[a] && !label[b]) { pairs++; wins += margin[a] > margin[b] ? 1 : margin[a] == margin[b] ? 0.5 : 0; }
        Assert.Equal(j["auc"]!.GetValue<double>(), wins / pairs, 9);
        Assert.Equal(3, j["folds"]!.GetValue<int>());
        // mean ± population sd of the per-fold AUCs, each recomputed from the predictions file
        var foldAuc = Enumerable.Range(0, 3).Select(k =>
        {
            var rows = Enumerable.Range(0, oof.Length).Where(i => oof[i][1] == k.ToString(CultureInfo.InvariantCulture)).ToArray();
            double p = 0, w = 0;
            foreach (var a in rows.Where(i => label[i]))
                foreach (var b in rows.Where(i => !label[i])) { p++; w += margin[a] > margin[b] ? 1 : margin[a] == margin[b] ? 0.5 : 0; }
            return w / p;
        }).ToArray();
        var reported = j["per_fold"]!.AsArray().Select(f => f!["auc"]!.GetValue<double>()).ToArray();
        Assert.Equal(3, reported.Length);
        for (var k = 0; k < 3; k++) Assert.Equal(foldAuc[k], reported[k], 9);
        Assert.Equal(foldAuc.Average(), j["auc_fold_mean"]!.GetValue<double>(), 9);
        Assert.Equal(Math.Sqrt(foldAuc.Sum(a => (a - foldAuc.Average()) * (a - foldAuc.Average())) / 3), j["auc_fold_sd"]!.GetValue<double>(), 9);
        Assert.InRange(j["auc"]!.GetValue<double>(), 0.7, 1.0);
        Assert.InRange(j["pr_auc"]!.GetValue<double>(), 0.2, 1.0);
        Assert.InRange(j["ece"]!.GetValue<double>(), 0.0, 0.2);
        Assert.NotNull(j["fairness"]!["sex"]!["groups"]);
        Assert.NotNull(j["fairness"]!["milieu"]!["demographic_parity_ratio"]);
    }

    private static readonly string[] FastModel = ["--id-column", "pupil_id", "--drop", "first_name,last_name,school_id,commune", "--iterations", "20", "--ensemble", "1"];

    [Fact]
    public void Evaluate_keeps_the_fold_ids_of_the_folds_file_and_an_undefined_fold_auc_is_null()
    {
        var data = Pupils(300, seed: 3);
        // folds 10 and 20 alternate; data row 0 alone forms fold 7, whose single test row leaves its AUC undefined
        var folds = Write("folds-ids.csv", "row,fold\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},{(i == 0 ? 7 : i % 2 == 0 ? 10 : 20)}\n")));
        var oof = Path.Combine(_dir, "oof-ids.csv");
        var r = CliRunner.Run(_dir, ["edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "yes", "--folds-file", folds,
            "--predictions", oof, .. FastModel, "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("NaN", r.Stdout);
        var perFold = r.Json["per_fold"]!.AsArray();
        Assert.Equal([7, 10, 20], perFold.Select(f => f!["fold"]!.GetValue<int>()));
        Assert.Null(perFold[0]!["auc"]);
        Assert.Equal(1, perFold[0]!["test_rows"]!.GetValue<int>());
        Assert.NotNull(perFold[1]!["auc"]);
        Assert.Null(r.Json["auc_fold_mean"]);
        Assert.Contains("fold(s) 7", r.Stderr);
        var foldColumn = File.ReadAllLines(oof)[1..].Select(l => l.Split(',')[1]).Distinct().Order().ToArray();
        Assert.Equal(["10", "20", "7"], foldColumn);
    }

    [Fact]
    public void Progress_of_a_cross_validation_goes_to_standard_error_with_the_elapsed_time_and_only_json_to_standard_output()
    {
        var data = Pupils(240, seed: 8);
        var r = CliRunner.Run(_dir, ["edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "yes", "--folds", "3", .. FastModel, "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(3, r.Json["per_fold"]!.AsArray().Count); // the whole of standard output is one JSON document
        Assert.StartsWith("{", r.Stdout.TrimStart());
        Assert.DoesNotContain(" s] ", r.Stdout);
        // one stamped line per fold (folds run in parallel, so in any order), with the seconds since the command started
        var stamps = System.Text.RegularExpressions.Regex.Matches(r.Stderr, @"(?m)^\[\s*(\d+\.\d) s\] cv: fold (\d+) done")
            .Select(m => (Seconds: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Fold: m.Groups[2].Value)).ToList();
        Assert.Equal(["0", "1", "2"], stamps.Select(s => s.Fold).Order(StringComparer.Ordinal));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(r.Stderr, @"(?m)^\[\s*\d+\.\d s\] cv: fold \d+ started: \d+ training rows, \d+ test rows$").Count);
        Assert.All(stamps, s => Assert.InRange(s.Seconds, 0.0, r.Json["seconds"]!.GetValue<double>() + 0.1));
        Assert.Matches(@"(?m)^\[\s*\d+\.\d s\] read .*pupils-8\.csv: 240 rows", r.Stderr);
    }

    [Theory]
    [InlineData("negative", "-1", "line 3", "fold")]
    [InlineData("huge", "9999999999", "line 3", "fold")]
    [InlineData("fraction", "1.5", "line 3", "fold")]
    [InlineData("single", "0", "every data row", "fold")]
    public void Bad_fold_ids_are_bad_input_naming_the_folds_file(string kind, string foldOfRow1, string where, string field)
    {
        var data = Pupils(120, seed: 4);
        var folds = Write($"folds-{kind}.csv", "row,fold\n" + string.Concat(Enumerable.Range(0, 120).Select(i =>
            $"{i},{(kind == "single" ? "0" : i == 1 ? foldOfRow1 : (i % 3).ToString(CultureInfo.InvariantCulture))}\n")));
        var r = CliRunner.Run(_dir, ["edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "yes", "--folds-file", folds, .. FastModel, "--json"]);
        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains($"folds-{kind}.csv", r.Stderr);
        Assert.Contains(where, r.Stderr);
        Assert.Contains($"field '{field}'", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void More_folds_than_rows_of_the_rarest_class_is_bad_input()
    {
        var data = Pupils(200, seed: 6);
        var r = CliRunner.Run(_dir, ["edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "yes", "--folds", "1000", .. FastModel, "--json"]);
        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains("--folds", r.Stderr);
        Assert.Contains("rarest target class", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Train_then_explain_gives_additive_contributions()
    {
        var data = Pupils(700);
        var model = Path.Combine(_dir, "m.model");
        var t = CliRunner.Run(_dir, "edu", "train", "--data", data, "--target", "dropped_out", "--positive", "yes", "--id-column", "pupil_id",
            "--drop", "first_name,last_name,school_id,commune", "--iterations", "80", "--ensemble", "1", "--out", model, "--json",
            "--derive", "absences_per_km=absence_days / distance_km", "--derive", "grade_x_rate=[grade_average] * [absence_rate]");
        Assert.True(t.ExitCode == 0, t.Stderr);
        var features = t.Json["features"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Equal(["absences_per_km", "grade_x_rate"], features[^2..]);
        Assert.True(File.Exists(model));
        var e = CliRunner.Run(_dir, "explain", "--model", model, "--data", data, "--rows", "25", "--json");
        Assert.True(e.ExitCode == 0, e.Stderr);
        var rows = e.Json.AsArray();
        Assert.Equal(25, rows.Count);
        foreach (var row in rows)
        {
            var sum = row!["contributions"]!.AsObject().Sum(kv => kv.Value!.GetValue<double>());
            Assert.True(Math.Abs(row["raw_score"]!.GetValue<double>() - row["baseline"]!.GetValue<double>() - sum) < 1e-6);
            Assert.InRange(row["probability"]!.GetValue<double>(), 0, 1);
            Assert.True(row["contributions"]!.AsObject().ContainsKey("absences_per_km"));
        }
        Assert.Equal(0, rows.Select(r => r!["row"]!.GetValue<int>()).First());
    }

    [Fact]
    public void Explain_with_a_corrupt_model_file_is_bad_input_naming_the_file_and_entry()
    {
        var data = Pupils(300, seed: 11);
        var model = Path.Combine(_dir, "good.model");
        var t = CliRunner.Run(_dir, "edu", "train", "--data", data, "--target", "dropped_out", "--positive", "yes", "--id-column", "pupil_id",
            "--drop", "first_name,last_name,school_id,commune", "--iterations", "20", "--ensemble", "1", "--out", model);
        Assert.True(t.ExitCode == 0, t.Stderr);

        (string Name, string Entry, Func<byte[], byte[]> Change)[] corruptions =
        [
            ("truncated-features", "training_features.f32", b => b[..(b.Length - 6)]),
            ("garbage-booster", "booster_0.zip", b => Encoding.ASCII.GetBytes("this is not a zip file at all")),
            ("negative-boosters", "metadata.json", b => SetBoosters(b, -1)),
            ("too-many-boosters", "metadata.json", b => SetBoosters(b, 5)),
        ];
        foreach (var (name, entry, change) in corruptions)
        {
            var bad = Path.Combine(_dir, $"{name}.model");
            File.Copy(model, bad);
            using (var zip = System.IO.Compression.ZipFile.Open(bad, System.IO.Compression.ZipArchiveMode.Update))
            {
                var e = zip.GetEntry(entry)!;
                byte[] bytes;
                using (var s = e.Open()) using (var ms = new MemoryStream()) { s.CopyTo(ms); bytes = ms.ToArray(); }
                e.Delete();
                using var w = zip.CreateEntry(entry).Open();
                w.Write(change(bytes));
            }
            var r = CliRunner.Run(_dir, "explain", "--model", bad, "--data", data, "--rows", "3", "--json");
            Assert.True(r.ExitCode == 2, $"{name}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains($"{name}.model", r.Stderr);
            Assert.Contains(entry, r.Stderr);
            Assert.Equal("", r.Stdout);
        }

        static byte[] SetBoosters(byte[] json, int n)
        {
            var meta = System.Text.Json.Nodes.JsonNode.Parse(json)!;
            meta["boosters"] = n;
            return Encoding.UTF8.GetBytes(meta.ToJsonString());
        }
    }

    [Fact]
    public void Train_reports_the_stack_and_no_linear_gives_a_trees_only_model()
    {
        var data = Pupils(700);
        string[] common = ["edu", "train", "--data", data, "--target", "dropped_out", "--positive", "yes", "--id-column", "pupil_id",
            "--drop", "first_name,last_name,school_id,commune", "--iterations", "60", "--ensemble", "1", "--json"];
        var stacked = CliRunner.Run(_dir, [.. common, "--out", Path.Combine(_dir, "stacked.model")]);
        Assert.True(stacked.ExitCode == 0, stacked.Stderr);
        Assert.True(stacked.Json["linear_slots"]!.GetValue<int>() > 0);
        Assert.True(stacked.Json["stack"]!["linear_weight"]!.GetValue<double>() > 0);
        Assert.True(stacked.Json["metrics"]!["oof_auc_linear"]!.GetValue<double>() > 0.5);

        var trees = CliRunner.Run(_dir, [.. common, "--no-linear", "--out", Path.Combine(_dir, "trees.model")]);
        Assert.True(trees.ExitCode == 0, trees.Stderr);
        Assert.Equal(0, trees.Json["linear_slots"]!.GetValue<int>());
        Assert.Equal(1.0, trees.Json["stack"]!["tree_weight"]!.GetValue<double>());
        Assert.Equal(0.0, trees.Json["stack"]!["linear_weight"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("ragged")]
    [InlineData("text-in-number")]
    [InlineData("wrong-delimiter")]
    public void Bad_training_files_exit_with_2_and_write_nothing(string kind)
    {
        var header = "pupil_id,absence_days,grade_average,dropped_out";
        // 60 good rows (both classes), then the defect on data line 2 (file line 3).
        var good = string.Concat(Enumerable.Range(0, 60).Select(i => $"P{i},{i % 9},{8 + i % 10},{(i % 3 == 0 ? "yes" : "no")}\n"));
        var content = kind switch
        {
            "empty" => "",
            "ragged" => $"{header}\nA,1,12,no\nB,3,9\n{good}",
            "text-in-number" => $"{header}\nA,1,12,no\nB,three,9,yes\n{good}",
            _ => (header + "\nA,1,12,no\nB,3,9,yes\n" + good).Replace(',', '#'),
        };
        var f = Write($"{kind}.csv", content);
        var model = Path.Combine(_dir, $"{kind}.model");
        var r = CliRunner.Run(_dir, "edu", "train", "--data", f, "--target", "dropped_out", "--positive", "yes", "--id-column", "pupil_id", "--out", model, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{kind}.csv", r.Stderr);
        Assert.False(File.Exists(model));
        if (kind == "ragged") Assert.Contains("line 3", r.Stderr);
        if (kind == "text-in-number") { Assert.Contains("line 3", r.Stderr); Assert.Contains("absence_days", r.Stderr); }
    }

    [Fact]
    public void Every_bad_row_is_named_with_the_row_balance_and_nothing_is_trained()
    {
        var header = "pupil_id,absence_days,grade_average,dropped_out";
        var lines = Enumerable.Range(0, 80).Select(i => $"P{i},{i % 9},{8 + i % 10},{(i % 3 == 0 ? "yes" : "no")}").ToArray();
        lines[4] = "P4,four,12,no";      // file line 6
        lines[30] = "P30,3,11,";         // file line 32: missing target
        lines[61] = "P61,2,13";          // file line 63: ragged
        var f = Write("several.csv", header + "\n" + string.Join("\n", lines) + "\n");
        var model = Path.Combine(_dir, "several.model");
        var r = CliRunner.Run(_dir, "edu", "train", "--data", f, "--target", "dropped_out", "--positive", "yes", "--id-column", "pupil_id", "--out", model, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(model));
        Assert.Contains("several.csv, line 6, field 'absence_days'", r.Stderr);
        Assert.Contains("line 32, field 'dropped_out': missing target value", r.Stderr);
        Assert.Contains("line 63: ragged row", r.Stderr);
        Assert.Contains("rows in 80 = 77 accepted + 3 quarantined", r.Stderr);
    }

    [Theory]
    [InlineData("train", "three-rows", "only 3 rows")]
    [InlineData("train", "one-class", "only one class")]
    [InlineData("evaluate", "three-rows", "only 2 rows")]
    [InlineData("evaluate", "one-class", "only one class")]
    public void Too_few_rows_or_a_single_class_is_bad_input(string command, string kind, string expected)
    {
        var content = kind == "three-rows"
            ? "pupil_id,absence_days,dropped_out\nA,1,no\nB,7,yes\nC,2,no\n"
            : "pupil_id,absence_days,dropped_out\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"P{i},{i % 9},no\n"));
        var f = Write($"{kind}-{command}.csv", content);
        var model = Path.Combine(_dir, $"{kind}.model");
        var positive = kind == "one-class" ? "no" : "yes";
        string[] argv = command == "train"
            ? ["edu", "train", "--data", f, "--target", "dropped_out", "--positive", positive, "--id-column", "pupil_id", "--out", model]
            : ["edu", "evaluate", "--data", f, "--target", "dropped_out", "--positive", positive, "--id-column", "pupil_id", "--folds", "3"];
        var r = CliRunner.Run(_dir, argv);
        Assert.True(r.ExitCode == 2, r.Stderr);
        Assert.Contains($"{kind}-{command}.csv", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.DoesNotContain("AggregateException", r.Stderr);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void Unknown_target_value_is_bad_input()
    {
        var data = Pupils(200);
        var r = CliRunner.Run(_dir, "edu", "evaluate", "--data", data, "--target", "dropped_out", "--positive", "maybe", "--folds", "3", "--seed", "1", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("maybe", r.Stderr);
    }

    [Fact]
    public void Audit_verify_names_the_first_broken_entry()
    {
        var dataDir = Path.Combine(_dir, "data");
        var ok = CliRunner.Run(_dir, "demo", "--data-dir", dataDir, "--pupils", "1000", "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        // 7 + the learning paths' teacher and pupil + the national early warning's school director, AREF and province analysts
        // + 3 for employment (JobsDemo) + the demo mini-grid's operator. At 1,000 pupils the national early warning proposes pupils; at 400 its model has one
        // tree, proposes nobody, and the demo makes no national accounts.
        Assert.Equal(16, ok.Json["accounts"]!.AsArray().Count);
        Assert.Contains(ok.Json["accounts"]!.AsArray(), a => a!["username"]!.GetValue<string>() == "exploitant" && a["scope"]!.GetValue<string>() == "mini_grid:tizi-ait-ben");
        Assert.Contains(ok.Json["accounts"]!.AsArray(), a => a!["username"]!.GetValue<string>() == "analyste-aref" && a["scope"]!.GetValue<string>().StartsWith("region:MA-", StringComparison.Ordinal));
        Assert.Contains(ok.Json["accounts"]!.AsArray(), a => a!["username"]!.GetValue<string>() == "analyste-province" && a["scope"]!.GetValue<string>().StartsWith("province:MA-", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^\[\s*\d+\.\d s\] seeding the synthetic demo: done$", ok.Stderr); // progress on standard error only
        var v = CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir, "--json");
        Assert.Equal(0, v.ExitCode);
        Assert.True(v.Json["intact"]!.GetValue<bool>());
        Assert.True(v.Json["decisions"]!["checked"]!.GetValue<int>() > 0); // every demo decision matches its recorded content
        var anchor = $"{v.Json["head_seq"]!.GetValue<long>()}:{v.Json["head_hash"]!.GetValue<string>()}";
        var text = CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir);
        Assert.Contains("head " + anchor, text.Stdout);
        Assert.Equal(0, CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir, "--expect-head", anchor).ExitCode);
        var forged = CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir, "--expect-head", anchor[..^1] + (anchor[^1] == '0' ? '1' : '0'));
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("differs from its anchor", forged.Stderr);
        Assert.Equal(2, CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir, "--expect-head", "12:abc").ExitCode);

        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "basira.db")}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5";
            // the store refuses the change until its guard is dropped (as someone with DDL rights could)
            Assert.Contains("append-only", Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => cmd.ExecuteNonQuery()).Message);
            using (var drop = c.CreateCommand()) { drop.CommandText = "DROP TRIGGER audit_log_no_update"; drop.ExecuteNonQuery(); }
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var broken = CliRunner.Run(_dir, "audit", "verify", "--data-dir", dataDir);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("entry 5", broken.Stdout);
    }

    [Fact]
    public void Audit_verify_without_a_store_is_bad_input_and_creates_nothing()
    {
        var missing = Path.Combine(_dir, "no-store");
        var r = CliRunner.Run(_dir, "audit", "verify", "--data-dir", missing, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(Path.Combine(missing, "basira.db"), r.Stderr);
        Assert.Contains("no Basira store", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(missing));

        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty-dir")).FullName;
        var e = CliRunner.Run(_dir, "audit", "verify", "--data-dir", empty);
        Assert.Equal(2, e.ExitCode);
        Assert.DoesNotContain("intact", e.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty));
    }

    [Fact]
    public void Unknown_command_and_missing_option_are_usage_errors()
    {
        Assert.Equal(2, CliRunner.Run(_dir, "frobnicate").ExitCode);
        var r = CliRunner.Run(_dir, "explain", "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--model", r.Stderr);
        Assert.Equal(0, CliRunner.Run(_dir, "--help").ExitCode);
        var notAModel = Write("not-a-model.model", "hello");
        var bad = CliRunner.Run(_dir, "explain", "--model", notAModel, "--data", Write("d.csv", FairnessCsv), "--json");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Basira model file", bad.Stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
