using System.Text.Json;
using System.Text.Json.Serialization;

namespace Basira.Server.Components.Viz;

/// <summary>
/// What a chart or map draws: data and texts only (already in the page's language), serialised in snake_case into the
/// <c>data-viz-spec</c> attribute that <c>wwwroot/js/basira-viz.js</c> reads. See docs/charts-and-maps.md.
/// </summary>
public abstract record VizSpec(string Title)
{
    /// <summary>The drawing: interval, line, bar or choropleth.</summary>
    [JsonIgnore] public abstract string Kind { get; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The spec as the JSON the script reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);
}

/// <summary>One measure per category with its interval (e.g. a group's selection rate and its Wilson interval); null = undefined.</summary>
public sealed record IntervalSeries(string Name, IReadOnlyList<double?> Values, IReadOnlyList<double?> Lower, IReadOnlyList<double?> Upper);

/// <summary>Points with interval bars, one mark per category and series.</summary>
public sealed record IntervalChartSpec(string Title, IReadOnlyList<string> Categories, IReadOnlyList<IntervalSeries> Series,
    string? XLabel = null, string? YLabel = null, bool Percent = true, double? YMin = 0, double? YMax = 1) : VizSpec(Title)
{
    public override string Kind => "interval";
}

/// <summary>A curve as [x, y] points.</summary>
public sealed record CurveLine(string Name, IReadOnlyList<double[]> Points, bool Dashed = false, bool Symbols = false);

/// <summary>Curves on a value × value plane (ROC, reliability diagram).</summary>
public sealed record CurveChartSpec(string Title, IReadOnlyList<CurveLine> Lines, string? XLabel = null, string? YLabel = null,
    bool Percent = false, double? YMin = 0, double? YMax = 1) : VizSpec(Title)
{
    public override string Kind => "line";
}

/// <summary>One bar per category.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>Bars per category (counts or rates per area, per period …).</summary>
public sealed record BarChartSpec(string Title, IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series,
    string? XLabel = null, string? YLabel = null, bool Percent = false, double? YMin = null, double? YMax = null) : VizSpec(Title)
{
    public override string Kind => "bar";
}

/// <summary>One area of a map: its code (ISO 3166-2:MA), name in the page's language, value (null = no data) and drill-down link.</summary>
public sealed record MapArea(string Id, string Name, double? Value, string? Href = null);

/// <summary>A choropleth of Morocco's regions, or of the provinces of one region.</summary>
public sealed record ChoroplethSpec(string Title, string Layer, string? FilterRegion, IReadOnlyList<MapArea> Areas, string ValueLabel,
    string NoData, bool Percent = false) : VizSpec(Title)
{
    public override string Kind => "choropleth";
}
