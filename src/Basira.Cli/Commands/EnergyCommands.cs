using System.CommandLine;

namespace Basira.Cli.Commands;

/// <summary>
/// <c>basira energy</c>: demand forecasting (<c>EnergyCommands.Forecast.cs</c>), mini-grid dispatch and sizing, and
/// capacity planning (<c>EnergyCommands.Grid.cs</c>). Each part adds its subcommands to the group.
/// </summary>
internal static partial class EnergyCommands
{
    public static Command Create()
    {
        var energy = new Command("energy", "energy: demand forecasting, mini-grid dispatch, capacity planning");
        AddForecastCommands(energy);
        AddGridCommands(energy);
        return energy;
    }

    /// <summary>Demand forecasting: <c>energy backtest</c>, <c>energy forecast</c>.</summary>
    static partial void AddForecastCommands(Command energy);

    /// <summary>Mini-grids and capacity planning: <c>energy dispatch</c>, <c>energy size</c>, <c>energy plan</c>.</summary>
    static partial void AddGridCommands(Command energy);
}
