using System.Globalization;
using System.Text.Json;
using Basira.Governance;

namespace Basira.Energy.MiniGrids;

/// <summary>
/// Basira's own mini-grid description: <c>minigrid.json</c> (components, costs, load classes) beside an hourly series
/// CSV (<c>timestamp,pv_kwh,&lt;one column per load class&gt;[,import_price,export_price,grid_co2,grid_status]</c>).
/// docs/energy.md gives the format. Checks (each refused with file, line and field, exit 2 on the CLI):
/// timestamps must carry a UTC offset (or Z) and follow each other by exactly one hour after conversion to UTC — a
/// duplicate (a clock set back, e.g. Morocco's switch to GMT for Ramadan written in local time), a gap or a jump is
/// refused; energies must be finite and ≥ 0 (a negative load is impossible); the priority-1 loads must never exceed
/// what the components can supply at that step (genset + battery discharge + PV + grid import).
/// </summary>
public static class MiniGridJson
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static MiniGrid Read(string path)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "file not found");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new DataInputException(path, ex.LineNumber + 1, ex.Path, $"not valid JSON: {ex.Message}", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataInputException(path, 1, null, "expected a JSON object");
            var r = new Reader(path);
            var name = r.String(root, "name");
            var seriesFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, r.String(root, "series"));

            if (!root.TryGetProperty("loads", out var loadsEl) || loadsEl.ValueKind != JsonValueKind.Array || loadsEl.GetArrayLength() == 0)
                throw new DataInputException(path, null, "loads", "expected a non-empty array of load classes");
            var specs = new List<(string Name, LoadKind Kind, int Priority, string Village, string Column, int Households)>();
            var i = 0;
            foreach (var l in loadsEl.EnumerateArray())
            {
                var field = $"loads[{i++}]";
                var lname = r.String(l, "name", field);
                var kindText = r.OptionalString(l, "kind", field) ?? "other";
                var kind = kindText switch
                {
                    "health_post" => LoadKind.HealthPost,
                    "water_pump" => LoadKind.WaterPump,
                    "school" => LoadKind.School,
                    "households" => LoadKind.Households,
                    "productive" => LoadKind.Productive,
                    "other" => LoadKind.Other,
                    _ => throw new DataInputException(path, null, field + ".kind", $"'{kindText}' is not one of health_post, water_pump, school, households, productive, other"),
                };
                var priority = (int)(r.OptionalNumber(l, "priority", field) ?? DefaultPriority(kind));
                if (priority < 1) throw new DataInputException(path, null, field + ".priority", "priority must be ≥ 1 (1 = served first)");
                specs.Add((lname, kind, priority, r.OptionalString(l, "village", field) ?? name, r.OptionalString(l, "column", field) ?? lname,
                    (int)(r.OptionalNumber(l, "households", field) ?? 0)));
            }
            if (specs.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != specs.Count)
                throw new DataInputException(path, null, "loads", "load class names must be unique");

            BatterySpec? battery = null;
            if (root.TryGetProperty("battery", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                var cap = r.Number(b, "capacity_kwh", "battery");
                var minSoc = r.OptionalNumber(b, "min_soc", "battery") ?? 0.2;
                battery = new BatterySpec(cap, minSoc * cap, r.OptionalNumber(b, "max_charge_kwh", "battery") ?? cap / 4,
                    r.OptionalNumber(b, "max_discharge_kwh", "battery") ?? cap / 4, r.OptionalNumber(b, "efficiency", "battery") ?? 0.9,
                    r.OptionalNumber(b, "cycle_cost_per_kwh", "battery") ?? 0.02, (r.OptionalNumber(b, "initial_soc", "battery") ?? minSoc) * cap);
                battery.Validate(path);
            }

            GensetSpec? genset = null;
            if (root.TryGetProperty("genset", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                var rated = r.Number(g, "rated_kw", "genset");
                var min = r.OptionalNumber(g, "min_load_kw", "genset") ?? 0;
                var co2Price = r.OptionalNumber(g, "co2_price_per_kg", "genset") ?? 0;
                var start = r.OptionalNumber(g, "start_cost", "genset") ?? 0;
                if (g.TryGetProperty("fuel_curve", out var fc) && fc.ValueKind == JsonValueKind.Object)
                {
                    const string f = "genset.fuel_curve";
                    genset = GensetSpec.FromFuelCurve(rated, min, r.Number(fc, "fuel_price_per_l", f), r.OptionalNumber(fc, "no_load_l_per_h_per_kw", f) ?? 0.08145,
                        r.OptionalNumber(fc, "l_per_kwh", f) ?? 0.246, r.OptionalNumber(fc, "co2_kg_per_l", f) ?? 2.68, co2Price, start,
                        r.OptionalNumber(g, "om_cost_per_hour", "genset") ?? 0);
                }
                else
                {
                    genset = new GensetSpec(rated, min, r.Number(g, "cost_per_kwh", "genset"), r.OptionalNumber(g, "co2_kg_per_kwh", "genset") ?? 0, co2Price,
                        r.OptionalNumber(g, "no_load_cost_per_hour", "genset") ?? 0, 0, start);
                }
                genset.Validate(path);
            }

            var costs = CostModel.Pymgrid;
            if (root.TryGetProperty("costs", out var c) && c.ValueKind == JsonValueKind.Object)
                costs = new CostModel(r.OptionalNumber(c, "unmet_per_kwh", "costs") ?? 10, r.OptionalNumber(c, "overgeneration_per_kwh", "costs") ?? 1);
            var gridEl = root.TryGetProperty("grid", out var ge) && ge.ValueKind == JsonValueKind.Object ? ge : (JsonElement?)null;

            var series = SeriesCsv.Read(seriesFile, [.. specs.Select(s => s.Column)], gridEl is not null);
            var pvScale = root.TryGetProperty("pv", out var pvEl) && pvEl.ValueKind == JsonValueKind.Object ? r.OptionalNumber(pvEl, "scale", "pv") ?? 1 : 1;
            var pv = series.Pv.Select(v => v * pvScale).ToArray();
            GridConnection? grid = null;
            if (gridEl is { } gr)
                grid = new GridConnection(series.ImportPrice!, series.ExportPrice!, series.GridCo2!, series.GridStatus!,
                    r.Number(gr, "max_import_kwh", "grid"), r.Number(gr, "max_export_kwh", "grid"), r.OptionalNumber(gr, "co2_price_per_kg", "grid") ?? 0);

            var loads = specs.Select((s, k) => new LoadClass(s.Name, s.Kind, s.Priority, s.Village, series.Loads[k], s.Households)).ToList();
            var total = new double[series.Steps];
            foreach (var l in loads)
                for (var t = 0; t < total.Length; t++) total[t] += l.Kwh[t];

            var result = new MiniGrid
            {
                Name = name,
                Load = total,
                Pv = pv,
                Battery = battery,
                Genset = genset,
                Grid = grid,
                Costs = costs,
                Loads = loads,
                Source = path,
                Start = series.Start,
            };
            CheckPriorityLoad(result, seriesFile);
            return result;
        }
    }

    /// <summary>Default priority of a kind: health post 1, water pump 1, school 2, productive 3, households 3, other 3.</summary>
    public static int DefaultPriority(LoadKind kind) => kind switch
    {
        LoadKind.HealthPost or LoadKind.WaterPump => 1,
        LoadKind.School => 2,
        _ => 3,
    };

    /// <summary>Refuses a configuration whose priority-1 load exceeds, at some step, the most the components could supply.</summary>
    public static void CheckPriorityLoad(MiniGrid grid, string seriesFile)
    {
        var priority = grid.Loads.Where(l => l.Priority == 1).ToList();
        if (priority.Count == 0) return;
        var firm = (grid.Genset?.MaxKw ?? 0) + (grid.Battery is { } b ? b.Efficiency * b.MaxDischargeKwh : 0);
        for (var t = 0; t < grid.Steps; t++)
        {
            var need = priority.Sum(l => l.Kwh[t]);
            var most = firm + grid.Pv[t] + (grid.Grid is { } g && g.Available[t] ? g.MaxImportKwh : 0);
            if (need > most + 1e-9)
                throw new DataInputException(seriesFile, t + 2, string.Join("+", priority.Select(l => l.Name)),
                    string.Create(CultureInfo.InvariantCulture,
                        $"priority load {need:F2} kWh exceeds the most this mini-grid can supply at that step ({most:F2} kWh: genset {grid.Genset?.MaxKw ?? 0:F2}, battery {(grid.Battery is { } bb ? bb.Efficiency * bb.MaxDischargeKwh : 0):F2}, PV {grid.Pv[t]:F2}); the configuration cannot meet its priority load"));
        }
    }

    private sealed class Reader(string path)
    {
        public string String(JsonElement e, string key, string? parent = null) =>
            OptionalString(e, key, parent) ?? throw new DataInputException(path, null, Field(parent, key), "missing");

        public string? OptionalString(JsonElement e, string key, string? parent = null)
        {
            if (!e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } s)
                throw new DataInputException(path, null, Field(parent, key), "expected a non-empty string");
            return s;
        }

        public double Number(JsonElement e, string key, string? parent = null) =>
            OptionalNumber(e, key, parent) ?? throw new DataInputException(path, null, Field(parent, key), "missing");

        public double? OptionalNumber(JsonElement e, string key, string? parent = null)
        {
            if (!e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
                throw new DataInputException(path, null, Field(parent, key), $"expected a number, got {v.GetRawText()}");
            if (d < 0) throw new DataInputException(path, null, Field(parent, key), $"must be ≥ 0, got {v.GetRawText()}");
            return d;
        }

        private static string Field(string? parent, string key) => parent is null ? key : parent + "." + key;
    }
}

