using Basira.Governance;
using Basira.Jobs.Linking;
using Basira.TestSupport;

namespace Basira.Jobs.Tests.Linking;

public sealed class TitleEvaluationTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void Labelled_titles_give_mrr_and_success_at_k_and_unknown_uris_are_counted_apart()
    {
        var path = Path.Combine(dir.Path, "titles.csv");
        File.WriteAllText(path, "vacancyTitle,conceptUri\n" +
            "Accountant,http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897\n" +
            "Comptable,http://data.europa.eu/esco/occupation/eda0d957-3c3c-4139-b89a-a18bc9e18897\n" +
            "Waiter,http://data.europa.eu/esco/occupation/not-in-esco\n");
        var r = TitleEvaluation.Run(path, "vacancyTitle", "conceptUri");
        Assert.Equal((3, 2, 1), (r.Rows, r.Evaluated, r.UnknownUris));
        // both first ("accountant" is also an alternative label of "financial controller": the preferred label wins)
        Assert.Equal((1.0, 1.0, 1.0), (r.Mrr, r.Top1, r.Top10));
    }

    [Fact]
    public void A_missing_column_is_bad_input()
    {
        var path = Path.Combine(dir.Path, "titles.csv");
        File.WriteAllText(path, "title,uri\nComptable,x\n");
        Assert.Contains("no column 'vacancyTitle'", Assert.Throws<DataInputException>(() => TitleEvaluation.Run(path, "vacancyTitle", "conceptUri")).Message,
            StringComparison.Ordinal);
    }

    public void Dispose() => dir.Dispose();
}
