namespace Basira.Energy.MiniGrids;

/// <summary>
/// A mini-grid over a series of equal steps (kWh per step): PV, an optional battery, an optional diesel genset, an
/// optional grid connection, and loads grouped by class with a priority (health post, school, water pump, households).
/// Read from the pymgrid layout (<see cref="PymgridLayout"/>) or from Basira's own JSON (<see cref="MiniGridJson"/>).
/// </summary>
public sealed record MiniGrid
{
    public required string Name { get; init; }

    /// <summary>Demand per step (kWh), the sum of <see cref="Loads"/>; never negative.</summary>
    public required double[] Load { get; init; }

    /// <summary>PV energy available per step (kWh); what is not used is curtailed at no cost.</summary>
    public required double[] Pv { get; init; }

    public BatterySpec? Battery { get; init; }
    public GensetSpec? Genset { get; init; }
    public GridConnection? Grid { get; init; }

    /// <summary>Penalties of the balance (pymgrid's UnbalancedEnergyModule).</summary>
    public CostModel Costs { get; init; } = CostModel.Pymgrid;

    /// <summary>Load classes with their priority; their series add up to <see cref="Load"/>.</summary>
    public IReadOnlyList<LoadClass> Loads { get; init; } = [];

    /// <summary>Where the grid was read from (folder or file), for messages.</summary>
    public string Source { get; init; } = "";

    /// <summary>Time of step 0 and step length, when the source has timestamps (Basira's JSON); pymgrid has none.</summary>
    public DateTime? Start { get; init; }

    public int Steps => Load.Length;

    /// <summary>The steps a dispatch simulates: all but the last <paramref name="lookahead"/> (pymgrid's benchmark keeps the last 24 h as MPC look-ahead: 8,760 → 8,736).</summary>
    public int SimulatedSteps(int lookahead = Dispatch.DispatchProtocol.Horizon) => Math.Max(0, Steps - lookahead);
}

/// <summary>Unmet-load and over-generation penalties per kWh (pymgrid: 10 and 1).</summary>
public sealed record CostModel(double UnmetPerKwh, double OvergenerationPerKwh)
{
    public static readonly CostModel Pymgrid = new(10, 1);
}

/// <summary>
/// A battery in pymgrid's model: energies are <em>internal</em> (stored) kWh. Charging c internal takes c / η from the
/// bus, discharging d internal gives η·d; each kWh moved in or out costs <see cref="CycleCostPerKwh"/>.
/// </summary>
public sealed record BatterySpec(
    double CapacityKwh,
    double MinSocKwh,
    double MaxChargeKwh,
    double MaxDischargeKwh,
    double Efficiency,
    double CycleCostPerKwh,
    double InitialSocKwh)
{
    public void Validate(string source)
    {
        Check(CapacityKwh > 0, "capacity must be > 0");
        Check(MinSocKwh >= 0 && MinSocKwh <= CapacityKwh, "minimum state of charge must lie in [0, capacity]");
        Check(MaxChargeKwh >= 0 && MaxDischargeKwh >= 0, "charge and discharge limits must be ≥ 0");
        Check(Efficiency is > 0 and <= 1, "efficiency must lie in (0, 1]");
        Check(CycleCostPerKwh >= 0, "cycle cost must be ≥ 0");
        Check(InitialSocKwh >= MinSocKwh - 1e-9 && InitialSocKwh <= CapacityKwh + 1e-9, "initial state of charge must lie in [minimum, capacity]");
        void Check(bool ok, string problem)
        {
            if (!ok) throw new Governance.DataInputException(source, null, "battery", problem);
        }
    }
}

