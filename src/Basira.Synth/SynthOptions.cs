namespace Basira.Synth;

/// <summary>Options of <see cref="SchoolPopulationGenerator.Generate"/>.</summary>
public sealed record SynthOptions
{
    /// <summary>
    /// Default provinces: an urban préfecture (Casablanca, MA-06), a mixed province (Béni Mellal, MA-05) and two
    /// rural provinces (Azilal, MA-05; Al Haouz, MA-07) - three regions.
    /// </summary>
    public static IReadOnlyList<string> DefaultProvinces { get; } = ["MA-CAS", "MA-BEM", "MA-AZI", "MA-HAO"];

    /// <summary>Seed; the same options always give the same population.</summary>
    public ulong Seed { get; init; } = 20250701;

    /// <summary>Province codes (provinces.json ids) to populate.</summary>
    public IReadOnlyList<string> Provinces { get; init; } = DefaultProvinces;

    /// <summary>Total number of pupils, split evenly across provinces.</summary>
    public int PupilCount { get; init; } = 3000;

    /// <summary>Schools per province (at least 3: one per cycle).</summary>
    public int SchoolsPerProvince { get; init; } = 9;

    /// <summary>Target share of pupils with the dropout label (the intercept of the hidden mechanism is solved for it).</summary>
    public double TargetDropoutRate { get; init; } = 0.12;

    /// <summary>Start year of the school year described (2024 = 2024-25).</summary>
    public int SchoolYear { get; init; } = 2024;

    /// <summary>Whether to generate the weekly absences table.</summary>
    public bool IncludeWeeklyAbsences { get; init; }

    /// <summary>Number of school weeks in the year (weekly table).</summary>
    public int Weeks { get; init; } = 36;

    /// <summary>Number of weeks of the observed term (features are measured on weeks 1..TermWeeks).</summary>
    public int TermWeeks { get; init; } = 12;

    /// <summary>School days per week.</summary>
    public const int DaysPerWeek = 5;
}
