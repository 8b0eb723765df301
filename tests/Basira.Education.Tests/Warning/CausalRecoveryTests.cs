using Basira.Analytics.Explanations;
using Basira.Analytics.Tabular;
using Basira.Education.Warning;
using Basira.Governance.Models;
using Basira.Synth;
using Basira.Synth.National;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Basira.Education.Tests.Warning;

/// <summary>
/// Issue 8, causes: on the national SYNTHETIC population, the drivers the trained model's exact explanations recover
/// rank as the causal model that generated the outcomes says (docs/education-synthetic.md), over every cause the model
/// can see. Causes built only from sex, milieu or region (girl, girl in secondary, rural girl at collège, rural, region)
/// are not model inputs (they are audited instead) and are left out of the comparison.
/// </summary>
public sealed class CausalRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basira-causes-").FullName;

    /// <summary>Each cause the model can see, the causal model's terms it is made of, and the model inputs that carry it.</summary>
    internal static readonly IReadOnlyList<(string Cause, string[] Terms, string[] Features)> Observable =
    [
        ("absence_rate", ["absence_rate"], ["absence_rate"]),
        ("low_marks", ["low_marks"], ["annual_average"]),
        ("social_support", ["social_support"], ["social_support"]),
        ("repetitions", ["repetitions"], ["repetitions"]),
        ("distance_unmitigated", ["distance_unmitigated"], ["distance_km", "school_transport", "boarding"]),
        ("grade", ["transition_grade", "cycle"], ["grade"]),
    ];

    [Fact]
    public void The_drivers_recovered_from_exact_explanations_rank_as_the_generating_causal_model()
    {
        // Last year trains, this year is explained: 60,000 pupils a year.
        var g = new NationalGenerator(new NationalOptions { Pupils = 60_000, Seed = 20240901, AbsenceEvents = false, Marks = false });
        var previous = new List<PupilRecord>();
        var current = new List<PupilRecord>();
        foreach (var b in g.Stream())
        {
            previous.AddRange(b.PreviousYear);
            current.AddRange(b.CurrentYear);
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = _dir,
            ["Basira:PseudonymKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var s = new ServiceCollection();
        Basira.Governance.GovernanceModule.AddGovernanceModule(s, config);
        s.AddEducationModule(config);
        using var sp = s.BuildServiceProvider();
        var svc = sp.GetRequiredService<NationalWarningService>();
        var options = new ScaleTrainOptions
        {
            Target = "dropped_out", Positive = "yes",
            HyperParameters = ScaleTrainOptions.NationalDefaults with { Iterations = 120, Threads = 1 }, // one thread: the same trees everywhere
        };
        svc.Train(previous.Select(p => Input(p)), "2023-2024 (SYNTHETIC)", "test", options);
        var model = TabularModel.Load(sp.GetRequiredService<ModelStore>().InUse(NationalWarningAlgorithm.Id)!.Path);

        var cohort = WarningCohort.Build(current.Select(p => Input(p)), keepCodes: false);
        var explainer = TabularExplainer.Create(model);
        var m = cohort.Features.Columns;
        var shap = new double[(long)cohort.Count * m];
        explainer.ExplainRows(cohort.Features, null, shap, new double[cohort.Count]);

        // Recovered: mean |Σ contributions of the cause's inputs|. True: mean |Σ the cause's centred terms| of the logit.
        var names = explainer.FeatureNames.ToList();
        var causeNames = DropoutCausalModel.CauseNames.ToList();
        var terms = current.Select(DropoutCausalModel.Contributions).ToList();
        var recovered = new double[Observable.Count];
        var truth = new double[Observable.Count];
        for (var c = 0; c < Observable.Count; c++)
        {
            var features = Observable[c].Features.Select(f => names.IndexOf(f)).ToArray();
            var parts = Observable[c].Terms.Select(t => causeNames.IndexOf(t)).ToArray();
            Assert.DoesNotContain(-1, features);
            Assert.DoesNotContain(-1, parts);
            var sums = terms.Select(t => parts.Sum(k => t[k])).ToArray();
            var mean = sums.Average();
            truth[c] = sums.Average(v => Math.Abs(v - mean));
            double acc = 0;
            for (var i = 0; i < cohort.Count; i++)
            {
                double v = 0;
                foreach (var f in features) v += shap[(long)i * m + f];
                acc += Math.Abs(v);
            }
            recovered[c] = acc / cohort.Count;
            output.WriteLine($"{Observable[c].Cause,-22} true {truth[c]:F4}  recovered {recovered[c]:F4}");
        }
        var rho = Spearman(truth, recovered);
        output.WriteLine($"Spearman rank correlation over {Observable.Count} causes: {rho:F3}");
        // Measured 0.771 (seed 20240901, 60,000 pupils): the order holds except in the middle, where social support is
        // under-recovered and repetitions over-recovered. Support goes to rural families, and being rural raises the risk
        // but is not an input, so part of support's protective effect is cancelled in what the model sees (omitted-variable
        // bias, the price of leaving protected attributes out of the inputs). Independent rankings give 0 on average.
        Assert.True(rho >= 0.7, $"Spearman {rho:F3}");
        // The strongest two causes are the strongest two recovered, in either order.
        static IEnumerable<int> Top(double[] v, int k) => v.Select((x, i) => (x, i)).OrderByDescending(t => t.x).Take(k).Select(t => t.i).Order();
        Assert.Equal(Top(truth, 2), Top(recovered, 2));
        // And every signed effect points the way the causal model says: more absence, lower marks, more repetitions raise
        // the risk; social support lowers it.
        double Corr(string feature) => Correlation(cohort, shap, m, names.IndexOf(feature));
        Assert.True(Corr("absence_rate") > 0.5);
        Assert.True(Corr("annual_average") < -0.5);
        Assert.True(Corr("repetitions") > 0.5);
        Assert.True(Corr("social_support") < -0.5);
    }

    private static WarningPupil Input(PupilRecord r) => new()
    {
        PupilCode = r.PupilCode, SchoolId = r.SchoolId, RegionCode = r.RegionCode, ProvinceCode = r.ProvinceCode, Sex = r.Sex == 'F' ? "F" : "M",
        Milieu = r.Milieu == Milieu.Rural ? "rural" : "urban", Grade = r.Grade, DistanceKm = r.DistanceKm, Repetitions = r.Repetitions,
        SchoolTransport = r.SchoolTransport, Boarding = r.Boarding, SocialSupport = r.SocialSupport, SchoolDays = r.SchoolDays,
        AbsenceDays = r.AbsenceDays, JustifiedAbsenceDays = r.JustifiedAbsenceDays, AnnualAverage = r.AnnualAverage, DroppedOut = r.DroppedOut,
    };

    /// <summary>Pearson correlation between an input's value and its contribution, over the explained rows.</summary>
    private static double Correlation(WarningCohort cohort, double[] shap, int m, int f)
    {
        var x = new double[cohort.Count];
        var y = new double[cohort.Count];
        for (var i = 0; i < cohort.Count; i++)
        {
            x[i] = cohort.Features.Data[(long)i * m + f];
            y[i] = shap[(long)i * m + f];
        }
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman's rank correlation (no ties expected among these continuous importances).</summary>
    internal static double Spearman(double[] a, double[] b)
    {
        static double[] Ranks(double[] v)
        {
            var r = new double[v.Length];
            var order = v.Select((x, i) => (x, i)).OrderBy(t => t.x).ToArray();
            for (var k = 0; k < order.Length; k++) r[order[k].i] = k + 1;
            return r;
        }
        var (ra, rb) = (Ranks(a), Ranks(b));
        var n = a.Length;
        var d2 = ra.Zip(rb).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        return 1 - 6 * d2 / (n * (n * (double)n - 1));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
