using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Basira.Education.Learning.Tracing;

/// <summary>Which feature blocks the knowledge-tracing model uses (all on by default: "Best-LR" plus the extensions).</summary>
public sealed record KtFeatureOptions
{
    /// <summary>Item one-hot (the item's difficulty).</summary>
    public bool Items { get; init; } = true;

    /// <summary>Attempts and wins on the same item and in total (all skills).</summary>
    public bool ItemAndTotalCounts { get; init; } = true;

    /// <summary>Recency-weighted per-skill wins and failures (exponential decay per answer in the skill).</summary>
    public bool Decay { get; init; } = true;

    /// <summary>Decay factor of <see cref="Decay"/>.</summary>
    public float DecayFactor { get; init; } = 0.7f;

    /// <summary>Wins and failures among the pupil's last 5, 10 and 20 answers (any skill).</summary>
    public bool Recent { get; init; } = true;

    /// <summary>One-hot of the pattern of the last up to 3 answers in the item's skills and overall.</summary>
    public bool Patterns { get; init; } = true;

    /// <summary>One-hot of the item's skill combination (the <c>skill_id</c> column).</summary>
    public bool Combos { get; init; } = true;

    /// <summary>Answers since the pupil last practised the skill (log scale), and a first-time indicator.</summary>
    public bool Spacing { get; init; } = true;

    /// <summary>Time since the pupil's previous answer and previous answer in the skill (log hours), when the log has times.</summary>
    public bool Time { get; init; } = true;

    /// <summary>The plain Best-LR of Gervet et al. (2020): item and skill one-hots, attempts and wins per skill, item and in total.</summary>
    public static KtFeatureOptions BestLr { get; } = new() { Decay = false, Recent = false, Patterns = false, Combos = false, Spacing = false, Time = false };

    /// <summary>Performance factors analysis (Pavlik et al. 2009): skill one-hots, attempts and wins per skill.</summary>
    public static KtFeatureOptions Pfa { get; } = BestLr with { Items = false, ItemAndTotalCounts = false };

    /// <summary>Item difficulty only (the item one-hot of a Rasch model without a pupil ability, which new pupils lack).</summary>
    public static KtFeatureOptions ItemOnly { get; } = Pfa with { Items = true, SkillCounts = false, SkillOneHots = false };

    /// <summary>Skill one-hots and attempts and wins per skill.</summary>
    public bool SkillCounts { get; init; } = true;

    /// <summary>Skill one-hots.</summary>
    public bool SkillOneHots { get; init; } = true;

    /// <summary>Named feature sets: full, best-lr, pfa, item.</summary>
    public static KtFeatureOptions Named(string name) => name switch
    {
        "best-lr" => BestLr,
        "pfa" => Pfa,
        "item" => ItemOnly,
        _ => new KtFeatureOptions(),
    };

    /// <summary>This set without the named extension blocks (decay, recent, patterns, combos, spacing, time).</summary>
    public KtFeatureOptions Without(IEnumerable<string> blocks) => blocks.Aggregate(this, (o, b) => b switch
    {
        "decay" => o with { Decay = false },
        "recent" => o with { Recent = false },
        "patterns" => o with { Patterns = false },
        "combos" => o with { Combos = false },
        "spacing" => o with { Spacing = false },
        "time" => o with { Time = false },
        "items" => o with { Items = false },
        _ => throw new ArgumentException($"unknown feature block '{b}'"),
    });
}

/// <summary>
/// Index space of the sparse feature vector: item one-hot, skill-combination one-hot, then per skill (one slot per skill)
/// the one-hot, log(1+attempts), log(1+wins), decayed wins and failures, spacing; then shared slots (item and total
/// counts, recent windows, patterns, time).
/// </summary>
internal sealed class KtLayout
{
    public const int PatternCount = 15; // last 0..3 outcomes: 1 + 2 + 4 + 8
    public static readonly int[] Windows = [5, 10, 20];

