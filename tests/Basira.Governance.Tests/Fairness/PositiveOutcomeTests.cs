using Basira.Governance.Fairness;

namespace Basira.Governance.Tests.Fairness;

/// <summary>The rules of the positive (favourable) value of a binary outcome read as text (FAIRNESS.md §2).</summary>
public sealed class PositiveOutcomeTests
{
    private static readonly FeatureColumn[] Sex = [new("sex", ["F", "F", "M", "M"])];

    [Fact]
    public void A_number_written_differently_is_the_positive_value()
    {
        var input = PositiveOutcome.Input("f.csv", "label", ["1.0", "0", "1", "0.0"], "pred", ["1", "1e0", "0", "0"], "1", Sex);
        Assert.Equal(["1", "0", "1", "0.0"], input.YTrue);
        Assert.Equal(["1", "1", "0", "0"], input.YPred);
        Assert.True(PositiveOutcome.Matches("1.00", "1"));
        Assert.False(PositiveOutcome.Matches("yes", "1"));
        Assert.False(PositiveOutcome.Matches("NaN", "NaN ")); // not a finite number, not the same text
    }

    [Fact]
    public void A_positive_value_that_never_occurs_is_valid_beside_one_other_value_of_its_kind()
    {
        // nobody positive, nobody predicted positive: the audit reports the undefined rates as null
        PositiveOutcome.Check("f.csv", "label", ["0", "0.0"], "pred", ["0", "0"], "1");
        PositiveOutcome.Check("f.csv", "label", ["no", "no"], "pred", ["no", "no"], "yes");
        PositiveOutcome.Check("f.csv", "label", [], "pred", [], "1"); // a header-only file
    }

    [Fact]
    public void A_positive_value_beside_two_other_values_is_refused_naming_them()
    {
        var ex = Assert.Throws<DataInputException>(() =>
            PositiveOutcome.Check("f.csv", "label", ["no", "yes", "no"], "pred", ["yes", "no", "no"], "1"));
        Assert.Equal("f.csv", ex.File);
        Assert.Contains("'1'", ex.Message);
        Assert.Contains("2 other values ('no', 'yes')", ex.Message);
        // "0" and "0.0" are one value, so this is one other value of the same kind: valid
        PositiveOutcome.Check("f.csv", "label", ["0", "0.0"], "pred", ["0.00", "0"], "1");
    }

    [Fact]
    public void A_positive_value_of_another_kind_than_the_only_value_is_refused()
    {
        var text = Assert.Throws<DataInputException>(() => PositiveOutcome.Check("f.csv", "label", ["no"], "pred", ["no"], "1"));
        Assert.Contains("only value is 'no' (a text, unlike '1')", text.Message);
        var number = Assert.Throws<DataInputException>(() => PositiveOutcome.Check("f.csv", "label", ["0"], "pred", ["0"], "yes"));
        Assert.Contains("(a number, unlike 'yes')", number.Message);
    }
}
