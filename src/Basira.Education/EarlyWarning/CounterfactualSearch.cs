using System.Globalization;
using Basira.Analytics.Tabular;
using Basira.Governance.Decisions;

namespace Basira.Education.EarlyWarning;

/// <summary>
/// A mutable, actionable input of the dropout model that support can move, in one direction only, on a grid.
/// </summary>
/// <param name="Feature">Model input moved.</param>
/// <param name="Direction">−1: only down (e.g. absences); +1: only up (e.g. the average mark).</param>
/// <param name="Step">Grid step.</param>
/// <param name="Bound">Value the lever cannot pass (0 absences, a mark of 20).</param>
/// <param name="Format">Invariant format of the value in the pupil table.</param>
/// <param name="Coupled">Input that moves with this one in proportion (absence rate = days / school days), or null.</param>
internal sealed record Lever(string Feature, int Direction, double Step, double Bound, string Format, string? Coupled = null);

/// <summary>
/// Notice field 12 for the dropout model: the nearest change of actionable inputs (absences down, average mark up; never
/// sex, milieu, region or any immutable input) that brings the probability below the threshold. Single levers are
/// scanned step by step and pairs on a grid; the change of smallest cost Σ |Δ| / spread (median absolute deviation of the
/// model's training rows) wins. Every candidate is scored by the production model itself, so the result is valid by
/// construction and stored with the probability that proves it (DESIGN: "validate every counterfactual by re-scoring").
/// </summary>
internal sealed class CounterfactualSearch
{
    /// <summary>The actionable inputs of the dropout model.</summary>
    internal static readonly IReadOnlyList<Lever> DropoutLevers =
    [
        new("absence_days", -1, 1, 0, "0", Coupled: "absence_rate"),
        new("grade_average", +1, 0.25, 20, "0.00"),
    ];

    private const int PairGrid = 16;

    private readonly TabularModel _model;
    private readonly Func<IReadOnlyDictionary<string, string?>, float[]> _encode;
    private readonly IReadOnlyList<Lever> _levers;
    private readonly Dictionary<string, double> _spread = new(StringComparer.Ordinal);

    internal CounterfactualSearch(TabularModel model, Func<IReadOnlyDictionary<string, string?>, float[]> encode, IReadOnlyList<Lever> levers)
    {
        _model = model;
        _encode = encode;
        _levers = [.. levers.Where(l => model.FeatureNames.Contains(l.Feature))];
        foreach (var l in _levers) _spread[l.Feature] = Spread(model, l.Feature, l.Step);
    }

    /// <summary>Pupils whose candidate rows are scored together in one call of the model (bounds memory, amortises the call).</summary>
    internal const int Batch = 128;

    /// <summary>Searches the nearest flip for a pupil whose probability is ≥ <paramref name="threshold"/>; null when no lever applies.</summary>
    internal Counterfactual? Find(IReadOnlyDictionary<string, string?> row, double threshold) => FindMany([row], threshold)[0];

    /// <summary><see cref="Find"/> for many pupils, scoring the candidates of <see cref="Batch"/> pupils per model call.</summary>
    internal IReadOnlyList<Counterfactual?> FindMany(IReadOnlyList<IReadOnlyDictionary<string, string?>> pupils, double threshold)
    {
        var result = new Counterfactual?[pupils.Count];
        for (var start = 0; start < pupils.Count; start += Batch)
        {
            var searches = pupils.Skip(start).Take(Batch).Select(Candidates).ToArray();
            var raw = _model.RawScores([.. searches.SelectMany(c => c.Rows).Select(r => _encode(r))]);
            var offset = 0;
            for (var k = 0; k < searches.Length; k++)
            {
                result[start + k] = Choose(pupils[start + k], searches[k], raw.AsSpan(offset, searches[k].Rows.Length), threshold);
                offset += searches[k].Rows.Length;
            }
        }
        return result;
    }

    private sealed record Search(Dictionary<string, string?>[] Rows, double[] Costs);

    /// <summary>Candidate rows of one pupil: each lever alone along its grid, and every pair of levers on a thinned grid.</summary>
    private Search Candidates(IReadOnlyDictionary<string, string?> row)
    {
        var current = _levers.Select(l => Value(row, l.Feature)).ToArray();
        var grids = _levers.Select((l, i) => Grid(l, current[i])).ToArray();
        var candidates = new List<(double[] Values, double Cost)>();
        for (var i = 0; i < _levers.Count; i++)
            foreach (var v in grids[i])
                candidates.Add((Set(current, i, v), Math.Abs(v - current[i]) / _spread[_levers[i].Feature]));
        for (var i = 0; i < _levers.Count; i++)
            for (var j = i + 1; j < _levers.Count; j++)
                foreach (var vi in Thin(grids[i]))
                    foreach (var vj in Thin(grids[j]))
                    {
                        var values = Set(Set(current, i, vi), j, vj);
                        candidates.Add((values, Math.Abs(vi - current[i]) / _spread[_levers[i].Feature] + Math.Abs(vj - current[j]) / _spread[_levers[j].Feature]));
                    }
        return new Search([.. candidates.Select(c => Apply(row, current, c.Values))], [.. candidates.Select(c => c.Cost)]);
    }