/// <summary>
/// A diesel genset. When on, output lies in [<see cref="MinKw"/>, <see cref="MaxKw"/>] (kWh per step). Cost of a step:
/// on·(no-load cost) + kWh·(variable cost) + start·(start cost), and CO2 priced at <see cref="Co2PricePerKg"/>.
/// pymgrid's genset is linear (0.4 per kWh + 2 kg CO2/kWh × 0.1, no no-load fuel, free starts); HOMER's fuel curve
/// F = F0·rated + F1·P (litres per hour) gives the no-load part F0·rated·fuel price.
/// </summary>
public sealed record GensetSpec(
    double MaxKw,
    double MinKw,
    double CostPerKwh,
    double Co2KgPerKwh,
    double Co2PricePerKg,
    double NoLoadCostPerHour = 0,
    double NoLoadCo2KgPerHour = 0,
    double StartCost = 0,
    bool InitiallyOn = false)
{
    /// <summary>Cost of one kWh produced, CO2 included.</summary>
    public double MarginalCost => CostPerKwh + Co2KgPerKwh * Co2PricePerKg;

    /// <summary>Cost of one step running, CO2 of the no-load fuel included.</summary>
    public double OnCost => NoLoadCostPerHour + NoLoadCo2KgPerHour * Co2PricePerKg;

    /// <summary>True when the genset needs an on/off decision (minimum load, no-load fuel or start cost).</summary>
    public bool HasCommitment => MinKw > 0 || OnCost > 0 || StartCost > 0;

    /// <summary>True when a linear cost alone does not describe it (no-load fuel or start cost).</summary>
    public bool HasFixedCosts => OnCost > 0 || StartCost > 0;

    /// <summary>HOMER's fuel curve: fuel (L/h) = <paramref name="noLoadLitresPerKwRated"/>·rated + <paramref name="litresPerKwh"/>·P.</summary>
    public static GensetSpec FromFuelCurve(double ratedKw, double minKw, double fuelPricePerLitre, double noLoadLitresPerKwRated,
        double litresPerKwh, double co2KgPerLitre, double co2PricePerKg, double startCost = 0, double omPerHour = 0) =>
        new(ratedKw, minKw, fuelPricePerLitre * litresPerKwh, co2KgPerLitre * litresPerKwh, co2PricePerKg,
            NoLoadCostPerHour: fuelPricePerLitre * noLoadLitresPerKwRated * ratedKw + omPerHour,
            NoLoadCo2KgPerHour: co2KgPerLitre * noLoadLitresPerKwRated * ratedKw,
            StartCost: startCost);

    public void Validate(string source)
    {
        if (!(MaxKw > 0)) throw new Governance.DataInputException(source, null, "genset", "rated power must be > 0");
        if (!(MinKw >= 0 && MinKw <= MaxKw)) throw new Governance.DataInputException(source, null, "genset", "minimum load must lie in [0, rated power]");
        if (CostPerKwh < 0 || Co2KgPerKwh < 0 || Co2PricePerKg < 0 || NoLoadCostPerHour < 0 || NoLoadCo2KgPerHour < 0 || StartCost < 0)
            throw new Governance.DataInputException(source, null, "genset", "costs and emission factors must be ≥ 0");
    }
}

/// <summary>A grid connection: prices and CO2 intensity per step, status 0/1 (outage), import and export limits per step.</summary>
public sealed record GridConnection(
    double[] ImportPrice,
    double[] ExportPrice,
    double[] Co2KgPerKwh,
    bool[] Available,
    double MaxImportKwh,
    double MaxExportKwh,
    double Co2PricePerKg)
{
    /// <summary>Cost of importing one kWh at step t, CO2 included.</summary>
    public double ImportCost(int t) => ImportPrice[t] + Co2PricePerKg * Co2KgPerKwh[t];
}

/// <summary>What a load serves; the order is the default priority (health post first).</summary>
public enum LoadKind
{
    HealthPost,
    WaterPump,
    School,
    Households,
    Productive,
    Other,
}

/// <summary>
/// One class of load: its series (kWh per step), its priority (1 = served first) and the village it belongs to
/// (curtailment is shared between villages by a stated fairness rule).
/// </summary>
public sealed record LoadClass(string Name, LoadKind Kind, int Priority, string Village, double[] Kwh, int Households = 0);
