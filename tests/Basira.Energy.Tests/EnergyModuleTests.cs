using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Basira.Energy.Tests;

public sealed class EnergyModuleTests
{
    [Fact]
    public void Module_registers_into_a_service_collection()
    {
        var services = new ServiceCollection();
        Assert.Same(services, services.AddEnergyModule(new ConfigurationBuilder().Build()));
    }
}
