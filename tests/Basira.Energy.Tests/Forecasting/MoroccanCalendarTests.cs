using Basira.Energy.Forecasting;

namespace Basira.Energy.Tests.Forecasting;

public sealed class MoroccanCalendarTests
{
    private readonly MoroccanCalendar _calendar = new();

    [Fact]
    public void Civil_holidays_are_on_their_fixed_dates_from_the_year_they_were_created()
    {
        Assert.Equal("Throne Day", _calendar.HolidayOn(new DateOnly(2024, 7, 30))!.Name);
        Assert.Equal(HolidayKind.Civil, _calendar.HolidayOn(new DateOnly(2025, 11, 18))!.Kind);
        Assert.True(_calendar.IsHoliday(new DateOnly(2024, 1, 14)));   // Yennayer, a holiday since 2024
        Assert.False(_calendar.IsHoliday(new DateOnly(2023, 1, 14)));
        Assert.False(_calendar.IsHoliday(new DateOnly(2024, 3, 5)));
        var civil = _calendar.Holidays(2025).Count(h => h.Kind == HolidayKind.Civil);
        Assert.Equal(10, civil);
    }

    [Theory]
    // Moroccan announcements (Ministry of Habous) vs the computed Umm al-Qura dates: within one day
    [InlineData(2023, 3, 23)]   // first day of Ramadan 1444
    [InlineData(2024, 3, 12)]   // 1445
    [InlineData(2025, 3, 2)]    // 1446
    public void Ramadan_starts_within_a_day_of_the_moroccan_date(int year, int month, int day)
    {
        var (first, last) = _calendar.Ramadan(year)!.Value;
        Assert.InRange(first.DayNumber - new DateOnly(year, month, day).DayNumber, -1, 1);
        Assert.InRange(last.DayNumber - first.DayNumber + 1, 29, 30);
        Assert.True(_calendar.IsRamadan(first.AddDays(10)));
        Assert.False(_calendar.IsRamadan(first.AddDays(-2)));
    }

    [Theory]
    [InlineData(2024, 4, 10, "Eid al-Fitr")]
    [InlineData(2024, 6, 17, "Eid al-Adha")]
    [InlineData(2025, 6, 7, "Eid al-Adha")]
    public void Religious_holidays_fall_within_a_day_of_the_moroccan_date(int year, int month, int day, string name)
    {
        var announced = new DateOnly(year, month, day);
        var days = _calendar.Holidays(year).Where(h => h.Name == name).Select(h => h.Date.DayNumber).ToList();
        Assert.Equal(2, days.Count); // two days off
        Assert.Contains(days, d => Math.Abs(d - announced.DayNumber) <= 1);
        Assert.All(_calendar.Holidays(year), h => Assert.DoesNotContain(" / " + h.Name.Split(" / ")[0], h.Name[1..]));
    }

    [Fact]
    public void An_offset_moves_every_hijri_date_and_no_civil_one()
    {
        var shifted = new MoroccanCalendar(hijriOffsetDays: 1);
        Assert.Equal(_calendar.Ramadan(2024)!.Value.First.AddDays(1), shifted.Ramadan(2024)!.Value.First);
        Assert.Equal("Throne Day", shifted.HolidayOn(new DateOnly(2024, 7, 30))!.Name);
    }
}
