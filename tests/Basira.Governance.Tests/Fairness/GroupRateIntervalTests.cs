using System.Text.Json.Nodes;
using Basira.Governance.Fairness;

namespace Basira.Governance.Tests.Fairness;

public class GroupRateIntervalTests
{
    private static JsonObject Report(params (string Key, int Tp, int Fp, int Tn, int Fn)[] groups) => new()
    {
        ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
        {
            ["key"] = g.Key, ["rows"] = g.Tp + g.Fp + g.Tn + g.Fn, ["n"] = (double)(g.Tp + g.Fp + g.Tn + g.Fn),
            ["tp"] = (double)g.Tp, ["fp"] = (double)g.Fp, ["tn"] = (double)g.Tn, ["fn"] = (double)g.Fn,
        })]),
    };

    [Fact]
    public void Every_group_gets_its_wilson_interval_whatever_its_size()
    {
        var rates = GroupRateIntervals.From(Report(("F", 9, 1, 80, 10), ("M", 3, 2, 5, 0)), "selection_rate");
        var f = rates.Single(r => r.Group == "F");
        Assert.Equal((10L, 100L), (f.Numerator, f.Denominator));
        Assert.Equal(0.1, f.Rate!.Value, 12);
        // Wilson 95 % for 10/100 (statsmodels proportion_confint(10, 100, method="wilson")): 0.05523, 0.17437
        Assert.Equal(0.05523, f.Lower!.Value, 4);
        Assert.Equal(0.17437, f.Upper!.Value, 4);
        var m = rates.Single(r => r.Group == "M");
        Assert.Equal(0.5, m.Rate!.Value, 12);
        Assert.True(m.Lower < 0.5 && m.Upper > 0.5 && m.Upper - m.Lower > f.Upper - f.Lower); // fewer rows, wider interval
    }

    [Fact]
    public void True_positive_rate_uses_the_actual_positives_and_is_undefined_without_them()
    {
        var rates = GroupRateIntervals.From(Report(("rural", 9, 1, 80, 10), ("urbain", 0, 4, 6, 0)), "tpr");
        Assert.Equal(9.0 / 19, rates[0].Rate!.Value, 12);
        Assert.Equal((0L, 0L), (rates[1].Numerator, rates[1].Denominator));
        Assert.Null(rates[1].Rate);
        Assert.Null(rates[1].Lower);
        Assert.Throws<ArgumentException>(() => GroupRateIntervals.From(Report(), "accuracy"));
    }
}
