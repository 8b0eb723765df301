using Basira.Education.EarlyWarning;

namespace Basira.Education.Tests;

/// <summary>The values a counterfactual lever may take: one direction only, on its grid, ending on its bound.</summary>
public sealed class CounterfactualGridTests
{
    private static readonly Lever Absences = CounterfactualSearch.DropoutLevers.Single(l => l.Feature == "absence_days");
    private static readonly Lever Mark = CounterfactualSearch.DropoutLevers.Single(l => l.Feature == "grade_average");

    [Fact]
    public void Absences_only_go_down_to_zero_and_the_mark_only_up_to_twenty()
    {
        Assert.Equal([3, 2, 1, 0], CounterfactualSearch.Grid(Absences, 4));
        Assert.Equal([19.5, 19.75, 20], CounterfactualSearch.Grid(Mark, 19.25));
        Assert.Equal([19.85, 20], CounterfactualSearch.Grid(Mark, 19.6)); // the last step overshoots: ends on the bound
    }

    [Theory]
    [InlineData(0.0, "absence_days")]
    [InlineData(20.0, "grade_average")]
    [InlineData(21.0, "grade_average")] // out of range: never moved back toward the bound
    [InlineData(double.NaN, "grade_average")] // missing: nothing to move
    public void A_lever_at_or_past_its_bound_or_missing_offers_nothing(double current, string feature) =>
        Assert.Empty(CounterfactualSearch.Grid(feature == "absence_days" ? Absences : Mark, current));
}
