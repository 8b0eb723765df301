namespace Basira.Energy.Forecasting;

/// <summary>
/// A synthetic hourly load and temperature for demonstrations and tests — <b>not</b> Moroccan data (no open hourly
/// national load was available to the project). Shape: an evening peak near 21:00 (the 2021 record was at 21:45),
/// lower Sundays and public holidays, cooling load above 22 °C in summer, a later and flatter evening during Ramadan,
/// and noise; scaled so that its summer peaks sit near the 7.3 GW record of 2023 (FIGURES.md). Deterministic for a seed.
/// </summary>
public static class DemoLoad
{
    /// <summary>Hourly (time, load MW, temperature °C) from <paramref name="start"/> for <paramref name="hours"/> hours.</summary>
    public static (DateTime[] Times, double[] LoadMw, double[] TemperatureC) Generate(DateTime start, int hours, int seed = 7)
    {
        var calendar = new MoroccanCalendar();
        var rng = new Random(seed);
        var times = new DateTime[hours];
        var load = new double[hours];
        var temp = new double[hours];
        double noise = 0, weather = 0;
        for (var i = 0; i < hours; i++)
        {
            var t = start.AddHours(i);
            times[i] = t;
            var day = DateOnly.FromDateTime(t);
            // temperature: seasonal (peak early August), daily (peak 15:00), slow weather swings
            weather = 0.97 * weather + 0.5 * Normal(rng);
            var seasonal = 19 + 8 * Math.Cos(2 * Math.PI * (t.DayOfYear - 215) / 365.25);
            temp[i] = seasonal + 5 * Math.Cos(2 * Math.PI * (t.Hour - 15) / 24) + weather;
            var ramadan = calendar.IsRamadan(day);
            var eveningHour = ramadan ? 22.5 : 21;
            var evening = Math.Exp(-Math.Pow(Hours(t.Hour, eveningHour), 2) / (ramadan ? 6 : 4));
            var morning = Math.Exp(-Math.Pow(Hours(t.Hour, 11), 2) / 10);
            var night = t.Hour is >= 1 and <= 6 ? -0.18 : 0;
            var shape = 1 + 0.28 * evening + 0.12 * morning + night;
            var week = t.DayOfWeek switch { DayOfWeek.Sunday => 0.88, DayOfWeek.Saturday => 0.95, _ => 1.0 };
            var holiday = calendar.IsHoliday(day) ? 0.85 : 1.0;
            var cooling = 0.025 * Math.Max(temp[i] - 22, 0);
            noise = 0.8 * noise + 0.012 * Normal(rng);
            load[i] = 5200 * shape * week * holiday * (1 + cooling) * (1 + noise);
        }
        return (times, load, temp);
    }

    private static double Hours(int hour, double centre)
    {
        var d = Math.Abs(hour - centre);
        return Math.Min(d, 24 - d);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The demo series as CSV (<c>time,load_mw,temperature_c</c>), the last <paramref name="futureHours"/>
    /// rows with an empty load (their temperature is the forecast the forecaster reads).</summary>
    public static string Csv(DateTime start, int hours, int futureHours = 0, int seed = 7)
    {
        var (times, loadMw, temperature) = Generate(start, hours + futureHours, seed);
        var sb = new System.Text.StringBuilder("time,load_mw,temperature_c\n");
        for (var i = 0; i < times.Length; i++)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{times[i]:yyyy-MM-dd HH:mm},{(i < hours ? loadMw[i].ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "")},{temperature[i]:F1}\n");
        return sb.ToString();
    }
}
