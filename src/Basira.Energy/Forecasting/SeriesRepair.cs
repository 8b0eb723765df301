using System.Globalization;
using Basira.Governance;

namespace Basira.Energy.Forecasting;

/// <summary>Options of <see cref="SeriesRepair"/>.</summary>
public sealed record RepairOptions
{
    /// <summary>
    /// IANA time zone of timestamps written without an offset (e.g. <c>Africa/Casablanca</c>): they are converted to UTC,
    /// which removes the daylight-saving jumps (a repeated local hour becomes two UTC hours, a skipped one no gap).
    /// Null: timestamps without an offset are taken as they are (already regular hours, UTC or standard time).
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>Longest run of missing hours filled by linear interpolation; a longer gap is bad input.</summary>
    public int MaxGapHours { get; init; } = 6;

    /// <summary>Columns that may not be negative (a load): a negative value there is bad input.</summary>
    public IReadOnlyList<string> NonNegativeColumns { get; init; } = [];
}

/// <summary>One repair made to a series, with the file line it concerns.</summary>
/// <param name="Kind"><c>duplicate_dropped</c>, <c>duplicates_averaged</c>, <c>interpolated</c> or <c>local_time_to_utc</c>.</param>
/// <param name="Line">File line (for an interpolated run: the line after the gap).</param>
/// <param name="Field">Column, when the repair concerns one.</param>
/// <param name="Detail">What was done, in words.</param>
public sealed record RepairAction(string Kind, long Line, string? Field, string Detail);

/// <summary>What <see cref="SeriesRepair"/> did: rows read = hours out − hours added by interpolation + rows merged.</summary>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="Hours">Hourly rows after repair.</param>
/// <param name="DuplicatesDropped">Rows dropped because an earlier row had the same time and the same values.</param>
/// <param name="DuplicatesAveraged">Rows merged into an earlier row with the same time and other values (the mean is kept).</param>
/// <param name="HoursInserted">Missing hours inserted (their values interpolated).</param>
/// <param name="ValuesInterpolated">Cells filled by linear interpolation (inserted hours and empty cells).</param>
/// <param name="LocalTimesConverted">Timestamps converted from local time to UTC.</param>
/// <param name="Actions">Every repair, in file order (at most the first 200 are kept).</param>
public sealed record SeriesRepairReport(int RowsRead, int Hours, int DuplicatesDropped, int DuplicatesAveraged, int HoursInserted,
    int ValuesInterpolated, int LocalTimesConverted, IReadOnlyList<RepairAction> Actions)
{
    /// <summary>True when nothing was changed.</summary>
    public bool Clean => DuplicatesDropped + DuplicatesAveraged + HoursInserted + ValuesInterpolated + LocalTimesConverted == 0;

    /// <summary>One line for logs.</summary>
    public override string ToString() => Clean
        ? $"{RowsRead} rows, regular hourly series, nothing repaired"
        : $"{RowsRead} rows → {Hours} hours: {DuplicatesDropped} duplicate rows dropped, {DuplicatesAveraged} averaged, "
          + $"{HoursInserted} missing hours inserted, {ValuesInterpolated} values interpolated, {LocalTimesConverted} local times converted to UTC";
}

/// <summary>
/// Makes an hourly series regular, or says why it cannot, never silently:
/// <list type="number">
/// <item>With a time zone, local timestamps become UTC (<see cref="TimeZoneInfo"/>): a repeated local hour (clocks set
/// back) is read as the earlier then the later UTC hour; a local time that does not exist (clocks set forward) is bad
/// input. Timestamps written with an offset are UTC already.</item>
/// <item>A timestamp that is not on the hour, or earlier than the row before, is bad input (file, line, field).</item>
/// <item>Rows with the same time: a row equal to the earlier one is dropped; a row with other values is merged into it
/// by the mean (reported: it is often a repeated hour of a clock change read without its time zone).</item>
/// <item>The series is re-indexed hour by hour; a run of missing hours or empty cells of at most
/// <see cref="RepairOptions.MaxGapHours"/> is filled by linear interpolation; a longer run, or one at the start or end
/// of the file, is bad input.</item>
/// <item>A negative value in a <see cref="RepairOptions.NonNegativeColumns"/> column is bad input.</item>
/// </list>
/// Every repair is listed in the report with its line.
/// </summary>
public static class SeriesRepair
{
    private const int MaxActions = 200;