    public KtLayout(int items, int skills, int combos, KtFeatureOptions options)
    {
        Items = items; SkillCount = skills; Combos = options.Combos ? combos : 0; Options = options;
        var next = 0;
        ItemOneHot = next; next += items;
        ComboOneHot = next; next += Combos;
        SkillOneHot = next; next += skills;
        SkillAttempts = next; next += skills;
        SkillWins = next; next += skills;
        if (options.Decay) { SkillDecayWins = next; next += skills; SkillDecayFails = next; next += skills; }
        if (options.Spacing) { SkillGap = next; next += skills; SkillFirst = next; next += skills; }
        ItemAttempts = next++; ItemWins = next++; TotalAttempts = next++; TotalWins = next++;
        if (options.Recent) { RecentWins = next; next += Windows.Length; RecentFails = next; next += Windows.Length; }
        if (options.Patterns) { SkillPattern = next; next += PatternCount; TotalPattern = next; next += PatternCount; }
        if (options.Time) { TimeSincePrevious = next++; TimeSinceSkill = next++; }
        Dimension = next;
    }

    public KtFeatureOptions Options { get; }
    public int Items { get; }
    public int SkillCount { get; }
    public int Combos { get; }
    public int Dimension { get; }
    public int ItemOneHot { get; }
    public int ComboOneHot { get; }
    public int SkillOneHot { get; }
    public int SkillAttempts { get; }
    public int SkillWins { get; }
    public int SkillDecayWins { get; } = -1;
    public int SkillDecayFails { get; } = -1;
    public int SkillGap { get; } = -1;
    public int SkillFirst { get; } = -1;
    public int ItemAttempts { get; }
    public int ItemWins { get; }
    public int TotalAttempts { get; }
    public int TotalWins { get; }
    public int RecentWins { get; } = -1;
    public int RecentFails { get; } = -1;
    public int SkillPattern { get; } = -1;
    public int TotalPattern { get; } = -1;
    public int TimeSincePrevious { get; } = -1;
    public int TimeSinceSkill { get; } = -1;

    /// <summary>Upper bound of the non-zeros of one row for an item with <paramref name="skills"/> skills.</summary>
    public static int MaxNonZeros(int skills) => 2 + skills * 8 + 4 + 6 + 2 * PatternCount + 2;
}

/// <summary>What the model knows of one pupil: counts per skill and per item, totals and the last outcomes.</summary>
public sealed class PupilState
{
    internal struct SkillCounter
    {
        public int Attempts, Wins, LastIndex;
        public float DecayWins, DecayFails;
        public int Pattern, PatternLength; // last outcomes, most recent in bit 0
        public long LastTime;
    }

    internal struct ItemCounter
    {
        public int Attempts, Wins;
    }

    private readonly Dictionary<int, SkillCounter> skills = [];
    private readonly Dictionary<int, ItemCounter> items = [];

    public int Attempts { get; private set; }
    public int Wins { get; private set; }
    public long LastTime { get; private set; }

    /// <summary>Last 64 outcomes, most recent in bit 0.</summary>
    public ulong History { get; private set; }

    internal SkillCounter Skill(int skill) => skills.TryGetValue(skill, out var c) ? c : default;

    internal IEnumerable<KeyValuePair<int, SkillCounter>> SkillCounters => skills;

    /// <summary>Answers given in a skill, and the last up to 3 outcomes there (most recent in bit 0).</summary>
    public (int Attempts, int Wins, int Pattern, int PatternLength) SkillSummary(int skill)
    {
        var c = Skill(skill);
        return (c.Attempts, c.Wins, c.Pattern, c.PatternLength);
    }

    internal ItemCounter ItemCount(int item) => items.TryGetValue(item, out var c) ? c : default;

    /// <summary>Records one answer (after its prediction).</summary>
    internal void Update(int item, ReadOnlySpan<int> itemSkills, bool correct, long time, float decay)
    {
        foreach (var s in itemSkills)
        {
            ref var c = ref CollectionsMarshal.GetValueRefOrAddDefault(skills, s, out _);
            c.Attempts++;
            if (correct) c.Wins++;
            c.DecayWins = c.DecayWins * decay + (correct ? 1 : 0);
            c.DecayFails = c.DecayFails * decay + (correct ? 0 : 1);
            c.Pattern = ((c.Pattern << 1) | (correct ? 1 : 0)) & 7;
            c.PatternLength = Math.Min(3, c.PatternLength + 1);
            c.LastIndex = Attempts + 1;
            c.LastTime = time;
        }
        if (item >= 0)
        {
            ref var ic = ref CollectionsMarshal.GetValueRefOrAddDefault(items, item, out _);
            ic.Attempts++;
            if (correct) ic.Wins++;
        }
        Attempts++;
        if (correct) Wins++;
        History = (History << 1) | (correct ? 1UL : 0UL);
        LastTime = time;
    }
}

