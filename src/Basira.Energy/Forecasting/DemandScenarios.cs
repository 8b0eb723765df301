namespace Basira.Energy.Forecasting;

/// <summary>One long-term demand scenario: energy and peak grow at a constant annual rate from a base year.</summary>
/// <param name="Id">Short identifier (<c>measured</c>, <c>historical</c>, <c>digital_strategy</c>).</param>
/// <param name="Name">Name in words.</param>
/// <param name="AnnualGrowth">Growth per year (0.04 = 4 %/year).</param>
/// <param name="Source">Where the rate comes from (and its caveats).</param>
public sealed record DemandScenario(string Id, string Name, double AnnualGrowth, string Source);

/// <summary>Demand of one year under a scenario.</summary>
/// <param name="Year">Year.</param>
/// <param name="EnergyTwh">Net demand, TWh.</param>
/// <param name="PeakMw">Peak demand, MW (base-year load factor kept).</param>
public sealed record DemandYear(int Year, double EnergyTwh, double PeakMw);

/// <summary>
/// Long-term demand scenarios for Morocco's grid, for the capacity planner. Base: net demand ≈ 45.7 TWh in 2024 (ANRE
/// 2024 annual report, relayed by Hespress FR) and the record peak 7,310 MW of 11 August 2023 (MTEDD), carried to 2024
/// at the measured rate; the peak grows with energy (constant load factor, ≈ 0.69 in 2024). Growth rates:
/// <list type="bullet">
/// <item><c>measured</c> 3.5 %/year — ANRE/DEPF: +3 % to +4 % in 2023–2024;</item>
/// <item><c>historical</c> 6.5 %/year — 6–8 %/year in the 2000s, 5–7 % expected for the 2010s (AfDB appraisal, 2012);</item>
/// <item><c>digital_strategy</c> 15 %/year — the rate the national digital strategy is cited for (data centres,
/// electrification of uses); no official source read for this project supports it as a forecast of total demand
/// (datasets/morocco-energy/FIGURES.md), so it stands as a stress case.</item>
/// </list>
/// All figures are read from FIGURES.md; change them there and here together.
/// </summary>
public static class DemandScenarios
{
    /// <summary>Base year of the projections.</summary>
    public const int BaseYear = 2024;

    /// <summary>Net demand of the base year, TWh (ANRE 2024: ≈ 45,713 GWh).</summary>
    public const double BaseEnergyTwh = 45.713;

    /// <summary>Record peak of 2023, MW (MTEDD, 11 Aug 2023).</summary>
    public const double Peak2023Mw = 7310;

    public static IReadOnlyList<DemandScenario> All { get; } =
    [
        new("measured", "Measured growth (3.5 %/year)", 0.035, "ANRE / DEPF: net demand +3 % to +4 % a year in 2023–2024 (FIGURES.md)"),
        new("historical", "Historical growth (6.5 %/year)", 0.065, "AfDB appraisal (2012): 6–8 %/year in the 2000s, 5–7 % expected (FIGURES.md)"),
        new("digital_strategy", "Digital-strategy growth (15 %/year)", 0.15,
            "rate cited for the digital strategy; not supported by any official figure read (FIGURES.md): a stress case"),
    ];

    /// <summary>The scenario with id <paramref name="id"/>.</summary>
    public static DemandScenario Get(string id) =>
        All.FirstOrDefault(s => s.Id == id) ?? throw new ArgumentException($"unknown demand scenario '{id}' (known: {string.Join(", ", All.Select(s => s.Id))})", nameof(id));

    /// <summary>Peak of the base year: the 2023 record grown one year at the measured rate.</summary>
    public static double BasePeakMw => Peak2023Mw * (1 + All[0].AnnualGrowth);

    /// <summary>Annual load factor of the base year (energy / (peak × 8,760 h)).</summary>
    public static double LoadFactor => BaseEnergyTwh * 1e6 / (BasePeakMw * 8760);

    /// <summary>Demand of <paramref name="year"/> (≥ base year) under <paramref name="scenario"/>.</summary>
    public static DemandYear Project(DemandScenario scenario, int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, BaseYear);
        var factor = Math.Pow(1 + scenario.AnnualGrowth, year - BaseYear);
        return new DemandYear(year, BaseEnergyTwh * factor, BasePeakMw * factor);
    }

    /// <summary>Every year from the base year to <paramref name="lastYear"/>.</summary>
    public static IReadOnlyList<DemandYear> Path(DemandScenario scenario, int lastYear) =>
        [.. Enumerable.Range(BaseYear, lastYear - BaseYear + 1).Select(y => Project(scenario, y))];
}
