using Basira.Energy.Forecasting;
using Basira.Governance;

namespace Basira.Energy.Tests.Forecasting;

/// <summary>Bad hourly input: each problem is a clear error naming file, line and field, or a reported repair.</summary>
public sealed class SeriesRepairTests
{
    private static SeriesFrame Read(string csv) => SeriesCsv.Read(new StringReader(csv), "load.csv");

    private static string Rows(params string[] rows) => "time,load,temp\n" + string.Join("\n", rows) + "\n";

    [Fact]
    public void A_short_gap_is_interpolated_and_reported_with_its_line()
    {
        var frame = Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 01:00,20,5", "2024-01-01 04:00,50,8", "2024-01-01 05:00,60,8"));
        var (fixedFrame, report) = SeriesRepair.Apply(frame);
        Assert.Equal(6, fixedFrame.Rows);
        Assert.Equal([10, 20, 30, 40, 50, 60], fixedFrame.Columns[0]);
        Assert.Equal([5, 5, 6, 7, 8, 8], fixedFrame.Columns[1]);
        Assert.Equal(2, report.HoursInserted);
        Assert.Equal(4, report.ValuesInterpolated); // two hours × two columns
        var action = Assert.Single(report.Actions, a => a.Field == "load");
        Assert.Equal("interpolated", action.Kind);
        Assert.Equal(4, action.Line); // the row after the gap
        Assert.False(report.Clean);
    }

    [Fact]
    public void A_long_gap_is_bad_input_naming_line_and_field()
    {
        var frame = Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 01:00,,5", "2024-01-01 02:00,,5", "2024-01-01 03:00,,5", "2024-01-01 04:00,14,5"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.Apply(frame, new RepairOptions { MaxGapHours = 2 }));
        Assert.Equal("load.csv", ex.File);
        Assert.Equal(6, ex.Line);
        Assert.Equal("load", ex.Field);
        Assert.Contains("3 missing hours", ex.Message);
        // within the limit the empty cells are filled
        var (ok, report) = SeriesRepair.Apply(frame, new RepairOptions { MaxGapHours = 3 });
        Assert.Equal([10, 11, 12, 13, 14], ok.Columns[0]);
        Assert.Equal(0, report.HoursInserted);
        Assert.Equal(3, report.ValuesInterpolated);
    }