    /// <summary>The cheapest candidate under the threshold (scores = the model's margins of the candidate rows).</summary>
    private Counterfactual? Choose(IReadOnlyDictionary<string, string?> row, Search search, ReadOnlySpan<double> raw, double threshold)
    {
        if (search.Rows.Length == 0) return null;
        var best = -1;
        var lowest = double.PositiveInfinity;
        for (var k = 0; k < search.Rows.Length; k++)
        {
            var p = _model.Probability(raw[k]);
            lowest = Math.Min(lowest, p);
            if (p < threshold && (best < 0 || search.Costs[k] < search.Costs[best])) best = k;
        }
        if (best < 0) return new Counterfactual([], lowest, threshold, 0);
        var changes = new List<CounterfactualChange>();
        var chosen = search.Rows[best];
        foreach (var l in _levers)
        {
            foreach (var f in l.Coupled is null ? [l.Feature] : new[] { l.Feature, l.Coupled })
                if (!string.Equals(row.GetValueOrDefault(f), chosen.GetValueOrDefault(f), StringComparison.Ordinal))
                    changes.Add(new CounterfactualChange(f, row.GetValueOrDefault(f), chosen[f]!));
        }
        return new Counterfactual(changes, _model.Probability(raw[best]), threshold, Math.Round(search.Costs[best], 6));
    }

    private static double[] Set(double[] values, int i, double v)
    {
        var copy = (double[])values.Clone();
        copy[i] = v;
        return copy;
    }

    private static IEnumerable<double> Thin(IReadOnlyList<double> grid) =>
        grid.Count <= PairGrid ? grid : Enumerable.Range(1, PairGrid).Select(k => grid[(int)Math.Round(k * (grid.Count - 1) / (double)PairGrid)]).Distinct();

    /// <summary>Values the lever can take from <paramref name="current"/> to its bound (exclusive of the current value).</summary>
    internal static List<double> Grid(Lever l, double current)
    {
        var grid = new List<double>();
        if (double.IsNaN(current)) return grid;
        for (var k = 1; k < 10_000; k++)
        {
            var v = current + l.Direction * k * l.Step;
            if (l.Direction < 0 ? v < l.Bound - 1e-9 : v > l.Bound + 1e-9)
            {
                // the last grid step overshoots: end exactly on the bound when it lies ahead
                var last = grid.Count > 0 ? grid[^1] : current;
                if (l.Direction < 0 ? last > l.Bound : last < l.Bound) grid.Add(l.Bound);
                break;
            }
            grid.Add(Math.Round(v, 6));
        }
        return grid;
    }

    private Dictionary<string, string?> Apply(IReadOnlyDictionary<string, string?> row, double[] current, double[] values)
    {
        var copy = new Dictionary<string, string?>(row, StringComparer.Ordinal);
        for (var i = 0; i < _levers.Count; i++)
        {
            if (values[i] == current[i]) continue;
            var l = _levers[i];
            copy[l.Feature] = values[i].ToString(l.Format, CultureInfo.InvariantCulture);
            if (l.Coupled is { } coupled && Value(row, coupled) is var c && !double.IsNaN(c))
                copy[coupled] = (current[i] == 0 ? c : c * values[i] / current[i]).ToString("0.0000", CultureInfo.InvariantCulture);
        }
        return copy;
    }

    private static double Value(IReadOnlyDictionary<string, string?> row, string feature) =>
        row.GetValueOrDefault(feature) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    /// <summary>Median absolute deviation of a feature over the model's training rows (at least one grid step).</summary>
    private static double Spread(TabularModel model, string feature, double step)
    {
        var j = model.FeatureNames.ToList().IndexOf(feature);
        var values = model.TrainingFeatures.Select(r => (double)r[j]).Where(v => !double.IsNaN(v)).Order().ToArray();
        if (values.Length == 0) return step;
        var median = values[values.Length / 2];
        var deviations = values.Select(v => Math.Abs(v - median)).Order().ToArray();
        return Math.Max(step, deviations[deviations.Length / 2]);
    }
}
