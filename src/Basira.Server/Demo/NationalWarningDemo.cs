using Basira.Education.Warning;

namespace Basira.Server.Demo;

/// <summary>
/// The national early warning on the demo's SYNTHETIC national population: trained on its last year, run on its current
/// year (decisions, fairness audit, causes), so the early-warning pages have something to show on a fresh demo.
/// </summary>
public static class NationalWarningDemo
{
    /// <summary>Trains and runs; returns the run and the school with the most pupils proposed (null when no national data).</summary>
    public static (WarningRunReport Run, string School)? Run(IServiceProvider sp, Action<string> log)
    {
        var source = sp.GetRequiredService<WarningSource>();
        if (!source.HasData) return null;
        var years = source.Years();
        if (years.Count < 2) return null;
        var svc = sp.GetRequiredService<NationalWarningService>();
        log("demo: national early warning — training on last year's pupils");
        svc.Train(source.Read(years[^2], keepCodes: false), $"{years[^2]}-{years[^2] + 1} (SYNTHETIC)", "demo", log: log);
        var run = svc.Run(source.Read(years[^1], keepCodes: true), "demo", new WarningRunOptions { Cohort = $"{years[^1]}-{years[^1] + 1} (SYNTHETIC)" }, log);
        var school = sp.GetRequiredService<WarningStore>().ProposedBySchool(run.RunId).FirstOrDefault().School;
        return school is null ? null : (run, school);
    }
}
