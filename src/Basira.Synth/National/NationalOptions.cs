namespace Basira.Synth.National;

/// <summary>Options of <see cref="NationalGenerator"/>. The same options always give the same population.</summary>
public sealed record NationalOptions
{
    /// <summary>Default seed.</summary>
    public const ulong DefaultSeed = 20240901;

    /// <summary>Largest population accepted (above the 9 M of the national benchmark).</summary>
    public const long MaxPupils = 20_000_000;

    /// <summary>Pupils enrolled in year t (the current year); schools and every count scale with it (≈ 6.976 M is the real public system).</summary>
    public long Pupils { get; init; } = 100_000;

    /// <summary>Seed. Each school draws from its own stream derived from the seed and its index, so the result does not depend on the order or the number of threads.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>First calendar year of year t (2024 = 2024-25); year t−1 starts a year earlier.</summary>
    public int SchoolYear { get; init; } = 2024;

    /// <summary>Generate year t's daily absence events (the absence totals of both years are always in the pupil records).</summary>
    public bool AbsenceEvents { get; init; } = true;

    /// <summary>Also generate year t−1's absence events.</summary>
    public bool PreviousYearAbsenceEvents { get; init; }

    /// <summary>Generate year t's term marks per subject (the term averages of both years are always in the pupil records).</summary>
    public bool Marks { get; init; } = true;

    /// <summary>Threads that generate schools in parallel (default: every core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
