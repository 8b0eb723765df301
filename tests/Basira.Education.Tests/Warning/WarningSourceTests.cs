using Basira.Education.National;
using Basira.Education.Tests.National;
using Basira.Education.Warning;
using Basira.Governance.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Education.Tests.Warning;

/// <summary>The early warning reads a school year back from the national analytics store: pseudonyms, outcomes, absence codes.</summary>
public sealed class WarningSourceTests : NationalTestBase
{
    protected override string? ConnectionString => null;

    [Fact]
    public void A_loaded_year_is_read_as_a_cohort_with_its_outcomes_and_absence_days_per_code()
    {
        LoadSmall();
        var source = Services.GetRequiredService<WarningSource>();
        Assert.Equal([2023, 2024], source.Years());
        var cohort = source.Read(2024, keepCodes: true);
        Assert.Equal(6, cohort.Count);
        Assert.Equal(["S-AZI-1", "S-CAS-1"], cohort.Schools.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.True(cohort.OutcomesKnown);
        Assert.Equal(2, cohort.Labels().Count(y => y)); // J130000001 and K140000003 dropped out

        // The pseudonyms are the stores' own: the same keyed pseudonymiser, never the source identifiers.
        var pseudonymiser = Services.GetRequiredService<Pseudonymiser>();
        var expected = new[] { "J130000001", "J130000002", "J130000003", "K140000001", "K140000002", "K140000003" }
            .Select(id => pseudonymiser.Pseudonymise(NationalAnalyticsStore.PupilDomain, id)).Order(StringComparer.Ordinal);
        var subjects = Enumerable.Range(0, cohort.Count).Select(i => cohort.SubjectOf(i, _ => throw new InvalidOperationException("already pseudonymised"))).ToList();
        Assert.Equal(expected, subjects.Order(StringComparer.Ordinal));

        // Absence days come from the events (the imported rows carry no totals): 2 MAL, 1 TRV, 1 NJ in Azilal; 1 NJ in Casablanca.
        var azi = cohort.Schools.ToList().FindIndex(s => s.Id == "S-AZI-1");
        Assert.Equal([2L, 0, 0, 1, 1], cohort.SchoolCodeDays(azi).ToArray());
        Assert.Equal([2L, 0, 0, 0, 0], cohort.GroupCodeDays(WarningCohort.Girl, WarningCohort.Rural).ToArray());
        var days = Weekdays(2024).Count();
        var rates = Enumerable.Range(0, cohort.Count).Select(i => cohort.Features.Row(i)[WarningFeatures.Names.ToList().IndexOf("absence_rate")]).ToList();
        Assert.Contains((float)(2.0 / days), rates);
        Assert.Equal(2, rates.Count(r => r == 0f));
    }
}
