using System.Globalization;
using System.Text.Json.Nodes;

namespace Basira.Energy.Forecasting;

/// <summary>The snake_case JSON documents of the forecasting results, the same for the CLI and the API.</summary>
public static class ForecastDocument
{
    private static string Iso(DateTime t) => t.ToString(t.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm'Z'" : "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>An operational forecast: hours with point, intervals and calendar; model; held-out error; repairs; stability.</summary>
    public static JsonObject Build(OperationalResult r)
    {
        var f = r.Forecast;
        var hours = new JsonArray();
        for (var j = 0; j < f.Point.Length; j++)
        {
            var hour = new JsonObject { ["time"] = Iso(f.Times[j]), ["forecast"] = f.Point[j] };
            foreach (var band in f.Intervals)
            {
                var pct = (int)Math.Round(band.Level * 100);
                hour[$"lower_{pct}"] = band.Lower[j];
                hour[$"upper_{pct}"] = band.Upper[j];
            }
            hour["holiday"] = r.Calendar[j].Holiday;
            hour["ramadan"] = r.Calendar[j].Ramadan;
            if (r.Stability is { } s)
            {
                hour["reserve_margin"] = Finite(s.Hours[j].Margin);
                hour["reserve_margin_at_upper"] = Finite(s.Hours[j].MarginAtUpper);
                hour["flag"] = s.Hours[j].Flag;
            }
            hours.Add(hour);
        }
        return new JsonObject
        {
            ["target"] = r.Target,
            ["origin"] = Iso(f.Times[0]),
            ["horizon"] = f.Point.Length,
            ["model"] = r.Model,
            ["history_hours"] = r.HistoryHours,
            ["validation"] = new JsonObject
            {
                ["mae"] = r.ValidationMae,
                ["rmse"] = r.ValidationRmse,
                ["windows"] = r.ValidationWindows,
                ["intervals"] = "split-conformal: per step, quantiles of the held-out residuals",
            },
            ["hours"] = hours,
            ["stability"] = r.Stability is null ? null : Stability(r.Stability),
            ["repair"] = Repair(r.Repair),
            ["calendar_note"] = "religious holidays and Ramadan computed with the Umm al-Qura calendar: ±1 day against the Moroccan announcement",
        };
    }

    /// <summary>The grid-stability view.</summary>
    public static JsonObject Stability(StabilityView s) => new()
    {
        ["available_capacity"] = s.Settings.AvailableCapacity,
        ["reserve_margin"] = s.Settings.ReserveMargin,
        ["level"] = s.Settings.Level,
        ["peak"] = Extreme(s.Peak),
        ["daily_peaks"] = new JsonArray([.. s.DailyPeaks.Select(p => (JsonNode)Extreme(p))]),
        ["max_ramp_up"] = Extreme(s.MaxRampUp),
        ["max_ramp_down"] = Extreme(s.MaxRampDown),
        ["short_hours"] = s.Hours.Count(h => h.Flag == "short"),
        ["at_risk_hours"] = s.Hours.Count(h => h.Flag == "at_risk"),
    };

    private static JsonObject Extreme(ForecastExtreme e) => new() { ["time"] = Iso(e.Time), ["value"] = e.Point, ["lower"] = e.Lower, ["upper"] = e.Upper };

    /// <summary>What the repair did, with every action's line.</summary>
    public static JsonObject Repair(SeriesRepairReport r) => new()
    {
        ["rows_read"] = r.RowsRead,
        ["hours"] = r.Hours,
        ["duplicates_dropped"] = r.DuplicatesDropped,
        ["duplicates_averaged"] = r.DuplicatesAveraged,
        ["hours_inserted"] = r.HoursInserted,
        ["values_interpolated"] = r.ValuesInterpolated,
        ["local_times_converted"] = r.LocalTimesConverted,
        ["actions"] = new JsonArray([.. r.Actions.Select(a => (JsonNode)new JsonObject
        {
            ["kind"] = a.Kind,
            ["line"] = a.Line,
            ["field"] = a.Field,
            ["detail"] = a.Detail,
        })]),
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
