using System.Text;

namespace Basira.Cli.Tests;

/// <summary><c>basira kt evaluate</c> and <c>basira bench kt-update</c> as a user runs them.</summary>
public sealed class KtCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-kt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllText(p, content, new UTF8Encoding(false));
        return p;
    }

    /// <summary>A small SYNTHETIC log where practice helps: pupils of varied ability answer items of two skills.</summary>
    private string Log(string name, int firstPupil, int pupils, bool tabs = false)
    {
        var rng = new Random(firstPupil + 1);
        var sb = new StringBuilder(tabs ? "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n" : "user_id,item_id,skill_id,correct,timestamp\n");
        for (var p = firstPupil; p < firstPupil + pupils; p++)
        {
            var ability = rng.NextDouble() * 3 - 1.5;
            var practice = 0;
            for (var t = 0; t < 25; t++)
            {
                var item = rng.Next(12);
                var z = ability - (item % 4) * 0.5 + 0.15 * practice++;
                var ok = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
                sb.Append(tabs ? $"{p}\t{item}\t0\t{ok}\t{item % 2}\n" : $"p{p},i{item},s{item % 2},{ok},{1000 + 60 * t}\n");
            }
        }
        return Write(name, sb.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Evaluate_prints_auc_rmse_and_row_counts_for_either_layout(bool gervet)
    {
        var train = Log("train.csv", 0, 60, gervet);
        var test = Log("test.csv", 100, 20, gervet);
        var r = CliRunner.Run(_dir, "kt", "evaluate", "--train", train, "--test", test, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json;
        Assert.Equal(1500, j["rows_train"]!.GetValue<int>());
        Assert.Equal(500, j["rows_test"]!.GetValue<int>());
        Assert.InRange(j["auc"]!.GetValue<double>(), 0.6, 1.0);
        Assert.InRange(j["rmse"]!.GetValue<double>(), 0.2, 0.5);
        Assert.Equal(gervet ? "gervet2020" : "csv", j["layout"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("user_id,item_id,skill_id,correct,mark\np,i,s,1,2\n", "line 1", "field 'mark'", "unknown column")]
    [InlineData("user_id,item_id,skill_id,correct\np,i,s,1\np,i,s,yes\n", "line 3", "field 'correct'", "0 or 1")]
    [InlineData("user_id,item_id,skill_id,correct\np,i,,1\n", "line 2", "field 'skill_id'", "missing skill")]
    [InlineData("user_id,item_id,skill_id,correct,timestamp\np,i,s,1,2025-01-02T10:00:00Z\np,i,s,0,2025-01-01T10:00:00Z\n", "line 3", "field 'timestamp'", "out of order")]
    public void Bad_answer_logs_exit_2_naming_file_line_and_field(string content, string line, string field, string problem)
    {
        var good = Log("good.csv", 0, 5);
        var bad = Write("bad.csv", content);
        var r = CliRunner.Run(_dir, "kt", "evaluate", "--train", good, "--test", bad, "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("bad.csv", r.Stderr);
        Assert.Contains(line, r.Stderr);
        Assert.Contains(field, r.Stderr);
        Assert.Contains(problem, r.Stderr);
    }

    [Fact]
    public void A_missing_file_and_an_unknown_feature_block_are_bad_input()
    {
        Assert.Equal(2, CliRunner.Run(_dir, "kt", "evaluate", "--train", Path.Combine(_dir, "none.csv"), "--test", Path.Combine(_dir, "none.csv")).ExitCode);
        var f = Log("f.csv", 0, 3);
        var r = CliRunner.Run(_dir, "kt", "evaluate", "--train", f, "--test", f, "--without", "magic");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("magic", r.Stderr);
    }

    [Fact]
    public void Bench_kt_update_reports_the_time_of_one_update()
    {
        var r = CliRunner.Run(_dir, "bench", "kt-update", "--pupils", "50", "--runs", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(r.Json["answers"]!.GetValue<int>() > 1000);
        Assert.True(r.Json["median_ns_per_update"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Import_enrols_pupils_under_pseudonyms_and_a_bad_row_writes_nothing()
    {
        var data = Path.Combine(_dir, "data");
        var good = Write("answers.csv", "user_id,item_id,skill_id,correct,timestamp\nMASSAR-1,math.g1.numbers20.1,math.g1.numbers20,1,100\nMASSAR-2,math.g1.numbers20.2,math.g1.numbers20,0,100\nMASSAR-1,math.g1.numbers20.3,math.g1.numbers20,1,160\n");
        var r = CliRunner.Run(_dir, "kt", "import", "--data", good, "--class", "C-1", "--school", "SCH-1", "--grade", "1", "--data-dir", data, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(3, r.Json["rows_accepted"]!.GetValue<int>());
        Assert.Equal(2, r.Json["pupils_enrolled"]!.GetValue<int>());
        Assert.True(r.Json["class_created"]!.GetValue<bool>());

        var bad = Write("bad.csv", "user_id,item_id,skill_id,correct\nMASSAR-3,math.g1.numbers20.1,math.g1.numbers20,1\nMASSAR-3,math.g9.nothing.1,math.g9.nothing,1\n");
        var b = CliRunner.Run(_dir, "kt", "import", "--data", bad, "--class", "C-1", "--data-dir", data, "--json");
        Assert.Equal(2, b.ExitCode);
        Assert.Contains("bad.csv, line 3, field 'item_id'", b.Stderr);
        var third = Write("third.csv", "user_id,item_id,skill_id,correct\nMASSAR-3,math.g1.numbers20.1,math.g1.numbers20,1\nMASSAR-1,math.g1.numbers20.4,math.g1.numbers20,1\n");
        var again = CliRunner.Run(_dir, "kt", "import", "--data", third, "--class", "C-1", "--data-dir", data, "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(1, again.Json["pupils_enrolled"]!.GetValue<int>()); // MASSAR-3: the refused file enrolled nobody
        Assert.False(again.Json["class_created"]!.GetValue<bool>());
        var db = File.ReadAllBytes(Path.Combine(data, "basira.db"));
        Assert.DoesNotContain("MASSAR-1", Encoding.UTF8.GetString(db));
    }
}