/// <summary>Writes the sparse features of "this pupil, this item, now" (before the answer is known).</summary>
internal static class KtEncoder
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Phi(int count) => MathF.Log(1 + count);

    private static int PatternIndex(int pattern, int length) => (1 << length) - 1 + (pattern & ((1 << length) - 1));

    /// <summary>Fills <paramref name="index"/>/<paramref name="value"/>; returns the number of non-zeros.</summary>
    public static int Encode(KtLayout layout, PupilState state, int item, int combo, ReadOnlySpan<int> skills, long time, Span<int> index, Span<float> value)
    {
        var o = layout.Options;
        var n = 0;
        void Put(int i, float v, Span<int> index, Span<float> value)
        {
            if (v == 0) return;
            index[n] = i; value[n] = v; n++;
        }
        if (o.Items && item >= 0 && item < layout.Items) Put(layout.ItemOneHot + item, 1, index, value);
        if (layout.Combos > 0 && combo >= 0 && combo < layout.Combos) Put(layout.ComboOneHot + combo, 1, index, value);
        var skillPatterns = o.Patterns ? stackalloc float[KtLayout.PatternCount] : default;
        var lastSkillTime = long.MinValue;
        foreach (var s in skills)
        {
            if (s < 0 || s >= layout.SkillCount) continue;
            var c = state.Skill(s);
            if (o.SkillOneHots) Put(layout.SkillOneHot + s, 1, index, value);
            if (o.SkillCounts)
            {
                Put(layout.SkillAttempts + s, Phi(c.Attempts), index, value);
                Put(layout.SkillWins + s, Phi(c.Wins), index, value);
            }
            if (o.Decay)
            {
                Put(layout.SkillDecayWins + s, c.DecayWins, index, value);
                Put(layout.SkillDecayFails + s, c.DecayFails, index, value);
            }
            if (o.Spacing)
            {
                if (c.Attempts == 0) Put(layout.SkillFirst + s, 1, index, value);
                else Put(layout.SkillGap + s, Phi(state.Attempts - c.LastIndex), index, value);
            }
            if (o.Patterns) skillPatterns[PatternIndex(c.Pattern, c.PatternLength)] += 1;
            if (c.Attempts > 0) lastSkillTime = Math.Max(lastSkillTime, c.LastTime);
        }
        if (o.ItemAndTotalCounts)
        {
            if (item >= 0)
            {
                var ic = state.ItemCount(item);
                Put(layout.ItemAttempts, Phi(ic.Attempts), index, value);
                Put(layout.ItemWins, Phi(ic.Wins), index, value);
            }
            Put(layout.TotalAttempts, Phi(state.Attempts), index, value);
            Put(layout.TotalWins, Phi(state.Wins), index, value);
        }
        if (o.Recent)
        {
            for (var w = 0; w < KtLayout.Windows.Length; w++)
            {
                var k = Math.Min(KtLayout.Windows[w], state.Attempts);
                var wins = System.Numerics.BitOperations.PopCount(state.History & ((1UL << k) - 1));
                Put(layout.RecentWins + w, Phi(wins), index, value);
                Put(layout.RecentFails + w, Phi(k - wins), index, value);
            }
        }
        if (o.Patterns)
        {
            for (var p = 0; p < KtLayout.PatternCount; p++) Put(layout.SkillPattern + p, skillPatterns[p], index, value);
            var len = Math.Min(3, state.Attempts);
            Put(layout.TotalPattern + PatternIndex((int)(state.History & 7), len), 1, index, value);
        }
        if (o.Time && state.Attempts > 0)
        {
            Put(layout.TimeSincePrevious, MathF.Log(1 + Math.Max(0, time - state.LastTime) / 3600f), index, value);
            if (lastSkillTime > long.MinValue) Put(layout.TimeSinceSkill, MathF.Log(1 + Math.Max(0, time - lastSkillTime) / 3600f), index, value);
        }
        return n;
    }
}
