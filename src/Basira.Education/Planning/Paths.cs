namespace Basira.Education.Planning;

/// <summary>
/// A quantity over time: its base-year value and target points, linear between points and held after the last one
/// (METHOD §3: x[t] = x[t0] + (x[T] − x[t0]) · (t − t0) / (T − t0)). Exact in decimal arithmetic.
/// </summary>
public sealed class ScalarPath
{
    private readonly (int Year, decimal Value)[] _points;

    /// <param name="points">Points in strictly increasing year order (at least one).</param>
    public ScalarPath(IEnumerable<(int Year, decimal Value)> points)
    {
        _points = [.. points];
        if (_points.Length == 0) throw new ArgumentException("a path needs at least one point", nameof(points));
        for (var i = 1; i < _points.Length; i++)
            if (_points[i].Year <= _points[i - 1].Year) throw new ArgumentException("path points must be in strictly increasing year order", nameof(points));
    }

    /// <summary>The same value every year.</summary>
    public static ScalarPath Constant(decimal value) => new([(0, value)]);

    public IReadOnlyList<(int Year, decimal Value)> Points => _points;

    /// <summary>The value in <paramref name="year"/>.</summary>
    public decimal At(int year)
    {
        if (year <= _points[0].Year) return _points[0].Value;
        for (var i = 1; i < _points.Length; i++)
        {
            var (y1, v1) = _points[i];
            if (year > y1) continue;
            var (y0, v0) = _points[i - 1];
            return year == y1 ? v1 : v0 + ((v1 - v0) * (year - y0) / (y1 - y0));
        }
        return _points[^1].Value;
    }

    /// <summary>The same path with a point at <paramref name="year"/> (its value there), so that a later change ramps from it.</summary>
    public ScalarPath Anchor(int year) => _points.Any(p => p.Year == year)
        ? this
        : new(_points.Where(p => p.Year < year).Append((year, At(year))).Concat(_points.Where(p => p.Year > year)));

    /// <summary>
    /// Applies <paramref name="change"/> to every point (<paramref name="fromYear"/> null: from the start), or to the
    /// points from <paramref name="fromYear"/> on, adding a point there: the path then moves linearly from the unchanged
    /// earlier points to the changed value at <paramref name="fromYear"/>.
    /// </summary>
    public ScalarPath Transform(Func<decimal, decimal> change, int? fromYear = null)
    {
        if (fromYear is not { } from) return new(_points.Select(p => (p.Year, change(p.Value))));
        var points = _points.Where(p => p.Year < from).ToList();
        points.Add((from, change(At(from))));
        points.AddRange(_points.Where(p => p.Year > from).Select(p => (p.Year, change(p.Value))));
        return new(points);
    }
}

/// <summary>Promotion and repetition rates per grade over time, with the same interpolation as <see cref="ScalarPath"/>.</summary>
public sealed class RatePath
{
    private readonly RatePoint[] _points;

    public RatePath(IEnumerable<RatePoint> points)
    {
        _points = [.. points];
        if (_points.Length == 0) throw new ArgumentException("a rate path needs at least one point", nameof(points));
        var grades = _points[0].Promotion.Count;
        for (var i = 0; i < _points.Length; i++)
        {
            if (_points[i].Promotion.Count != grades || _points[i].Repetition.Count != grades)
                throw new ArgumentException("every rate point must have one rate per grade", nameof(points));
            if (i > 0 && _points[i].Year <= _points[i - 1].Year)
                throw new ArgumentException("rate points must be in strictly increasing year order", nameof(points));
        }
    }

    /// <summary>The same rates every year.</summary>
    public static RatePath Constant(IReadOnlyList<decimal> promotion, IReadOnlyList<decimal> repetition) =>
        new([new RatePoint(0, promotion, repetition)]);

    public IReadOnlyList<RatePoint> Points => _points;

    /// <summary>The rates of <paramref name="year"/> (applied to the flow from that year to the next).</summary>
    public RatePoint At(int year)
    {
        if (year <= _points[0].Year) return _points[0] with { Year = year };
        for (var i = 1; i < _points.Length; i++)
        {
            var b = _points[i];
            if (year > b.Year) continue;
            if (year == b.Year) return b;
            var a = _points[i - 1];
            decimal Lerp(decimal v0, decimal v1) => v0 + ((v1 - v0) * (year - a.Year) / (b.Year - a.Year));
            return new RatePoint(year,
                [.. a.Promotion.Zip(b.Promotion, Lerp)],
                [.. a.Repetition.Zip(b.Repetition, Lerp)]);
        }
        return _points[^1] with { Year = year };
    }

    /// <summary>The same path with a point at <paramref name="year"/> (its rates there).</summary>
    public RatePath Anchor(int year) => _points.Any(p => p.Year == year)
        ? this
        : new(_points.Where(p => p.Year < year).Append(At(year)).Concat(_points.Where(p => p.Year > year)));

    /// <summary>Same rule as <see cref="ScalarPath.Transform"/>.</summary>
    public RatePath Transform(Func<RatePoint, RatePoint> change, int? fromYear = null)
    {
        if (fromYear is not { } from) return new(_points.Select(p => change(p) with { Year = p.Year }));
        var points = _points.Where(p => p.Year < from).ToList();
        points.Add(change(At(from)) with { Year = from });
        points.AddRange(_points.Where(p => p.Year > from).Select(p => change(p) with { Year = p.Year }));
        return new(points);
    }
}

/// <summary>Promotion and repetition rates per grade for one year; dropout = 1 − promotion − repetition.</summary>
public sealed record RatePoint(int Year, IReadOnlyList<decimal> Promotion, IReadOnlyList<decimal> Repetition)
{
    public decimal Dropout(int grade) => 1m - Promotion[grade] - Repetition[grade];
}
