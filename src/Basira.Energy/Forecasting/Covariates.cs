namespace Basira.Energy.Forecasting;

/// <summary>
/// Inputs known for the forecast period itself (calendar, a temperature forecast), added to the features of a window.
/// The k-th group of inputs describes the k-th calendar day touched by the horizon, counted from the day of the first
/// forecast hour; with weights per hour of day, every step keeps the same position relative to those days.
/// </summary>
public interface IWindowCovariates
{
    /// <summary>Number of inputs.</summary>
    int Dimension { get; }

    /// <summary>Fills the inputs of the window whose first forecast hour is <paramref name="firstForecastHour"/>.</summary>
    void Fill(DateTime firstForecastHour, Span<double> x);
}

/// <summary>
/// Moroccan calendar inputs: for each calendar day touched by the horizon, 1 when it is a public holiday and 1 when it
/// is in Ramadan (computed dates, ±1 day, see <see cref="MoroccanCalendar"/>).
/// </summary>
public sealed class CalendarCovariates(MoroccanCalendar calendar, int horizon) : IWindowCovariates
{
    /// <summary>Calendar days a horizon of <paramref name="horizon"/> hours can touch.</summary>
    public static int Days(int horizon) => (horizon + 22) / 24 + 1;

    public int Dimension => 2 * Days(horizon);

    public void Fill(DateTime firstForecastHour, Span<double> x)
    {
        var day = DateOnly.FromDateTime(firstForecastHour);
        var days = Days(horizon);
        for (var k = 0; k < days; k++)
        {
            var d = day.AddDays(k);
            x[k] = calendar.IsHoliday(d) ? 1 : 0;
            x[days + k] = calendar.IsRamadan(d) ? 1 : 0;
        }
    }
}

/// <summary>
/// Temperature inputs (a forecast, or the observed temperature standing in for a perfect forecast): for each calendar
/// day touched by the horizon, the mean cooling and heating degrees of its hours, max(T − 22 °C, 0) and
/// max(15 °C − T, 0), scaled by 1/10. The temperature of every hour of those days must be known.
/// </summary>
public sealed class TemperatureCovariates : IWindowCovariates
{
    /// <summary>Comfort band: cooling above, heating below (°C).</summary>
    public const double CoolingBase = 22, HeatingBase = 15;

    private readonly DateTime _first;
    private readonly double[] _temperature;
    private readonly int _horizon;

    /// <param name="first">Hour of <paramref name="temperature"/>[0].</param>
    /// <param name="temperature">Hourly temperature (°C), covering the history and the forecast period.</param>
    /// <param name="horizon">Hours forecast.</param>
    public TemperatureCovariates(DateTime first, double[] temperature, int horizon)
    {
        _first = first;
        _temperature = temperature;
        _horizon = horizon;
    }

    public int Dimension => 2 * CalendarCovariates.Days(_horizon);

    /// <summary>Hour after the last known temperature.</summary>
    public DateTime End => _first.AddHours(_temperature.Length);

    public void Fill(DateTime firstForecastHour, Span<double> x)
    {
        var days = CalendarCovariates.Days(_horizon);
        var day0 = firstForecastHour.Date;
        for (var k = 0; k < days; k++)
        {
            double cool = 0, heat = 0;
            var n = 0;
            for (var h = 0; h < 24; h++)
            {
                var i = (int)Math.Round((day0.AddDays(k).AddHours(h) - _first).TotalHours);
                if (i < 0 || i >= _temperature.Length || double.IsNaN(_temperature[i])) continue;
                cool += Math.Max(_temperature[i] - CoolingBase, 0);
                heat += Math.Max(HeatingBase - _temperature[i], 0);
                n++;
            }
            x[k] = n > 0 ? cool / n / 10 : 0;
            x[days + k] = n > 0 ? heat / n / 10 : 0;
        }
    }
}

/// <summary>Several covariate sets side by side.</summary>
public sealed class CombinedCovariates(params IWindowCovariates[] parts) : IWindowCovariates
{
    public int Dimension => parts.Sum(p => p.Dimension);

    public void Fill(DateTime firstForecastHour, Span<double> x)
    {
        var k = 0;
        foreach (var p in parts)
        {
            p.Fill(firstForecastHour, x.Slice(k, p.Dimension));
            k += p.Dimension;
        }
    }
}
