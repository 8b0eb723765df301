using Basira.Governance;
using Basira.Governance.Access;
using Basira.Jobs.Market;
using Basira.Jobs.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Jobs.Tests;

/// <summary>The governance kernel and the jobs module over one store (an SQLite file in a temp folder, or PostgreSQL).</summary>
public sealed class JobsHost : IDisposable
{
    public string Dir { get; }
    public ServiceProvider Services { get; }
    private readonly bool _ownsDir;

    /// <param name="dir">An existing data folder (a restart of the platform on the same store); a new temp folder when null.</param>
    public JobsHost(string? connectionString = null, string? dir = null)
    {
        _ownsDir = dir is null;
        Dir = dir ?? Directory.CreateTempSubdirectory("basira-jobs-").FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Basira:DataDir"] = Dir,
            ["Basira:PseudonymKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["ConnectionStrings:Basira"] = connectionString,
        }).Build();
        var s = new ServiceCollection();
        s.AddGovernanceModule(config);
        s.AddSingleton(EscoSubset.Graph); // the 26 common occupations: a dense synthetic market in a small test
        s.AddJobsModule(config);
        Services = s.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public MarketState Market => Get<MarketState>();

    public static Principal Citizen(string subject) => new("u-cit", "seeker", Roles.Citizen, ScopeKinds.Self, null, subject);
    public static Principal Counsellor(string agency) => new("u-co", "counsellor-" + agency, Roles.Counsellor, ScopeKinds.Agency, agency, null);
    public static Principal Employer(string employer) => new("u-emp", "employer-" + employer, Roles.Employer, "employer", employer, null);
    public static readonly Principal Admin = new("u-admin", "admin", Roles.Admin, ScopeKinds.National, null, null);
    public static readonly Principal Analyst = new("u-an", "analyst", Roles.Analyst, ScopeKinds.National, null, null);

    /// <summary>Loads SYNTHETIC seekers and offers straight into the live market.</summary>
    public (IReadOnlyList<SeekerProfile> Seekers, IReadOnlyList<OfferProfile> Offers) Seed(int seekers = 1500, int offers = 60, int seed = 21)
    {
        var synth = new SyntheticMarket(Market.Graph, Market.Geography);
        var s = synth.Seekers(seekers, seed).ToList();
        var o = synth.Offers(offers, seed, employers: 20).ToList();
        Market.Load(s, o);
        return (s, o);
    }

    public void Dispose()
    {
        Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDir)
            try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