    [Fact]
    public void A_gap_at_the_start_or_end_cannot_be_interpolated()
    {
        var frame = Read(Rows("2024-01-01 00:00,,5", "2024-01-01 01:00,11,5"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.Apply(frame));
        Assert.Equal("load", ex.Field);
        Assert.Contains("start", ex.Message);
    }

    [Fact]
    public void Duplicate_timestamps_are_dropped_when_equal_and_averaged_when_not_both_reported()
    {
        var frame = Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 00:00,10,5", "2024-01-01 01:00,20,5", "2024-01-01 01:00,30,7", "2024-01-01 02:00,40,5"));
        var (fixedFrame, report) = SeriesRepair.Apply(frame);
        Assert.Equal([10, 25, 40], fixedFrame.Columns[0]);
        Assert.Equal([5, 6, 5], fixedFrame.Columns[1]);
        Assert.Equal(1, report.DuplicatesDropped);
        Assert.Equal(1, report.DuplicatesAveraged);
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(3, report.Hours); // rows in = hours out + rows merged (5 = 3 + 2)
        Assert.Contains(report.Actions, a => a.Kind == "duplicate_dropped" && a.Line == 3);
        Assert.Contains(report.Actions, a => a.Kind == "duplicates_averaged" && a.Line == 5);
    }

    [Fact]
    public void Local_times_across_daylight_saving_changes_become_regular_utc_hours()
    {
        // Paris, autumn 2024: 02:00 local is written twice (clocks set back at 03:00 CEST); spring 2024: 02:00 does not exist
        var autumn = Read(Rows("2024-10-27 01:00,1,0", "2024-10-27 02:00,2,0", "2024-10-27 02:00,3,0", "2024-10-27 03:00,4,0"));
        var (a, ra) = SeriesRepair.Apply(autumn, new RepairOptions { TimeZone = "Europe/Paris" });
        Assert.Equal([1, 2, 3, 4], a.Columns[0]); // four distinct UTC hours, nothing merged
        Assert.Equal(new DateTime(2024, 10, 26, 23, 0, 0, DateTimeKind.Utc), a.Times[0]);
        Assert.Equal(new DateTime(2024, 10, 27, 2, 0, 0, DateTimeKind.Utc), a.Times[3]);
        Assert.Equal(0, ra.DuplicatesAveraged);

        var spring = Read(Rows("2024-03-31 01:00,1,0", "2024-03-31 03:00,2,0", "2024-03-31 04:00,3,0"));
        var (b, rb) = SeriesRepair.Apply(spring, new RepairOptions { TimeZone = "Europe/Paris" });
        Assert.Equal([1, 2, 3], b.Columns[0]); // no gap in UTC
        Assert.Equal(0, rb.HoursInserted);

        // the same autumn file read without its time zone: the repeated hour is merged, and the report says why
        var (c, rc) = SeriesRepair.Apply(autumn);
        Assert.Equal(3, c.Rows);
        Assert.Contains("clock change", Assert.Single(rc.Actions).Detail);

        var invalid = Read(Rows("2024-03-31 01:00,1,0", "2024-03-31 02:00,2,0"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.Apply(invalid, new RepairOptions { TimeZone = "Europe/Paris" }));
        Assert.Equal(3, ex.Line);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void A_negative_load_is_bad_input_where_loads_cannot_be_negative()
    {
        var frame = Read(Rows("2024-01-01 00:00,10,-5", "2024-01-01 01:00,-3,-6"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.Apply(frame, new RepairOptions { NonNegativeColumns = ["load"] }));
        Assert.Equal(3, ex.Line);
        Assert.Equal("load", ex.Field);
        // a temperature may be negative
        Assert.Throws<DataInputException>(() => SeriesRepair.Apply(frame, new RepairOptions { NonNegativeColumns = ["temp"] }));
        Assert.Equal(2, SeriesRepair.Apply(frame).Frame.Rows);
    }

    [Fact]
    public void Unsorted_rows_and_times_off_the_hour_are_bad_input()
    {
        var unsorted = Read(Rows("2024-01-01 02:00,10,5", "2024-01-01 01:00,20,5"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.Apply(unsorted));
        Assert.Equal(3, ex.Line);
        Assert.Contains("earlier than the row before", ex.Message);
        var quarter = Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 00:15,20,5"));
        Assert.Contains("not on the hour", Assert.Throws<DataInputException>(() => SeriesRepair.Apply(quarter)).Message);
    }

    [Fact]
    public void Non_numeric_cells_and_bad_timestamps_name_file_line_and_field()
    {
        var ex = Assert.Throws<DataInputException>(() => Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 01:00,1O,5")));
        Assert.Equal((3L, "load"), (ex.Line!.Value, ex.Field));
        Assert.Contains("'1O' is not a number", ex.Message);
        var comma = Assert.Throws<DataInputException>(() => Read("time;load\n2024-01-01 00:00;10,5\n"));
        Assert.Contains("decimal comma", comma.Message);
        var time = Assert.Throws<DataInputException>(() => Read(Rows("01/02/2024 00:00,10,5")));
        Assert.Equal("time", time.Field);
        var ragged = Assert.Throws<DataInputException>(() => Read(Rows("2024-01-01 00:00,10")));
        Assert.Equal(2, ragged.Line);
    }

    [Fact]
    public void The_backtest_refuses_irregular_rows_unless_repaired()
    {
        var frame = Read(Rows("2024-01-01 00:00,10,5", "2024-01-01 00:00,10,5", "2024-01-01 01:00,20,5"));
        var ex = Assert.Throws<DataInputException>(() => SeriesRepair.RequireRegular(frame, [0], frame.Rows));
        Assert.Equal(3, ex.Line);
        Assert.Contains("--repair", ex.Message);
    }
}
