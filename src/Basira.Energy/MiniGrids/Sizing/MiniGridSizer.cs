using Google.OrTools.LinearSolver;

namespace Basira.Energy.MiniGrids.Sizing;

/// <summary>
/// Costs and rules of a sizing (documented defaults, USD 2020–2024): capital costs from the CCG starter kit for Morocco
/// where it has them (genset 750 $/kW, fixed O&amp;M PV 17.91 and genset 23 $/kW/yr), battery 350 $/kWh (Li-ion pack and
/// inverter, an assumption: the kit has no battery row), PV 1,000 $/kW (small plant; the kit's utility PV is 1,378 in
/// 2020), diesel 1.2 $/L with HOMER's default curve (0.246 L/kWh; the no-load 0.08145 L/h per kW is charged per kWh
/// produced, a linear lower bound), 20 years at 8 %, battery replaced once after 10 years.
/// </summary>
public sealed record SizingOptions
{
    public double Reliability { get; init; } = 0.99;
    public double DiscountRate { get; init; } = 0.08;
    public int Years { get; init; } = 20;
    public double PvCapexPerKw { get; init; } = 1000;
    public double PvOmPerKwYear { get; init; } = 17.91;
    public double BatteryCapexPerKwh { get; init; } = 350;
    public double BatteryLifeYears { get; init; } = 10;
    public double BatteryCRate { get; init; } = 0.5;
    public double BatteryEfficiency { get; init; } = 0.9;
    public double BatteryMinSoc { get; init; } = 0.2;
    public double GensetCapexPerKw { get; init; } = 750;
    public double GensetOmPerKwYear { get; init; } = 23;
    public double FuelPricePerLitre { get; init; } = 1.2;
    public double FuelLitresPerKwh { get; init; } = 0.246 + 0.08145;
    public double Co2KgPerLitre { get; init; } = 2.68;
    public double Co2PricePerKg { get; init; } = 0;
    public double? MaxPvKw { get; init; }
}

/// <summary>The least-net-present-cost design and what it does over the year.</summary>
public sealed record SizingResult(
    string Status,
    double PvKw,
    double BatteryKwh,
    double GensetKw,
    double NetPresentCost,
    double Capex,
    double AnnualOperatingCost,
    double UnmetShare,
    double RenewableFraction,
    double AnnualDemandKwh,
    double AnnualGensetKwh,
    double LevelisedCostPerKwh,
    double PriorityUnmetKwh)
{
    /// <summary>State of charge at the start of the (cyclic) year in the LP's dispatch.</summary>
    public double InitialSocKwh { get; init; }
}

