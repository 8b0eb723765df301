namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>pymgrid's benchmark protocol: 24-step look-ahead kept out of the simulation, test window = the last 33 % of the steps.</summary>
public static class DispatchProtocol
{
    /// <summary>MPC horizon and the steps kept at the end of the series as look-ahead (pymgrid: 8,760 → T = 8,736).</summary>
    public const int Horizon = 24;

    /// <summary>pymgrid's <c>test_ratio</c>: the reported cost is the sum over the last ⌊0.33·T⌋ steps (2,882 of 8,736).</summary>
    public const double TestRatio = 0.33;

    /// <summary>[start, end) of the reported window among the <paramref name="steps"/> simulated.</summary>
    public static (int Start, int End) Window(int steps, bool test) =>
        test ? (steps - (int)Math.Floor(TestRatio * steps), steps) : (0, steps);
}

/// <summary>
/// What a controller asks for at one step. Battery energy is internal (stored) kWh: &gt; 0 charges, &lt; 0 discharges.
/// The genset runs when it is asked for energy, or when <see cref="KeepOn"/> (idling at its no-load fuel, to avoid a restart).
/// </summary>
public readonly record struct StepAction(double GensetKwh, double BatteryKwh, double ImportKwh = 0, double ExportKwh = 0, bool KeepOn = false);

/// <summary>State seen by a controller before step t: state of charge (internal kWh) and whether the genset ran at t − 1.</summary>
public readonly record struct DispatchState(double SocKwh, bool GensetOn);

/// <summary>What happened at one step (energies in kWh, cost in the data's currency, CO2 in kg).</summary>
public readonly record struct StepOutcome(
    double Load,
    double PvAvailable,
    double PvUsed,
    double GensetKwh,
    bool GensetOn,
    bool GensetStart,
    double ChargeKwh,
    double DischargeKwh,
    double SocKwh,
    double ImportKwh,
    double ExportKwh,
    double UnmetKwh,
    double OvergenerationKwh,
    double Cost,
    double Co2Kg)
{
    public double CurtailedKwh => PvAvailable - PvUsed;
}

/// <summary>
/// Applies actions with pymgrid's physics and cost model (SOURCE.md of the minigrid data): the genset is clamped to
/// [min, max] when on; the battery to its charge/discharge limits and state-of-charge bounds; the grid to its limits and
/// status. PV fills what the other sources leave of the load, the rest of the PV is curtailed (free); what remains is
/// unmet load (10/kWh) or over-generation (1/kWh). Cost of a step = genset (on, start, kWh, CO2) + battery cycle cost on
/// the internal energy moved + unmet + over-generation + grid import (price + CO2) − export.
/// </summary>
public sealed class DispatchSimulator
{
    private const double Eps = 1e-9;
    private readonly MiniGrid _grid;

    public DispatchSimulator(MiniGrid grid)
    {
        _grid = grid;
        State = new DispatchState(grid.Battery?.InitialSocKwh ?? 0, grid.Genset?.InitiallyOn ?? false);
    }

    public DispatchState State { get; private set; }

    public StepOutcome Apply(int t, StepAction a)
    {
        var grid = _grid;
        double g = 0;
        var on = false;
        if (grid.Genset is { } gs && (a.GensetKwh > Eps || a.KeepOn))
        {
            on = true;
            g = Math.Clamp(a.GensetKwh, gs.MinKw, gs.MaxKw);
        }
        var start = on && !State.GensetOn;

        double c = 0, d = 0, soc = State.SocKwh;
        if (grid.Battery is { } b)
        {
            if (a.BatteryKwh > 0) c = Math.Max(0, Math.Min(Math.Min(a.BatteryKwh, b.MaxChargeKwh), b.CapacityKwh - soc));
            else if (a.BatteryKwh < 0) d = Math.Max(0, Math.Min(Math.Min(-a.BatteryKwh, b.MaxDischargeKwh), soc - b.MinSocKwh));
            soc += c - d;
        }

        double imp = 0, exp = 0;
        if (grid.Grid is { } gc && gc.Available[t])
        {
            imp = Math.Clamp(a.ImportKwh, 0, gc.MaxImportKwh);
            exp = Math.Clamp(a.ExportKwh, 0, gc.MaxExportKwh);
        }

        var eta = grid.Battery?.Efficiency ?? 1;
        var net = g + eta * d - c / eta + imp - exp;
        var load = grid.Load[t];
        var pv = grid.Pv[t];
        var pvUsed = Math.Clamp(load - net, 0, pv);
        var residual = load - net - pvUsed;
        var unmet = residual > 0 ? residual : 0;
        var over = residual < 0 ? -residual : 0;

        double cost = unmet * grid.Costs.UnmetPerKwh + over * grid.Costs.OvergenerationPerKwh, co2 = 0;
        if (grid.Genset is { } gen)
        {
            cost += g * gen.MarginalCost + (on ? gen.OnCost : 0) + (start ? gen.StartCost : 0);
            co2 += g * gen.Co2KgPerKwh + (on ? gen.NoLoadCo2KgPerHour : 0);
        }
        if (grid.Battery is { } bat) cost += bat.CycleCostPerKwh * (c + d);
        if (grid.Grid is { } gr)
        {
            cost += imp * gr.ImportCost(t) - exp * gr.ExportPrice[t];
            co2 += imp * gr.Co2KgPerKwh[t];
        }
        State = new DispatchState(soc, on);
        return new StepOutcome(load, pv, pvUsed, g, on, start, c, d, soc, imp, exp, unmet, over, cost, co2);
    }
}
