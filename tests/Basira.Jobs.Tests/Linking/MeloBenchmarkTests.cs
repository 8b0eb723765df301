using Basira.Governance;
using Basira.Jobs.Esco;
using Basira.Jobs.Linking;
using Basira.TestSupport;

namespace Basira.Jobs.Tests.Linking;

public sealed class MeloBenchmarkTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private (string Q, string C, string R) Write(string queries, string corpus, string qrels)
    {
        string W(string name, string text)
        {
            var p = Path.Combine(dir.Path, name);
            File.WriteAllText(p, text);
            return p;
        }
        return (W("queries.tsv", queries), W("corpus_elements.tsv", corpus), W("annotations.tsv", qrels));
    }

    [Fact]
    public void Every_surface_form_gets_its_concepts_score_and_the_figures_follow_trec_eval()
    {
        var (q, c, r) = Write(
            "Q000001\tComptable (h/f/x)\nQ000002\tVendeuse en boulangerie\n",
            "C000001_fr_000\tcomptable\nC000001_fr_001\tteneur de livres\nC000002_fr_000\tvendeur/vendeuse\nC000002_fr_001\tvendeur en boulangerie\nC000003_fr_000\tboulanger/boulangère\n",
            "Q000001\t0\tC000001_fr_000\t1\nQ000001\t0\tC000001_fr_001\t1\nQ000002\t0\tC000002_fr_000\t1\nQ000002\t0\tC000002_fr_001\t1\n");
        var data = MeloDataset.Read(q, c, r, null);
        var e = MeloBenchmark.Evaluate(data, null, new LinkingEvaluationOptions(LinkingMethod.CorpusOnly));
        // both concepts are found first, with all their surface forms above the other concepts' forms
        Assert.Equal(1.0, e.Map, 12);
        Assert.Equal(1.0, e.Top1, 12);
        Assert.Equal(2, e.Queries);
        Assert.Equal(3, e.Concepts);
    }

    [Fact]
    public void A_malformed_line_is_bad_input_naming_file_and_line()
    {
        var (q, c, r) = Write("Q1\tComptable\n", "C000001_fr_000\tcomptable\n", "Q1 0 C000001_fr_000\n");
        var ex = Assert.Throws<DataInputException>(() => MeloDataset.Read(q, c, r, null));
        Assert.Equal(r, ex.File);
        Assert.Equal(1, ex.Line);
        var (q2, c2, r2) = Write("Q1\tComptable\nQ1\tAutre\n", "C000001_fr_000\tcomptable\n", "Q1 0 C000001_fr_000 1\n");
        Assert.Equal(2, Assert.Throws<DataInputException>(() => MeloDataset.Read(q2, c2, r2, null)).Line);
    }

    [Fact]
    public void The_dev_split_is_the_queries_numbered_by_a_multiple_of_three()
    {
        Assert.True(MeloSplit.IsDev("Q000003"));
        Assert.False(MeloSplit.IsDev("Q000004"));
    }

    /// <summary>The published char TF-IDF figures of the MELO paper, reproduced exactly: a check of the whole protocol.</summary>
    [SharedDataFact("melo-fr")]
    public void The_published_char_tfidf_baseline_is_reproduced_exactly_under_the_melo_cut()
    {
        var d = Path.Combine(SharedData.Find("melo-fr")!, "bel_q_fr_c_fr");
        var data = MeloDataset.Read(Path.Combine(d, "queries.tsv"), Path.Combine(d, "corpus_elements.tsv"), Path.Combine(d, "annotations.tsv"), null);
        var e = MeloBenchmark.Evaluate(data, null, new LinkingEvaluationOptions(LinkingMethod.CharTfIdf, MeloCut: true));
        // published_results/char_tf_idf__bel_q_fr_c_fr.tsv: map 0.3129, recip_rank 0.4520, success_1 0.3994
        Assert.Equal(0.3129, Math.Round(e.Map, 4));
        Assert.Equal(0.4520, Math.Round(e.Mrr, 4));
        Assert.Equal(0.3994, Math.Round(e.Top1, 4));
    }

    public void Dispose() => dir.Dispose();
}
