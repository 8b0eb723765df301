using Basira.Jobs.Linking;

namespace Basira.Jobs.Tests.Linking;

/// <summary>trec_eval's map, recip_rank and success_1 on cases computed by hand.</summary>
public sealed class TrecEvalTests
{
    private static Dictionary<string, int> Rel(params string[] docs) => docs.ToDictionary(d => d, _ => 1);

    [Fact]
    public void Average_precision_is_the_mean_precision_at_each_relevant_document()
    {
        // ranking A B C D, relevant A and C: (1/1 + 2/3) / 2
        var f = TrecEval.Evaluate("q", ["A", "B", "C", "D"], [0.9, 0.8, 0.7, 0.6], Rel("A", "C"));
        Assert.Equal((1.0 + 2.0 / 3.0) / 2.0, f.AveragePrecision, 12);
        Assert.Equal(1.0, f.ReciprocalRank);
        Assert.Equal(1.0, f.SuccessAt1);
    }

    [Fact]
    public void A_relevant_document_missing_from_the_ranking_counts_as_zero_precision()
    {
        // relevant B (rank 2) and Z (not retrieved): (1/2 + 0) / 2; first relevant at rank 2
        var f = TrecEval.Evaluate("q", ["A", "B", "C"], [3, 2, 1], Rel("B", "Z"));
        Assert.Equal(0.25, f.AveragePrecision, 12);
        Assert.Equal(0.5, f.ReciprocalRank, 12);
        Assert.Equal(0.0, f.SuccessAt1);
        Assert.Equal(2, f.FirstRelevantRank);
    }

    [Fact]
    public void Ties_are_broken_by_decreasing_document_id_like_trec_eval()
    {
        // equal scores: "d2" sorts before "d1" (strcmp(p2, p1)), so the relevant d1 is second
        var f = TrecEval.Evaluate("q", ["d1", "d2"], [0.5, 0.5], Rel("d1"));
        Assert.Equal(0.5, f.AveragePrecision, 12);
        Assert.Equal(0.0, f.SuccessAt1);
        // C000002_fr_001 > C000002_fr_000 > C000001_fr_000 in byte order
        var g = TrecEval.Evaluate("q", ["C000001_fr_000", "C000002_fr_000", "C000002_fr_001"], [1, 1, 1], Rel("C000001_fr_000"));
        Assert.Equal(1.0 / 3.0, g.AveragePrecision, 12);
    }

    [Fact]
    public void Judgements_of_zero_are_not_relevant_and_do_not_count()
    {
        var rel = new Dictionary<string, int> { ["A"] = 0, ["B"] = 1 };
        var f = TrecEval.Evaluate("q", ["A", "B"], [2, 1], rel);
        Assert.Equal(0.5, f.AveragePrecision, 12);
    }

    [Fact]
    public void Every_surface_form_of_the_right_concept_at_the_top_gives_an_average_precision_of_one()
    {
        // concept X has three surface forms, all relevant, all with the concept's score; Y's two forms score lower
        var f = TrecEval.Evaluate("q", ["X_1", "X_2", "X_3", "Y_1", "Y_2"], [0.8, 0.8, 0.8, 0.5, 0.5], Rel("X_1", "X_2", "X_3"));
        Assert.Equal(1.0, f.AveragePrecision, 12);
        // and second after a concept with two forms: (1/3 + 2/4 + 3/5) / 3
        var g = TrecEval.Evaluate("q", ["X_1", "X_2", "X_3", "Y_1", "Y_2"], [0.5, 0.5, 0.5, 0.8, 0.8], Rel("X_1", "X_2", "X_3"));
        Assert.Equal((1.0 / 3 + 2.0 / 4 + 3.0 / 5) / 3, g.AveragePrecision, 12);
        Assert.Equal(1.0 / 3, g.ReciprocalRank, 12);
    }

    [Fact]
    public void The_melo_cut_keeps_the_100_best_with_scores_rounded_to_5_decimals()
    {
        // 150 documents; the relevant one is 120th: out of the cut, so AP 0 (it would be 1/120 on the full ranking)
        var ids = Enumerable.Range(0, 150).Select(i => $"D{i:000}").ToArray();
        var scores = Enumerable.Range(0, 150).Select(i => 1.0 - i / 1000.0).ToArray();
        Assert.Equal(1.0 / 120, TrecEval.Evaluate("q", ids, scores, Rel("D119")).AveragePrecision, 12);
        Assert.Equal(0.0, TrecEval.EvaluateMeloCut("q", ids, scores, Rel("D119")).AveragePrecision);
        // 0.700001 and 0.700004 both print as 0.70000: the tie is then broken by id (D1 before D0)
        var tie = TrecEval.EvaluateMeloCut("q", ["D0", "D1"], [0.700004, 0.700001], Rel("D0"));
        Assert.Equal(0.5, tie.AveragePrecision, 12);
    }

    [Fact]
    public void A_duplicate_document_in_a_ranking_is_refused() =>
        Assert.Throws<ArgumentException>(() => TrecEval.Evaluate("q", ["A", "A"], [1, 1], Rel("A")));
}
