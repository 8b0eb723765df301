namespace Basira.Cli.Tests;

/// <summary><c>basira jobs normalize</c> and <c>jobs evaluate-linking</c> run as a user would.</summary>
public sealed class JobsLinkingCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-cli-jobs-").FullName;

    [Fact]
    public void Normalize_prints_one_object_per_title_with_esco_candidates_best_first()
    {
        var file = Path.Combine(_dir, "titles.txt");
        File.WriteAllText(file, "Comptable | Rabat (Maroc)\n\nServeuse H/F - Marrakech\n");
        var r = CliRunner.Run(_dir, "jobs", "normalize", "--file", file, "--top", "2", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json.AsArray();
        Assert.Equal(2, a.Count);
        Assert.Equal("Comptable | Rabat (Maroc)", (string?)a[0]!["title"]);
        var c = a[0]!["candidates"]!.AsArray();
        Assert.Equal(2, c.Count);
        Assert.Equal("http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897", (string?)c[0]!["uri"]);
        Assert.True((double)c[0]!["score"]! >= (double)c[1]!["score"]!);
        Assert.Equal("serveur/serveuse", (string?)a[1]!["candidates"]![0]!["label"]);
    }

    [Fact]
    public void Normalize_refuses_a_missing_file_and_a_title_given_twice()
    {
        var missing = CliRunner.Run(_dir, "jobs", "normalize", "--file", Path.Combine(_dir, "none.txt"), "--json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("file not found", missing.Stderr);
        Assert.Equal("", missing.Stdout);
        var both = CliRunner.Run(_dir, "jobs", "normalize", "Comptable", "--file", "x.txt");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give either a TITLE or --file FILE", both.Stderr);
    }

    [Fact]
    public void Evaluate_linking_prints_trec_eval_figures_and_names_a_bad_line()
    {
        File.WriteAllText(Path.Combine(_dir, "queries.tsv"), "Q000001\tComptable (h/f/x)\nQ000002\tVendeuse\n");
        File.WriteAllText(Path.Combine(_dir, "corpus_elements.tsv"), "C000001_fr_000\tcomptable\nC000002_fr_000\tvendeur/vendeuse\nC000002_fr_001\tvendeuse\n");
        File.WriteAllText(Path.Combine(_dir, "annotations.tsv"), "Q000001\t0\tC000001_fr_000\t1\nQ000002\t0\tC000002_fr_000\t1\nQ000002\t0\tC000002_fr_001\t1\n");
        var r = CliRunner.Run(_dir, "jobs", "evaluate-linking", "--queries", "queries.tsv", "--corpus", "corpus_elements.tsv", "--qrels", "annotations.tsv", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(1.0, (double)r.Json["map"]!);
        Assert.Equal(1.0, (double)r.Json["top1"]!);
        Assert.Equal(2, (int)r.Json["queries"]!);

        File.WriteAllText(Path.Combine(_dir, "annotations.tsv"), "Q000001\t0\tC000001_fr_000\t1\nQ000002 C000002_fr_000\n");
        var bad = CliRunner.Run(_dir, "jobs", "evaluate-linking", "--queries", "queries.tsv", "--corpus", "corpus_elements.tsv", "--qrels", "annotations.tsv", "--json");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("annotations.tsv, line 2", bad.Stderr);
        Assert.Equal("", bad.Stdout);
    }

    [Fact]
    public void Import_offers_reports_rows_accepted_and_quarantined_and_exits_2_on_an_unreadable_file()
    {
        var file = Path.Combine(_dir, "offres.csv");
        File.WriteAllText(file, "titre,ville,salaire,email\nComptable H/F,Rabat,3 000 - 4 000 DH,a@b.ma\n,Fès,,\nServeur,Tamensourte,A discuter,\n");
        var outFile = Path.Combine(_dir, "offres.jsonl");
        var r = CliRunner.Run(_dir, "jobs", "import-offers", "--file", file, "--no-skills", "--out", outFile, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal((3, 2, 1), ((int)r.Json["rows"]!, (int)r.Json["accepted"]!, (int)r.Json["quarantined"]!));
        Assert.Equal(3, (int)r.Json["quarantine"]![0]!["line"]!);
        Assert.Equal("Tamensourte", (string?)r.Json["unknown_places"]![0]!["text"]);
        Assert.Equal("3000-4000", (string?)r.Json["offers"]![0]!["salary"]!["band"]);
        Assert.DoesNotContain("a@b.ma", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(outFile).Length);

        var bad = CliRunner.Run(_dir, "jobs", "import-offers", "--file", Path.Combine(_dir, "absent.csv"), "--json");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("", bad.Stdout);
    }

    [Fact]
    public void Extract_skills_lists_esco_skills_of_a_text()
    {
        var r = CliRunner.Run(_dir, "jobs", "extract-skills", "Maîtrise de Python et de la comptabilité", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(r.Json.AsArray(), s => ((string?)s!["label"])!.StartsWith("Python", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
