using System.Reflection;
using NetArchTest.Rules;

namespace Basira.ArchitectureTests;

/// <summary>DESIGN.md §3: domains never reference each other; the kernel depends on no module.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Governance = typeof(Basira.Governance.GovernanceModule).Assembly;
    private static readonly Assembly Analytics = typeof(Basira.Analytics.Tabular.TabularReader).Assembly;
    private static readonly Assembly Education = typeof(Basira.Education.EducationModule).Assembly;
    private static readonly Assembly Synth = typeof(Basira.Synth.SchoolPopulationGenerator).Assembly;
    private static readonly Assembly Energy = typeof(Basira.Energy.EnergyModule).Assembly;
    private static readonly Assembly Jobs = typeof(Basira.Jobs.JobsModule).Assembly;
    private static readonly Assembly Server = typeof(Basira.Server.ServerApp).Assembly;

    /// <summary>Every domain module and host namespace, so that each rule names all the others.</summary>
    private static readonly string[] Domains = ["Basira.Education", "Basira.Energy", "Basira.Jobs", "Basira.Synth"];

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Basira.Governance", ["Basira.Analytics", .. Domains, "Basira.Server", "Basira.Cli"] },
        { "Basira.Analytics", [.. Domains, "Basira.Server", "Basira.Cli"] },
        { "Basira.Education", ["Basira.Energy", "Basira.Jobs", "Basira.Synth", "Basira.Server", "Basira.Cli"] },
        { "Basira.Energy", ["Basira.Education", "Basira.Jobs", "Basira.Synth", "Basira.Server", "Basira.Cli"] },
        { "Basira.Jobs", ["Basira.Education", "Basira.Energy", "Basira.Synth", "Basira.Server", "Basira.Cli"] },
        { "Basira.Synth", ["Basira.Governance", "Basira.Analytics", "Basira.Education", "Basira.Energy", "Basira.Jobs", "Basira.Server", "Basira.Cli"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Module_does_not_reference_forbidden_modules(string module, string[] forbidden)
    {
        var assembly = new[] { Governance, Analytics, Education, Energy, Jobs, Synth }.Single(a => a.GetName().Name == module);
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"{module} depends on a forbidden module: {string.Join(", ", result.FailingTypeNames ?? [])}");
        // And at the assembly level, which also catches references only used in signatures.
        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, r => forbidden.Contains(r));
    }

    [Fact]
    public void The_rule_can_fail_when_a_dependency_exists()
    {
        // The server composes the modules, so this rule must be violated: guards against a rule that checks nothing
        // (the copy-paste bug STYLE.md warns about).
        var result = Types.InAssembly(Server).ShouldNot().HaveDependencyOnAny("Basira.Education").GetResult();
        Assert.False(result.IsSuccessful);
        Assert.Contains(result.FailingTypeNames!, n => n.StartsWith("Basira.Server", StringComparison.Ordinal));
    }

    /// <summary>
    /// Services that take no decision about a person, named one by one with the reason. The learning paths suggest the
    /// next exercise to a pupil and their teacher: a pedagogical suggestion explained in a sentence, which the teacher
    /// can override and which changes no right or resource (docs/learning-paths.md); every read and answer is audited.
    /// </summary>
    private static readonly string[] DecideNothingAboutAPerson = ["Basira.Education.Learning.LearningService"];

    [Fact]
    public void Every_domain_decision_goes_through_the_governance_kernel()
    {
        var result = Types.InAssembly(Education).That().HaveNameEndingWith("Service").Should().HaveDependencyOn("Basira.Governance.Decisions").GetResult();
        var failing = (result.FailingTypeNames ?? []).Except(DecideNothingAboutAPerson).ToList();
        Assert.True(failing.Count == 0, string.Join(", ", failing));
        // The exemption list names real types (a renamed service must be looked at again).
        Assert.All(DecideNothingAboutAPerson, n => Assert.NotNull(Education.GetType(n)));
    }

    [Fact]
    public void Hosts_compose_modules_only_through_their_entry_points()
    {
        var program = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Basira.Server", "ServerApp.cs"));
        Assert.Contains("AddEducationModule", program);
        Assert.Contains("MapEducationEndpoints", program);
        Assert.Contains("AddGovernanceModule", program);
        Assert.Contains("AddEnergyModule", program);
        Assert.Contains("MapEnergyEndpoints", program);
        Assert.Contains("AddJobsModule", program);
        Assert.Contains("MapJobsEndpoints", program);
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Basira.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
