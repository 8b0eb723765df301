namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>
/// HOMER's load-following strategy: a genset produces only what the load needs once PV and the battery have given what
/// they can; the battery is charged only by surplus PV (and by the surplus a genset makes when its minimum load exceeds
/// the need). Order for a deficit: battery, grid import, genset at max(need, minimum load), then unmet. A PV surplus
/// charges the battery, then is exported (with a grid) or curtailed.
/// </summary>
public sealed class LoadFollowingController : IDispatchController
{
    private MiniGrid _grid = null!;

    public string Name => "rule";

    public void Start(MiniGrid grid, int steps) => _grid = grid;

    public StepAction Decide(int t, DispatchState state)
    {
        var grid = _grid;
        var net = grid.Load[t] - grid.Pv[t];
        var b = grid.Battery;
        var eta = b?.Efficiency ?? 1;
        if (net <= 0)
        {
            var surplus = -net;
            double charge = 0;
            if (b is not null) charge = Math.Min(Math.Min(surplus * eta, b.MaxChargeKwh), b.CapacityKwh - state.SocKwh);
            var left = surplus - charge / eta;
            var export = grid.Grid is { } gc && gc.Available[t] && gc.ExportPrice[t] > 0 ? Math.Min(left, gc.MaxExportKwh) : 0;
            return new StepAction(0, charge, 0, export);
        }
        double discharge = 0;
        if (b is not null) discharge = Math.Max(0, Math.Min(Math.Min(net / eta, b.MaxDischargeKwh), state.SocKwh - b.MinSocKwh));
        var need = net - eta * discharge;
        double import = 0;
        if (need > 1e-12 && grid.Grid is { } g && g.Available[t])
        {
            import = Math.Min(need, g.MaxImportKwh);
            need -= import;
        }
        if (need <= 1e-12 || grid.Genset is not { } gs) return new StepAction(0, -discharge, import);
        var gen = Math.Min(Math.Max(need, gs.MinKw), gs.MaxKw);
        var extra = gen - need; // minimum-load surplus: discharge less, then charge
        var battery = -discharge;
        if (extra > 0 && b is not null)
        {
            var less = Math.Min(discharge, extra / eta);
            battery += less;
            extra -= less * eta;
            if (extra > 0) battery += Math.Min(Math.Min(extra * eta, b.MaxChargeKwh), b.CapacityKwh - state.SocKwh);
        }
        return new StepAction(gen, battery, import);
    }
}

/// <summary>
/// HOMER's cycle-charging strategy: whenever the genset has to run (PV and battery cannot meet the load), it runs at
/// its rated power and the surplus charges the battery; output above what the load and the battery can take is not
/// produced (the genset is turned down to that, never below its minimum load). With <see cref="SetpointSoc"/> a genset
/// that started keeps charging until the battery reaches that state of charge (HOMER's set-point option).
/// </summary>
public sealed class CycleChargingController(double? setpointSoc = null) : IDispatchController
{
    private MiniGrid _grid = null!;
    private bool _charging;

    public string Name => "cycle";

    /// <summary>State of charge (fraction of capacity) a started genset charges the battery up to; null: no set point.</summary>
    public double? SetpointSoc { get; } = setpointSoc;

    public void Start(MiniGrid grid, int steps)
    {
        _grid = grid;
        _charging = false;
    }

    public StepAction Decide(int t, DispatchState state)
    {
        var grid = _grid;
        var net = grid.Load[t] - grid.Pv[t];
        var b = grid.Battery;
        var eta = b?.Efficiency ?? 1;
        if (b is not null && SetpointSoc is { } sp && state.SocKwh >= sp * b.CapacityKwh - 1e-9) _charging = false;
        if (net <= 0 && !_charging)
        {
            var charge = b is null ? 0 : Math.Min(Math.Min(-net * eta, b.MaxChargeKwh), b.CapacityKwh - state.SocKwh);
            return new StepAction(0, charge);
        }
        var discharge = b is null ? 0 : Math.Max(0, Math.Min(Math.Min(Math.Max(net, 0) / eta, b.MaxDischargeKwh), state.SocKwh - b.MinSocKwh));
        var need = Math.Max(net, 0) - eta * discharge;
        double import = 0;
        if (need > 1e-12 && grid.Grid is { } g && g.Available[t])
        {
            import = Math.Min(need, g.MaxImportKwh);
            need -= import;
        }
        if ((need <= 1e-12 && !_charging) || grid.Genset is not { } gs) return new StepAction(0, -discharge, import);
        // the genset runs: rated power, limited to what the load and the battery can absorb
        var room = b is null ? 0 : Math.Min(b.MaxChargeKwh, b.CapacityKwh - state.SocKwh) / eta;
        var gen = Math.Max(gs.MinKw, Math.Min(gs.MaxKw, Math.Max(net, 0) + room));
        var surplus = gen + Math.Max(-net, 0) - Math.Max(net, 0);
        var battery = b is null ? 0 : surplus >= 0 ? Math.Min(Math.Min(surplus * eta, b.MaxChargeKwh), b.CapacityKwh - state.SocKwh) : -Math.Min(-surplus / eta, state.SocKwh - b.MinSocKwh);
        if (SetpointSoc is not null) _charging = true;
        return new StepAction(gen, battery, import);
    }
}
