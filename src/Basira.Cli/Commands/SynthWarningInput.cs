using Basira.Education.Warning;
using Basira.Synth;
using Basira.Synth.National;

namespace Basira.Cli.Commands;

/// <summary>
/// The synthetic national population as the early warning reads it: one pass over the generator fills last year's
/// cohort (outcomes known, to train on) and this year's (to score; the synthetic population knows its outcome too, so a
/// run can be measured), with each pupil's absence days per justification code counted from the year's absence events.
/// </summary>
internal static class SynthWarningInput
{
    /// <summary>A pupil-year of the generator as a school-system extract row.</summary>
    public static WarningPupil From(PupilRecord r, int[]? codes) => new()
    {
        PupilCode = r.PupilCode,
        SchoolId = r.SchoolId,
        RegionCode = r.RegionCode,
        ProvinceCode = r.ProvinceCode,
        Sex = r.Sex == 'F' ? "F" : "M",
        Milieu = r.Milieu == Milieu.Rural ? "rural" : "urban",
        Grade = r.Grade,
        DistanceKm = r.DistanceKm,
        Repetitions = r.Repetitions,
        SchoolTransport = r.SchoolTransport,
        Boarding = r.Boarding,
        SocialSupport = r.SocialSupport,
        SchoolDays = r.SchoolDays,
        AbsenceDays = r.AbsenceDays,
        JustifiedAbsenceDays = r.JustifiedAbsenceDays,
        AnnualAverage = r.AnnualAverage,
        DroppedOut = r.DroppedOut,
        AbsenceDaysByCode = codes,
    };

    /// <summary>Reads both years of <paramref name="generator"/> in one pass (previous year only when <paramref name="previous"/> is given).</summary>
    public static void Read(NationalGenerator generator, WarningCohort? previous, WarningCohort current, CancellationToken ct = default)
    {
        var year = generator.Options.SchoolYear;
        foreach (var batch in generator.Stream(ct))
        {
            if (previous is not null)
                foreach (var p in batch.PreviousYear) previous.Add(From(p, null));
            var codes = new Dictionary<long, int[]>();
            foreach (var a in batch.Absences)
            {
                if (a.Date < new DateOnly(year, 8, 1)) continue; // year t−1 events, when the options ask for them
                if (!codes.TryGetValue(a.PupilId, out var c)) codes[a.PupilId] = c = new int[5];
                c[(int)a.Reason]++;
            }
            foreach (var p in batch.CurrentYear) current.Add(From(p, codes.GetValueOrDefault(p.PupilId) ?? new int[5]));
        }
        previous?.Complete();
        current.Complete();
    }
}