    public static (SeriesFrame Frame, SeriesRepairReport Report) Apply(SeriesFrame raw, RepairOptions? options = null)
    {
        options ??= new RepairOptions();
        var src = raw.Source;
        var n = raw.Rows;
        var cols = raw.Columns.Length;
        var actions = new List<RepairAction>();
        void Act(RepairAction a)
        {
            if (actions.Count < MaxActions) actions.Add(a);
        }

        // 1. local time → UTC
        var times = (DateTime[])raw.Times.Clone();
        var converted = 0;
        if (options.TimeZone is { } tzName)
        {
            TimeZoneInfo tz;
            try { tz = TimeZoneInfo.FindSystemTimeZoneById(tzName); }
            catch (TimeZoneNotFoundException) { throw new DataInputException(src, null, null, $"unknown time zone '{tzName}' (use an IANA name such as Africa/Casablanca)"); }
            DateTime? previousLocal = null;
            for (var i = 0; i < n; i++)
            {
                var t = raw.Times[i];
                if (t.Kind == DateTimeKind.Utc) { previousLocal = null; continue; }
                if (tz.IsInvalidTime(t))
                    throw new DataInputException(src, raw.LineOf(i), raw.Names.Length > 0 ? "time" : null,
                        $"{t:yyyy-MM-dd HH:mm} does not exist in {tzName} (clocks were set forward): drop the row or fix the time");
                TimeSpan offset;
                if (previousLocal == t && i > 0 && tz.GetUtcOffset(t.AddHours(-3)) != tz.GetUtcOffset(t.AddHours(3)))
                {
                    // a local hour written twice beside a clock change (clocks set back): the repeat is the next UTC
                    // hour. .NET does not flag every such hour as ambiguous (e.g. Morocco's negative daylight saving
                    // time around Ramadan), hence this rule before its own.
                    times[i] = times[i - 1].AddHours(1);
                    converted++;
                    continue;
                }
                if (tz.IsAmbiguousTime(t))
                {
                    // the first occurrence is the earlier instant (larger offset)
                    offset = tz.GetAmbiguousTimeOffsets(t).Max();
                }
                else offset = tz.GetUtcOffset(t);
                times[i] = DateTime.SpecifyKind(t - offset, DateTimeKind.Utc);
                if (offset != TimeSpan.Zero) converted++;
                previousLocal = t;
            }
            if (converted > 0)
                Act(new RepairAction("local_time_to_utc", raw.LineOf(0), null, $"{converted} timestamps converted from {tzName} to UTC"));
        }

        // 2. on the hour, in order
        for (var i = 0; i < n; i++)
        {
            var t = times[i];
            if (t.Minute != 0 || t.Second != 0 || t.Millisecond != 0)
                throw new DataInputException(src, raw.LineOf(i), "time", $"{raw.Times[i]:yyyy-MM-dd HH:mm:ss} is not on the hour: an hourly series is expected");
            if (i > 0 && t < times[i - 1])
                throw new DataInputException(src, raw.LineOf(i), "time",
                    $"{raw.Times[i]:yyyy-MM-dd HH:mm} is earlier than the row before ({raw.Times[i - 1]:yyyy-MM-dd HH:mm}): sort the rows by time"
                    + (options.TimeZone is null ? ", or give the time zone if this is a clock change" : ""));
        }

        // 3. duplicates
        var keptTimes = new List<DateTime>(n);
        var keptLines = new List<long>(n);
        var kept = Enumerable.Range(0, cols).Select(_ => new List<double>(n)).ToArray();
        int dropped = 0, averaged = 0;
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && times[j] == times[i]) j++;
            keptTimes.Add(times[i]);
            keptLines.Add(raw.LineOf(i));
            if (j == i + 1)
            {
                for (var c = 0; c < cols; c++) kept[c].Add(raw.Columns[c][i]);
            }
            else
            {
                var same = true;
                for (var k = i + 1; k < j && same; k++)
                    for (var c = 0; c < cols; c++)
                        if (!Same(raw.Columns[c][k], raw.Columns[c][i])) { same = false; break; }
                for (var c = 0; c < cols; c++)
                {
                    var values = Enumerable.Range(i, j - i).Select(k => raw.Columns[c][k]).Where(v => !double.IsNaN(v)).ToList();
                    kept[c].Add(values.Count > 0 ? values.Average() : double.NaN);
                }
                if (same)
                {
                    dropped += j - i - 1;
                    Act(new RepairAction("duplicate_dropped", raw.LineOf(i + 1), null,
                        $"{j - i - 1} row(s) repeat {raw.Times[i]:yyyy-MM-dd HH:mm} with the same values: dropped"));
                }
                else
                {
                    averaged += j - i - 1;
                    Act(new RepairAction("duplicates_averaged", raw.LineOf(i + 1), null,
                        $"{j - i} rows share {raw.Times[i]:yyyy-MM-dd HH:mm} with different values: their mean is kept"
                        + (options.TimeZone is null ? " (a repeated hour of a clock change? give the time zone)" : "")));
                }
            }
            i = j;
        }

        // 4. re-index hourly and interpolate short gaps
        var first = keptTimes[0];
        var hours = (int)Math.Round((keptTimes[^1] - first).TotalHours) + 1;
        var outTimes = new DateTime[hours];
        var outLines = new long[hours];
        var outCols = Enumerable.Range(0, cols).Select(_ => Enumerable.Repeat(double.NaN, hours).ToArray()).ToArray();
        for (var h = 0; h < hours; h++) outTimes[h] = first.AddHours(h);
        var inserted = 0;
        var prevIndex = -1;
        for (var k = 0; k < keptTimes.Count; k++)
        {
            var h = (int)Math.Round((keptTimes[k] - first).TotalHours);
            for (var m = prevIndex + 1; m < h; m++) { outLines[m] = keptLines[k]; inserted++; }
            outLines[h] = keptLines[k];
            for (var c = 0; c < cols; c++) outCols[c][h] = kept[c][k];
            prevIndex = h;
        }
        var interpolated = 0;
        for (var c = 0; c < cols; c++)
        {
            var col = outCols[c];
            for (var h = 0; h < hours;)
            {
                if (!double.IsNaN(col[h])) { h++; continue; }
                var end = h;
                while (end < hours && double.IsNaN(col[end])) end++;
                var run = end - h;
                if (h == 0 || end == hours)
                    throw new DataInputException(src, outLines[Math.Min(end, hours - 1)], raw.Names[c],
                        $"{run} missing hour(s) at the {(h == 0 ? "start" : "end")} of the series ({outTimes[h]:yyyy-MM-dd HH:mm}…): nothing to interpolate from; trim the file");
                if (run > options.MaxGapHours)
                    throw new DataInputException(src, outLines[end], raw.Names[c],
                        $"{run} missing hours from {outTimes[h]:yyyy-MM-dd HH:mm} to {outTimes[end - 1]:yyyy-MM-dd HH:mm}, more than the {options.MaxGapHours} that are interpolated");
                var a = col[h - 1];
                var b = col[end];
                for (var m = h; m < end; m++) col[m] = a + (b - a) * (m - h + 1) / (run + 1);
                interpolated += run;
                Act(new RepairAction("interpolated", outLines[end], raw.Names[c],
                    $"{run} hour(s) from {outTimes[h]:yyyy-MM-dd HH:mm} filled by linear interpolation"));
                h = end;
            }
        }

        // 5. impossible negatives
        foreach (var name in options.NonNegativeColumns)
        {
            var c = Array.FindIndex(raw.Names, x => string.Equals(x, name, StringComparison.OrdinalIgnoreCase));
            if (c < 0) continue;
            for (var h = 0; h < hours; h++)
                if (outCols[c][h] < 0)
                    throw new DataInputException(src, outLines[h], raw.Names[c],
                        $"negative value {outCols[c][h].ToString("G6", CultureInfo.InvariantCulture)} where a load cannot be negative"
                        + " (a file that stores consumption as negative numbers must be negated first)");
        }

        var report = new SeriesRepairReport(n, hours, dropped, averaged, inserted, interpolated, converted, actions);
        return (raw with { Times = outTimes, Columns = outCols, Lines = outLines }, report);
    }

    /// <summary>
    /// The LTSF backtest reads rows by index: the rows must already be regular hours (no duplicate, no gap, no empty
    /// cell); otherwise bad input naming the first offending line.
    /// </summary>
    public static void RequireRegular(SeriesFrame frame, IEnumerable<int> columns, int rows)
    {
        for (var i = 1; i < rows; i++)
        {
            var step = frame.Times[i] - frame.Times[i - 1];
            if (step != TimeSpan.FromHours(1))
                throw new DataInputException(frame.Source, frame.LineOf(i), "time",
                    step == TimeSpan.Zero ? $"duplicate timestamp {frame.Times[i]:yyyy-MM-dd HH:mm}: the backtest reads rows by index (pass --repair to merge duplicates and fill short gaps, reported)"
                    : $"{frame.Times[i]:yyyy-MM-dd HH:mm} follows {frame.Times[i - 1]:yyyy-MM-dd HH:mm}: the backtest reads rows by index and needs one row per hour (pass --repair)");
        }
        foreach (var c in columns)
            for (var i = 0; i < rows; i++)
                if (double.IsNaN(frame.Columns[c][i]))
                    throw new DataInputException(frame.Source, frame.LineOf(i), frame.Names[c], "missing value: the backtest reads rows by index (pass --repair to interpolate short gaps)");
    }

    private static bool Same(double a, double b) => a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b));
}
