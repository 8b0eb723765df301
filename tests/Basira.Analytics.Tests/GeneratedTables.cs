using System.Globalization;
using System.Text;
using Basira.Analytics.Tabular;

namespace Basira.Analytics.Tests;

/// <summary>Seeded pupil-like tables with a known risk mechanism, for the model and explanation tests.</summary>
internal static class GeneratedTables
{
    /// <summary>
    /// Columns id, absences, grade, distance (10 % missing), region, label. logit = −1 + 0.15·absences − 0.25·(grade − 10)
    /// + 0.9·[region = sud] (+ 1.2 for the 6-row region "centre" when <paramref name="rareRegion"/>) + 0.05·distance
    /// (+ 1 when distance is missing); with <paramref name="step"/>, + 2·[absences ≥ 20 and grade &lt; 10], which no linear
    /// model captures.
    /// </summary>
    public static TabularTable Pupils(int n, int seed, bool step = false, bool rareRegion = true)
    {
        var rnd = new Random(seed);
        var sb = new StringBuilder("id,absences,grade,distance,region,label\n");
        string[] regions = ["nord", "sud", "est", "ouest"];
        for (var i = 0; i < n; i++)
        {
            var a = rnd.Next(0, 30);
            var g = Math.Round(rnd.NextDouble() * 20, 2);
            var missing = rnd.NextDouble() < 0.1;
            var d = Math.Round(rnd.NextDouble() * 15, 1);
            var r = rareRegion && i < 6 ? "centre" : regions[rnd.Next(regions.Length)];
            var logit = -1 + 0.15 * a - 0.25 * (g - 10) + (r == "sud" ? 0.9 : r == "centre" ? 1.2 : 0)
                + (missing ? 1 : 0.05 * d) + (step && a >= 20 && g < 10 ? 2 : 0);
            var y = rnd.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
            sb.Append(CultureInfo.InvariantCulture, $"S{i},{a},{g},{(missing ? "" : d.ToString(CultureInfo.InvariantCulture))},{r},{y}\n");
        }
        return TabularReader.ReadCsvText(sb.ToString(), "generated.csv", new TabularReadOptions { TargetColumn = "label", PositiveValue = "yes" });
    }
}