/// <summary>
/// Sizes PV (kW), battery (kWh) and genset (kW) for a village by least net present cost, with an hourly dispatch of the
/// whole series inside one LP (OR-Tools GLOP): capacities are variables, every hour balances, the battery's energy and
/// power follow its size, the genset's output stays below its size, unmet energy is at most (1 − reliability) of the
/// demand and never touches the priority-1 loads (health post, water pump). The PV profile is the series' PV divided by
/// its peak (kWh per kW). Annual costs are scaled to a year when the series is shorter.
/// </summary>
public static class MiniGridSizer
{
    public static SizingResult Size(MiniGrid grid, SizingOptions o)
    {
        var n = grid.Steps;
        var pvPeak = grid.Pv.Max();
        var profile = grid.Pv.Select(p => pvPeak > 0 ? p / pvPeak : 0).ToArray();
        var priority = new double[n];
        foreach (var l in grid.Loads.Where(l => l.Priority == 1))
            for (var t = 0; t < n; t++) priority[t] += l.Kwh[t];
        var yearScale = 8760.0 / n;
        var annuity = Enumerable.Range(1, o.Years).Sum(y => Math.Pow(1 + o.DiscountRate, -y));
        var batteryReplacements = Enumerable.Range(1, Math.Max(0, (int)Math.Ceiling(o.Years / o.BatteryLifeYears) - 1))
            .Sum(k => Math.Pow(1 + o.DiscountRate, -k * o.BatteryLifeYears));
        var fuelCost = o.FuelLitresPerKwh * (o.FuelPricePerLitre + o.Co2KgPerLitre * o.Co2PricePerKg);

        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP not available");
        var inf = double.PositiveInfinity;
        var pv = solver.MakeNumVar(0, o.MaxPvKw ?? inf, "pv_kw");
        var bat = solver.MakeNumVar(0, inf, "battery_kwh");
        var gen = solver.MakeNumVar(0, inf, "genset_kw");
        var obj = solver.Objective();
        obj.SetMinimization();
        obj.SetCoefficient(pv, o.PvCapexPerKw + annuity * o.PvOmPerKwYear);
        obj.SetCoefficient(bat, o.BatteryCapexPerKwh * (1 + batteryReplacements));
        obj.SetCoefficient(gen, o.GensetCapexPerKw + annuity * o.GensetOmPerKwYear);

        var unmetTotal = solver.MakeConstraint(double.NegativeInfinity, (1 - o.Reliability) * grid.Load.Sum(), "reliability");
        var eta = o.BatteryEfficiency;
        Variable? previous = null;
        Constraint? first = null;
        var g = new Variable[n];
        var u = new Variable[n];
        var pvUsed = new Variable[n];
        for (var t = 0; t < n; t++)
        {
            pvUsed[t] = solver.MakeNumVar(0, inf, "");
            var c = solver.MakeNumVar(0, inf, "");
            var d = solver.MakeNumVar(0, inf, "");
            var s = solver.MakeNumVar(0, inf, "");
            g[t] = solver.MakeNumVar(0, inf, "");
            u[t] = solver.MakeNumVar(0, Math.Max(0, grid.Load[t] - priority[t]), "");
            // PV used ≤ profile·pv
            var pvCap = solver.MakeConstraint(double.NegativeInfinity, 0, "");
            pvCap.SetCoefficient(pvUsed[t], 1);
            pvCap.SetCoefficient(pv, -profile[t]);
            // genset ≤ size; charge/discharge ≤ C-rate·size; min SoC·size ≤ s ≤ size
            Le(g[t], gen, 1);
            Le(c, bat, o.BatteryCRate);
            Le(d, bat, o.BatteryCRate);
            Le(s, bat, 1);
            var low = solver.MakeConstraint(0, inf, "");
            low.SetCoefficient(s, 1);
            low.SetCoefficient(bat, -o.BatteryMinSoc);
            var balance = solver.MakeConstraint(grid.Load[t], grid.Load[t], "");
            balance.SetCoefficient(pvUsed[t], 1);
            balance.SetCoefficient(g[t], 1);
            balance.SetCoefficient(d, eta);
            balance.SetCoefficient(c, -1 / eta);
            balance.SetCoefficient(u[t], 1);
            // s_t = s_{t−1} + c − d; the year is cyclic (s_{−1} = s_{n−1})
            var dyn = solver.MakeConstraint(0, 0, "");
            dyn.SetCoefficient(s, 1);
            dyn.SetCoefficient(c, -1);
            dyn.SetCoefficient(d, 1);
            if (previous is not null) dyn.SetCoefficient(previous, -1);
            else first = dyn;
            previous = s;
            unmetTotal.SetCoefficient(u[t], 1);
            obj.SetCoefficient(g[t], annuity * yearScale * fuelCost);
            obj.SetCoefficient(c, 1e-6);
            obj.SetCoefficient(d, 1e-6);
        }
        first!.SetCoefficient(previous!, -1);

        var status = solver.Solve();
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
            return new SizingResult(status.ToString(), 0, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, grid.Load.Sum() * yearScale, 0, double.NaN, double.NaN);

        var genKwh = g.Sum(v => v.SolutionValue()) * yearScale;
        var unmet = u.Sum(v => v.SolutionValue());
        var demand = grid.Load.Sum();
        var capex = pv.SolutionValue() * o.PvCapexPerKw + bat.SolutionValue() * o.BatteryCapexPerKwh + gen.SolutionValue() * o.GensetCapexPerKw;
        var annual = pv.SolutionValue() * o.PvOmPerKwYear + gen.SolutionValue() * o.GensetOmPerKwYear + genKwh * fuelCost;
        var npc = obj.Value();
        var served = (demand - unmet) * yearScale;
        return new SizingResult(status.ToString(), pv.SolutionValue(), bat.SolutionValue(), gen.SolutionValue(), npc, capex, annual,
            unmet / demand, served > 0 ? 1 - genKwh / served : 0, demand * yearScale, genKwh, npc / (annuity * served), 0)
        { InitialSocKwh = previous!.SolutionValue() };

        void Le(Variable x, Variable size, double factor)
        {
            var k = solver.MakeConstraint(double.NegativeInfinity, 0, "");
            k.SetCoefficient(x, 1);
            k.SetCoefficient(size, -factor);
        }
    }

    /// <summary>The sized design as a mini-grid (same loads and PV profile), to check it by dispatch simulation.</summary>
    public static MiniGrid Apply(MiniGrid grid, SizingResult r, SizingOptions o)
    {
        var pvPeak = grid.Pv.Max();
        return grid with
        {
            Name = grid.Name + " (sized)",
            Pv = [.. grid.Pv.Select(p => pvPeak > 0 ? p / pvPeak * r.PvKw : 0)],
            Battery = r.BatteryKwh > 1e-6 ? new BatterySpec(r.BatteryKwh, o.BatteryMinSoc * r.BatteryKwh, o.BatteryCRate * r.BatteryKwh,
                o.BatteryCRate * r.BatteryKwh, o.BatteryEfficiency, 0, Math.Clamp(r.InitialSocKwh, o.BatteryMinSoc * r.BatteryKwh, r.BatteryKwh)) : null,
            Genset = r.GensetKw > 1e-6 ? new GensetSpec(r.GensetKw, 0, o.FuelLitresPerKwh * o.FuelPricePerLitre, o.FuelLitresPerKwh * o.Co2KgPerLitre, o.Co2PricePerKg) : null,
            Grid = null,
        };
    }
}
