using System.Text.Json;
using System.Text.Json.Serialization;
using Basira.Governance;

namespace Basira.Energy.Capacity;

/// <summary>How a technology behaves in the dispatch of the representative days.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TechKind>))]
public enum TechKind
{
    /// <summary>Output ≤ availability × capacity at every hour, fuel cost per MWh.</summary>
    Thermal,
    /// <summary>Output ≤ hourly capacity factor × capacity (PV, wind); curtailment free.</summary>
    Variable,
    /// <summary>Output ≤ capacity at every hour and ≤ capacity factor × 24 h of energy per day (hydro, CSP with storage).</summary>
    EnergyLimited,
    /// <summary>Charges and discharges (round-trip efficiency, hours of storage at full power), cyclic over each day.</summary>
    Storage,
}

/// <summary>A technology of the plan (costs of the CCG starter kit for Morocco where it has them, USD 2020).</summary>
public sealed record PlanTechnology
{
    public required string Name { get; init; }
    public required TechKind Kind { get; init; }
    public bool Renewable { get; init; }
    public double ExistingMw { get; init; }
    public double CapexPerKw { get; init; }
    public double FixedPerKwYear { get; init; }
    public double LifeYears { get; init; } = 25;
    /// <summary>Fuel and variable O&amp;M per MWh produced.</summary>
    public double VariablePerMwh { get; init; }
    /// <summary>Tonnes of CO2 per MWh produced.</summary>
    public double Co2TPerMwh { get; init; }
    /// <summary>Average capacity factor (variable and energy-limited) or availability (thermal).</summary>
    public double CapacityFactor { get; init; } = 0.9;
    /// <summary>Share of the capacity counted firm at the peak for the reserve margin.</summary>
    public double CapacityCredit { get; init; }
    public double MaxNewMwPerYear { get; init; } = double.PositiveInfinity;
    public double StorageHours { get; init; }
    public double RoundTripEfficiency { get; init; } = 1;
    /// <summary>Counted in installed capacity (and so in the renewable share); false for an interconnector.</summary>
    public bool CountsAsCapacity { get; init; } = true;
    public string Source { get; init; } = "";
}

/// <summary>Demand: annual energy and peak of the base year, growing at a yearly rate.</summary>
public sealed record PlanDemand
{
    public double BaseYearTwh { get; init; } = 45.713;
    public double BaseYearPeakMw { get; init; } = 7_600;
    public double GrowthPerYear { get; init; } = 0.04;
    public string Source { get; init; } = "";
}

