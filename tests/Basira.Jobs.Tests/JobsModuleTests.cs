using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Jobs.Tests;

public sealed class JobsModuleTests
{
    [Fact]
    public void Module_registers_into_a_service_collection()
    {
        var services = new ServiceCollection();
        Assert.Same(services, services.AddJobsModule(new ConfigurationBuilder().Build()));
    }
}
