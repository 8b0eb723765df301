using System.Collections.Concurrent;
using Basira.Governance;
using Microsoft.Extensions.Options;

namespace Basira.Energy.Forecasting;

/// <summary>
/// Configuration of the forecast the pages and <c>GET /api/energy/forecast</c> show (section
/// <c>Basira:Energy:Forecast</c>). Without <see cref="LoadFile"/> they show a <b>synthetic</b> demonstration series
/// (<see cref="DemoLoad"/>), and say so.
/// </summary>
public sealed class ForecastSettings
{
    /// <summary>Hourly load file (CSV), e.g. the operator's metering export; null = the synthetic demonstration series.</summary>
    public string? LoadFile { get; set; }

    /// <summary>Load column of <see cref="LoadFile"/>.</summary>
    public string Target { get; set; } = "load_mw";

    /// <summary>Temperature column, whose rows after the last load carry the forecast; null = none.</summary>
    public string? Temperature { get; set; }

    /// <summary>IANA time zone of timestamps written without an offset.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Capacity available at the peak (MW) for the stability view: 8,300 MW were available at the evening
    /// peak of 11 August 2023 (MTEDD, FIGURES.md).</summary>
    public double Capacity { get; set; } = 8300;

    /// <summary>Required reserve margin above the load.</summary>
    public double ReserveMargin { get; set; } = 0.15;
}

/// <summary>
/// The configured forecast, fitted once per horizon and kept (the series only changes when the file does, which a
/// restart picks up); the stability view is recomputed per request for the capacity and margin asked.
/// </summary>
public sealed class ForecastService(IOptions<ForecastSettings> options)
{
    /// <summary>Horizons offered: day ahead and week ahead.</summary>
    public static readonly int[] Horizons = [24, 168];

    /// <summary>The demonstration series: 120 days from 1 April 2024, forecast from 30 July (Throne Day).</summary>
    public static readonly DateTime DemoStart = new(2024, 4, 1);

    public const int DemoHours = 24 * 120;

    private readonly ConcurrentDictionary<int, Lazy<OperationalResult>> _cache = new();

    public ForecastSettings Settings { get; } = options.Value;

    /// <summary>True when the series is the synthetic demonstration.</summary>
    public bool Synthetic => Settings.LoadFile is null;

    /// <summary>Forecast of the configured series for <paramref name="horizon"/> hours (24 or 168), with the stability view.</summary>
    public OperationalResult Forecast(int horizon, double? capacity = null, double? reserveMargin = null)
    {
        if (!Horizons.Contains(horizon)) throw new DataInputException(null, null, "horizon", $"horizon {horizon}: 24 (day ahead) or 168 (week ahead)");
        var cap = capacity ?? Settings.Capacity;
        var margin = reserveMargin ?? Settings.ReserveMargin;
        if (!(cap > 0)) throw new DataInputException(null, null, "capacity", "the capacity must be positive");
        if (!(margin >= 0 && margin < 10)) throw new DataInputException(null, null, "reserve_margin", "the reserve margin is a share of the load, e.g. 0.15");
        var result = _cache.GetOrAdd(horizon, h => new Lazy<OperationalResult>(() => Fit(h))).Value;
        return result with { Stability = GridStability.Analyse(result.Forecast, new StabilitySettings(cap, margin)) };
    }

    private OperationalResult Fit(int horizon)
    {
        var frame = Settings.LoadFile is { } file
            ? SeriesCsv.Read(file)
            : SeriesCsv.Read(new StringReader(DemoLoad.Csv(DemoStart, DemoHours, futureHours: 24 * 7)), "synthetic-demo.csv");
        return OperationalForecast.Run(frame, new OperationalOptions
        {
            Target = Settings.LoadFile is null ? "load_mw" : Settings.Target,
            Temperature = Settings.LoadFile is null ? "temperature_c" : Settings.Temperature,
            Horizon = horizon,
            Repair = new RepairOptions { TimeZone = Settings.TimeZone },
            Lookbacks = [24, 168],
        });
    }
}