/// <summary>A capacity-planning scenario (the default is Morocco's: <see cref="Morocco"/>, documented in docs/energy.md).</summary>
public sealed record PlanScenario
{
    public required string Name { get; init; }
    public int BaseYear { get; init; } = 2024;
    public int LastYear { get; init; } = 2030;
    public double DiscountRate { get; init; } = 0.08;
    public double ReserveMargin { get; init; } = 0.15;
    public double RenewableCapacityShare { get; init; } = 0.52;
    public int RenewableTargetYear { get; init; } = 2030;
    public double UnservedPerMwh { get; init; } = 5_000;
    public required PlanDemand Demand { get; init; }
    public required IReadOnlyList<PlanTechnology> Technologies { get; init; }
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static PlanScenario Read(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "scenario file not found");
        PlanScenario? s;
        try
        {
            s = JsonSerializer.Deserialize<PlanScenario>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new DataInputException(path, ex.LineNumber + 1, ex.Path, $"not a valid scenario: {ex.Message}", ex);
        }
        if (s is null) throw new DataInputException(path, 1, null, "empty scenario");
        s.Validate(path);
        return s;
    }

    public void Validate(string source)
    {
        if (LastYear <= BaseYear) throw new DataInputException(source, null, "last_year", "must be after base_year");
        if (Technologies.Count == 0) throw new DataInputException(source, null, "technologies", "no technology");
        if (Demand.BaseYearTwh <= 0 || Demand.BaseYearPeakMw <= 0) throw new DataInputException(source, null, "demand", "energy and peak must be > 0");
        if (Demand.BaseYearPeakMw * 8760 / 1e6 < Demand.BaseYearTwh)
            throw new DataInputException(source, null, "demand.base_year_peak_mw", "the peak is below the average load (energy / 8,760 h)");
        foreach (var (t, i) in Technologies.Select((t, i) => (t, i)))
        {
            var f = $"technologies[{i}]";
            if (t.ExistingMw < 0 || t.CapexPerKw < 0 || t.FixedPerKwYear < 0 || t.VariablePerMwh < 0 || t.Co2TPerMwh < 0 || t.MaxNewMwPerYear < 0)
                throw new DataInputException(source, null, f, $"{t.Name}: capacities, costs and emissions must be ≥ 0");
            if (t.CapacityFactor is < 0 or > 1) throw new DataInputException(source, null, f + ".capacity_factor", $"{t.Name}: must lie in [0, 1]");
            if (t.Kind == TechKind.Storage && (t.StorageHours <= 0 || t.RoundTripEfficiency is <= 0 or > 1))
                throw new DataInputException(source, null, f, $"{t.Name}: storage needs storage_hours > 0 and round_trip_efficiency in (0, 1]");
            if (t.LifeYears <= 0) throw new DataInputException(source, null, f + ".life_years", $"{t.Name}: must be > 0");
        }
        if (Technologies.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != Technologies.Count)
            throw new DataInputException(source, null, "technologies", "names must be unique");
    }

    /// <summary>
    /// Morocco's system, end of 2024, to 2030. Capacities: ANRE 2024 (renewables 5,439 MW: wind 2,390, hydro 24 % ≈ 1,305,
    /// pumped storage 15 % ≈ 816, solar 928), ONEE 2022 (coal 4,416 MW), CCG kit Table 1 (CCGT 1,666 MW), the rest of the
    /// "> 12 GW" (oil-fired 600 MW). Costs: CCG kit Table 2. Capacity factors: kit, except utility PV (the kit's 0.37 is
    /// too high for fixed-tilt PV in Morocco: 0.24 here). Fuel prices and emission factors are not in the kit: assumptions.
    /// </summary>
    public static PlanScenario Morocco { get; } = new()
    {
        Name = "morocco-2030",
        Demand = new PlanDemand
        {
            BaseYearTwh = 45.713,
            BaseYearPeakMw = 7_600,
            GrowthPerYear = 0.04,
            Source = "ANRE 2024: net demand ≈ 45,713 GWh (+~4 %); peak 7,310 MW in Aug 2023 (MTEDD), +4 % a year → ≈ 7,600 MW in 2024; growth 4 %/yr (ANRE/DEPF measured 3–4 %)",
        },
        Technologies =
        [
            new() { Name = "coal", Kind = TechKind.Thermal, ExistingMw = 4_416, CapexPerKw = 2_500, FixedPerKwYear = 78, LifeYears = 35, VariablePerMwh = 40, Co2TPerMwh = 0.92, CapacityFactor = 0.85, CapacityCredit = 0.85, MaxNewMwPerYear = 0, Source = "ONEE 2022 (4,416 MW); kit Table 2; no new coal (assumption: national policy)" },
            new() { Name = "gas_ccgt", Kind = TechKind.Thermal, ExistingMw = 1_666, CapexPerKw = 1_200, FixedPerKwYear = 35, LifeYears = 30, VariablePerMwh = 75, Co2TPerMwh = 0.37, CapacityFactor = 0.85, CapacityCredit = 0.85, MaxNewMwPerYear = 1_200, Source = "kit Table 1 (2018) and Table 2; LNG at ~10 USD/MMBtu, efficiency 0.48 (kit)" },
            new() { Name = "oil_scgt", Kind = TechKind.Thermal, ExistingMw = 600, CapexPerKw = 1_450, FixedPerKwYear = 45, LifeYears = 25, VariablePerMwh = 160, Co2TPerMwh = 0.75, CapacityFactor = 0.85, CapacityCredit = 0.85, MaxNewMwPerYear = 0, Source = "remainder of the > 12 GW total (assumption); kit Table 2" },
            new() { Name = "gas_scgt", Kind = TechKind.Thermal, ExistingMw = 0, CapexPerKw = 700, FixedPerKwYear = 20, LifeYears = 25, VariablePerMwh = 120, Co2TPerMwh = 0.6, CapacityFactor = 0.85, CapacityCredit = 0.85, MaxNewMwPerYear = 800, Source = "kit Table 2 (efficiency 0.30)" },
            new() { Name = "wind_onshore", Kind = TechKind.Variable, Renewable = true, ExistingMw = 2_390, CapexPerKw = 1_489, FixedPerKwYear = 59.56, LifeYears = 25, CapacityFactor = 0.36, CapacityCredit = 0.1, MaxNewMwPerYear = 1_500, Source = "ANRE 2024 (2,390 MW); kit Table 2 (CF 0.36; the 2024 fleet did ≈ 0.45: 9,363 GWh / 2,390 MW)" },
            new() { Name = "solar_pv", Kind = TechKind.Variable, Renewable = true, ExistingMw = 418, CapexPerKw = 1_378, FixedPerKwYear = 17.91, LifeYears = 24, CapacityFactor = 0.24, CapacityCredit = 0, MaxNewMwPerYear = 2_000, Source = "ANRE 2024 solar 928 MW less 510 MW CSP; kit Table 2 but CF 0.24 (kit 0.37 flagged high)" },
            new() { Name = "csp_storage", Kind = TechKind.EnergyLimited, Renewable = true, ExistingMw = 510, CapexPerKw = 5_797, FixedPerKwYear = 57.97, LifeYears = 30, CapacityFactor = 0.40, CapacityCredit = 0.6, MaxNewMwPerYear = 300, Source = "Noor Ouarzazate I–III 160 + 200 + 150 MW (assumption, not in FIGURES); kit Table 2, CF 0.40 (kit 0.45)" },
            new() { Name = "hydro", Kind = TechKind.EnergyLimited, Renewable = true, ExistingMw = 1_305, CapexPerKw = 3_000, FixedPerKwYear = 90, LifeYears = 50, CapacityFactor = 0.13, CapacityCredit = 0.5, MaxNewMwPerYear = 50, Source = "ANRE 2024 (24 % of 5,439 MW); kit Table 2 (CF 0.13; 2024, a drought year, ≈ 0.04)" },
            new() { Name = "pumped_storage", Kind = TechKind.Storage, Renewable = true, ExistingMw = 816, CapexPerKw = 2_000, FixedPerKwYear = 20, LifeYears = 50, StorageHours = 6, RoundTripEfficiency = 0.75, CapacityCredit = 0.8, MaxNewMwPerYear = 350, Source = "ANRE 2024 (15 % of RE: Afourer 464 + Abdelmoumen 350 MW), counted renewable as ANRE does; costs: assumption" },
            new() { Name = "battery_4h", Kind = TechKind.Storage, Renewable = false, ExistingMw = 0, CapexPerKw = 1_000, FixedPerKwYear = 10, LifeYears = 15, StorageHours = 4, RoundTripEfficiency = 0.85, CapacityCredit = 0.8, MaxNewMwPerYear = 1_000, Source = "assumption: 250 USD/kWh, not in the kit" },
            new() { Name = "imports_spain", Kind = TechKind.Thermal, ExistingMw = 1_400, CapexPerKw = 0, FixedPerKwYear = 0, LifeYears = 40, VariablePerMwh = 90, Co2TPerMwh = 0, CapacityFactor = 0.9, CapacityCredit = 0, MaxNewMwPerYear = 0, CountsAsCapacity = false, Source = "interconnector with Spain (assumption 1,400 MW); 2024 production covered 95.5 % of demand (ANRE)" },
        ],
        Assumptions =
        [
            "Representative days: 4 seasons × 24 h, each weighing 91.25 days; load shape with an evening peak, summer +8 %, winter −4 %; peak/average from the scenario's demand",
            "PV: clear-sky shape 07–19 h scaled per season to the capacity factor; wind: flatter, higher at night and in summer; CSP with storage and hydro: energy per day = capacity factor × 24 h, dispatched freely",
            "Renewable capacity share as ANRE counts it (hydro and pumped storage included); the interconnector is not capacity",
            "Costs in USD 2020 (kit Table 2), annualised over each technology's life at the discount rate; fuel and emission factors are assumptions (the kit's Tables 3–8 are not available)",
            "No retirement before 2030; no new coal, nuclear or offshore wind before 2030",
        ],
    };
}