/// <summary>
/// The hourly series of a Basira mini-grid: <c>timestamp,pv_kwh,&lt;load columns&gt;[,import_price,export_price,grid_co2,grid_status]</c>.
/// Timestamps in ISO 8601 with a UTC offset; consecutive rows exactly one hour apart in UTC.
/// </summary>
internal sealed class SeriesCsv
{
    public required DateTime Start { get; init; }
    public required double[] Pv { get; init; }
    public required double[][] Loads { get; init; }
    public double[]? ImportPrice { get; init; }
    public double[]? ExportPrice { get; init; }
    public double[]? GridCo2 { get; init; }
    public bool[]? GridStatus { get; init; }
    public int Steps => Pv.Length;

    public static SeriesCsv Read(string path, string[] loadColumns, bool withGrid)
    {
        if (!File.Exists(path)) throw new DataInputException(path, null, null, "series file not found");
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new DataInputException(path, 1, null, "empty file");
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        int Col(string name) => Array.IndexOf(names, name) is var k and >= 0 ? k : throw new DataInputException(path, 1, name, "column missing");
        var ts = Col("timestamp");
        var pvCol = Col("pv_kwh");
        var loadCols = loadColumns.Select(Col).ToArray();
        int[] gridCols = withGrid ? [Col("import_price"), Col("export_price"), Col("grid_co2"), Col("grid_status")] : [];

        var pv = new List<double>();
        var loads = loadColumns.Select(_ => new List<double>()).ToArray();
        var grid = gridCols.Select(_ => new List<double>()).ToArray();
        DateTime? start = null, previous = null;
        long lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != names.Length) throw new DataInputException(path, lineNo, null, $"expected {names.Length} fields, found {f.Length}");
            if (!DateTimeOffset.TryParse(f[ts].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp)
                || !HasOffset(f[ts]))
                throw new DataInputException(path, lineNo, "timestamp", $"'{f[ts]}' is not an ISO 8601 time with a UTC offset (e.g. 2024-03-10T02:00:00+01:00 or …Z)");
            var utc = stamp.UtcDateTime;
            if (previous is { } p)
            {
                var step = utc - p;
                if (step == TimeSpan.Zero) throw new DataInputException(path, lineNo, "timestamp", $"duplicate timestamp {f[ts]} (same UTC hour as the line before; a clock set back?)");
                if (step < TimeSpan.Zero) throw new DataInputException(path, lineNo, "timestamp", $"{f[ts]} goes back in time (previous row {p:yyyy-MM-ddTHH:mm}Z); rows must be in order");
                if (step != TimeSpan.FromHours(1)) throw new DataInputException(path, lineNo, "timestamp", $"gap: {f[ts]} is {step.TotalHours:0.##} h after the previous row (expected 1 h); fill the missing hours");
            }
            start ??= utc;
            previous = utc;
            pv.Add(Value(f[pvCol], "pv_kwh"));
            for (var k = 0; k < loadCols.Length; k++) loads[k].Add(Value(f[loadCols[k]], loadColumns[k], "a negative load is impossible"));
            for (var k = 0; k < gridCols.Length; k++)
            {
                var v = Value(f[gridCols[k]], names[gridCols[k]], allowNegative: k == 1);
                if (k == 3 && v is not (0 or 1)) throw new DataInputException(path, lineNo, "grid_status", "must be 0 or 1");
                grid[k].Add(v);
            }
        }
        if (pv.Count < 48) throw new DataInputException(path, lineNo, null, $"{pv.Count} hourly rows: at least 48 are needed");
        return new SeriesCsv
        {
            Start = start!.Value,
            Pv = [.. pv],
            Loads = [.. loads.Select(l => l.ToArray())],
            ImportPrice = withGrid ? [.. grid[0]] : null,
            ExportPrice = withGrid ? [.. grid[1]] : null,
            GridCo2 = withGrid ? [.. grid[2]] : null,
            GridStatus = withGrid ? [.. grid[3].Select(v => v == 1)] : null,
        };

        double Value(string text, string field, string? negativeWhy = null, bool allowNegative = false)
        {
            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new DataInputException(path, lineNo, field, $"'{text}' is not a finite number");
            if (v < 0 && !allowNegative) throw new DataInputException(path, lineNo, field, $"{text} is negative{(negativeWhy is null ? "" : ": " + negativeWhy)}");
            return v;
        }
    }

    private static bool HasOffset(string text)
    {
        var s = text.Trim();
        if (s.EndsWith('Z') || s.EndsWith('z')) return true;
        var tIndex = s.IndexOf('T');
        if (tIndex < 0) tIndex = s.IndexOf(' ');
        return tIndex >= 0 && (s.IndexOf('+', tIndex) >= 0 || s.IndexOf('-', tIndex) >= 0);
    }
}
