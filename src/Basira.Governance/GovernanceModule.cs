using Basira.Governance.Access;
using Basira.Governance.Audit;
using Basira.Governance.Decisions;
using Basira.Governance.Models;
using Basira.Governance.Objections;
using Basira.Governance.Privacy;
using Basira.Governance.Register;
using Basira.Governance.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Governance;

/// <summary>Options of the governance kernel (section "Basira").</summary>
public sealed class BasiraOptions
{
    /// <summary>Folder of the embedded stores, model files and keys. Default ./data.</summary>
    public string DataDir { get; set; } = Path.Combine(Environment.CurrentDirectory, "data");

    /// <summary>Base64 key for the pseudonymiser; when empty a key file is generated under the data directory.</summary>
    public string? PseudonymKey { get; set; }
}

/// <summary>Composition root of the governance kernel.</summary>
public static class GovernanceModule
{
    public static IServiceCollection AddGovernanceModule(this IServiceCollection s, IConfiguration configuration)
    {
        var options = new BasiraOptions();
        configuration.GetSection("Basira").Bind(options);
        s.AddSingleton(options);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(_ => BasiraDatabase.Open(configuration.GetConnectionString("Basira"), options.DataDir));
        s.AddSingleton(sp => new AuditLog(sp.GetRequiredService<BasiraDatabase>(), sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton<DecisionStore>();
        s.AddSingleton<ModelStore>();
        s.AddSingleton<UserStore>();
        s.AddSingleton<SessionStore>();
        s.AddSingleton<ObjectionService>();
        s.AddSingleton<AlgorithmCatalog>();
        s.AddSingleton<AlgorithmRegister>();
        s.AddSingleton<Web.NoticeService>();
        s.AddSingleton<Audit.IntegrityVerifier>();
        s.AddSingleton(_ => Pseudonymiser.FromConfiguredKeyOrFile(options.PseudonymKey, options.DataDir));
        s.AddBasiraAuthorization();
        return s;
    }
}
