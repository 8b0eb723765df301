using System.Text.Json.Nodes;

namespace Basira.Cli.Tests;

/// <summary><c>basira demo --pupils N --seed S</c> loads a SYNTHETIC national population; <c>basira synth summary</c> reads it back.</summary>
public sealed class CliNationalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-nat-").FullName;

    [Fact]
    public void Demo_loads_a_national_population_that_synth_summary_reads_back()
    {
        var data = Path.Combine(_dir, "data");
        var demo = CliRunner.Run(_dir, "demo", "--data-dir", data, "--pupils", "3000", "--seed", "7", "--json");
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        Assert.Equal(3000, demo.Json["national"]!["pupils"]!.GetValue<long>());
        Assert.Contains("SYNTHETIC", demo.Json["national"]!["notice"]!.GetValue<string>(), StringComparison.Ordinal);

        var r = CliRunner.Run(_dir, "synth", "summary", "--data-dir", data, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json.AsObject();
        Assert.Equal(["pupils", "schools", "rural_school_share", "girls_share", "rural_pupil_share", "dropouts", "by_cycle", "by_region"],
            j.Select(kv => kv.Key));
        Assert.Equal(3000, j["pupils"]!.GetValue<long>());
        Assert.Equal(["college", "lycee", "primary"], j["by_cycle"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.All(j["by_cycle"]!.AsObject(), kv => Assert.Equal(["pupils", "dropout_rate"], kv.Value!.AsObject().Select(x => x.Key)));
        var regions = j["by_region"]!.AsArray();
        Assert.Equal(3000, regions.Sum(x => x!["pupils"]!.GetValue<long>()));
        Assert.All(regions, x => Assert.Equal(["key", "pupils", "dropout_rate"], x!.AsObject().Select(kv => kv.Key)));
        Assert.Contains(regions, x => x!["key"]!.GetValue<string>() == "MA-06");

        var text = CliRunner.Run(_dir, "synth", "summary", "--data-dir", data);
        Assert.StartsWith("SYNTHETIC", text.Stdout, StringComparison.Ordinal);

        // the same seed gives the same population
        var again = CliRunner.Run(_dir, "demo", "--data-dir", Path.Combine(_dir, "data2"), "--pupils", "3000", "--seed", "7", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        var r2 = CliRunner.Run(_dir, "synth", "summary", "--data-dir", Path.Combine(_dir, "data2"), "--json");
        Assert.Equal(r.Stdout, r2.Stdout);
    }

    [Fact]
    public void Synth_summary_without_data_is_bad_input()
    {
        var r = CliRunner.Run(_dir, "synth", "summary", "--data-dir", Path.Combine(_dir, "empty"), "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no national education data loaded", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "empty")));
    }

    [Fact]
    public void Edu_import_reports_rows_in_accepted_and_quarantined_and_refuses_a_windows_1256_file_without_its_encoding()
    {
        var data = Path.Combine(_dir, "imports");
        string Write(string name, string content, System.Text.Encoding? e = null)
        {
            var p = Path.Combine(_dir, name);
            File.WriteAllText(p, content, e ?? new System.Text.UTF8Encoding(false));
            return p;
        }
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var schools = Write("schools.csv", "school_code,name,province,commune,commune_name,milieu,cycle\nE1,Ecole,MA-AZI,R1,تبانت,rural,primary\nE2,Ecole,MA-NOWHERE,R1,X,rural,primary\n",
            System.Text.Encoding.GetEncoding(1256));

        var refused = CliRunner.Run(_dir, "edu", "import", "--kind", "schools", "--file", schools, "--data-dir", data, "--json");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("line 2", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("not UTF-8", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);

        var ok = CliRunner.Run(_dir, "edu", "import", "--kind", "schools", "--file", schools, "--encoding", "windows-1256", "--data-dir", data, "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var j = ok.Json.AsObject();
        Assert.Equal(["rows_in", "accepted", "quarantined", "quarantine"], j.Select(kv => kv.Key).Take(4));
        Assert.Equal(2, j["rows_in"]!.GetValue<long>());
        Assert.Equal(1, j["accepted"]!.GetValue<long>());
        Assert.Equal(1, j["quarantined"]!.GetValue<long>());
        var q = j["quarantine"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["line", "field", "reason"], q.Select(kv => kv.Key));
        Assert.Equal(3, q["line"]!.GetValue<long>());
        Assert.Equal("province", q["field"]!.GetValue<string>());

        var pupils = Write("pupils.csv", "pupil_id;school_year;school_code;sex;birth_date;grade;milieu\nJ1;2024-2025;E1;F;01/02/2016;3AP;rural\nJ1;2024-2025;E1;F;01/02/2016;3AP;rural\n");
        var p = CliRunner.Run(_dir, "edu", "import", "--kind", "pupils", "--file", pupils, "--data-dir", data, "--json");
        Assert.True(p.ExitCode == 0, p.Stderr);
        Assert.Equal(1, p.Json["accepted"]!.GetValue<long>());
        Assert.Contains("duplicate", p.Json["quarantine"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var attendance = Write("a.csv", "pupil_id,date,code\nJ1,16/09/2024,NJ\nJ2,16/09/2024,NJ\n");
        var a = CliRunner.Run(_dir, "edu", "import", "--kind", "attendance", "--file", attendance, "--data-dir", data);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Contains("2 rows in, 1 accepted (1 new, 0 changed, 0 unchanged), 1 quarantined", a.Stdout, StringComparison.Ordinal);
        Assert.Contains("line 3, pupil_id: unknown pupil in 2024-2025", a.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("J2", a.Stdout + a.Stderr, StringComparison.Ordinal);

        var bad = CliRunner.Run(_dir, "edu", "import", "--kind", "absences", "--file", attendance, "--data-dir", data);
        Assert.Equal(2, bad.ExitCode);

        // one absence of one pupil in September 2024; no calendar loaded: the 21 weekdays of September count
        var rates = CliRunner.Run(_dir, "edu", "absenteeism", "--level", "region", "--period", "month", "--from", "01/09/2024", "--to", "2024-09-30", "--data-dir", data, "--json");
        Assert.True(rates.ExitCode == 0, rates.Stderr);
        var row = rates.Json.AsArray().Single()!.AsObject();
        Assert.Equal(["level", "key", "name", "period", "pupils", "absence_rate"], row.Select(kv => kv.Key));
        Assert.Equal("MA-05", row["key"]!.GetValue<string>());
        Assert.Equal("2024-09", row["period"]!.GetValue<string>());
        Assert.Equal(1, row["pupils"]!.GetValue<long>());
        Assert.Equal(Math.Round(1 / 21.0, 6), row["absence_rate"]!.GetValue<double>());
        var bySex = CliRunner.Run(_dir, "edu", "absenteeism", "--level", "school", "--period", "week", "--by", "sex", "--data-dir", data, "--json");
        Assert.Equal("F", bySex.Json.AsArray()[0]!["sex"]!.GetValue<string>());
        Assert.Equal(2, CliRunner.Run(_dir, "edu", "absenteeism", "--level", "country", "--data-dir", data).ExitCode);
        Assert.Equal(2, CliRunner.Run(_dir, "edu", "absenteeism", "--from", "2024-13-01", "--data-dir", data).ExitCode);
        var hot = CliRunner.Run(_dir, "edu", "absenteeism", "--level", "province", "--period", "week", "--hotspots", "--data-dir", data, "--json");
        Assert.True(hot.ExitCode == 0, hot.Stderr);
        Assert.Contains("Benjamini-Hochberg", hot.Json["test"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); }
        catch (IOException) { }
    }
}
