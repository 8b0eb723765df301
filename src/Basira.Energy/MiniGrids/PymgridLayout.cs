using System.Globalization;
using System.IO.Compression;
using Basira.Governance;
using YamlDotNet.RepresentationModel;

namespace Basira.Energy.MiniGrids;

/// <summary>
/// Reads a microgrid in the pymgrid layout (pymgrid25 scenario): a folder with <c>microgrid_&lt;i&gt;.yaml</c> (the
/// modules and their <c>cls_params</c>) and one <c>&lt;Module&gt;_time_series.csv.gz</c> per module with a series
/// (<c>LoadModule</c>, <c>RenewableModule</c>, <c>GridModule</c>): gzip CSV, a header, an index column and the values.
/// <para>
/// pymgrid stores the load as <b>negative</b> energy (a sink). It is negated here; a positive value in a load file is a
/// sign error and is refused with its file, line and field (never silently flipped). The grid file has four columns:
/// import price, export price, CO2 kg/kWh, status 0/1.
/// </para>
/// </summary>
public static class PymgridLayout
{
    /// <summary>True when <paramref name="dir"/> holds a pymgrid yaml.</summary>
    public static bool IsLayout(string dir) => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*.yaml").Any();

    public static MiniGrid Read(string dir)
    {
        if (!Directory.Exists(dir)) throw new DataInputException(dir, null, null, "microgrid folder not found");
        var yamls = Directory.GetFiles(dir, "*.yaml");
        if (yamls.Length != 1) throw new DataInputException(dir, null, null, $"expected one pymgrid .yaml file, found {yamls.Length}");
        var yamlPath = yamls[0];
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(yamlPath);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new DataInputException(yamlPath, ex.Start.Line, null, $"not valid YAML: {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new DataInputException(yamlPath, 1, null, "expected a pymgrid !Microgrid mapping");
        if (Child(root, "modules") is not YamlSequenceNode modules)
            throw new DataInputException(yamlPath, root.Start.Line, "modules", "missing");

        var byClass = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var entry in modules.Children)
        {
            if (entry is not YamlSequenceNode { Children.Count: 2 } pair || pair.Children[1] is not YamlMappingNode module)
                throw new DataInputException(yamlPath, entry.Start.Line, "modules", "each module is a [name, !Module {…}] pair");
            var tag = module.Tag.IsEmpty ? "" : module.Tag.Value.TrimStart('!');
            if (Child(module, "cls_params") is not YamlMappingNode parameters)
                throw new DataInputException(yamlPath, module.Start.Line, "cls_params", $"module {tag}: missing");
            if (!byClass.TryAdd(tag, parameters))
                throw new DataInputException(yamlPath, module.Start.Line, "modules", $"more than one {tag}: one of each is supported");
        }
        foreach (var unsupported in byClass.Keys.Where(k => k is not ("LoadModule" or "RenewableModule" or "UnbalancedEnergyModule" or "Genset" or "BatteryModule" or "GridModule")))
            throw new DataInputException(yamlPath, null, "modules", $"module {unsupported} is not supported (supported: LoadModule, RenewableModule, Genset, BatteryModule, GridModule, UnbalancedEnergyModule)");
        if (!byClass.ContainsKey("LoadModule")) throw new DataInputException(yamlPath, null, "modules", "no LoadModule");

        var load = ReadSeries(dir, "LoadModule", 1)[0];
        for (var t = 0; t < load.Length; t++)
        {
            if (load[t] > 0)
                throw new DataInputException(SeriesPath(dir, "LoadModule"), t + 2, "0",
                    $"load {load[t].ToString(CultureInfo.InvariantCulture)} is positive: pymgrid stores load as negative energy (sink); a positive value is a sign error");
            load[t] = -load[t] + 0.0; // + 0.0 turns -0 into 0
        }
        var pv = byClass.ContainsKey("RenewableModule") ? ReadSeries(dir, "RenewableModule", 1)[0] : new double[load.Length];
        for (var t = 0; t < pv.Length; t++)
            if (pv[t] < 0) throw new DataInputException(SeriesPath(dir, "RenewableModule"), t + 2, "0", "PV energy must be ≥ 0");
        if (pv.Length != load.Length)
            throw new DataInputException(SeriesPath(dir, "RenewableModule"), null, null, $"{pv.Length} steps, but the load has {load.Length}");

        var costs = CostModel.Pymgrid;
        if (byClass.TryGetValue("UnbalancedEnergyModule", out var unbalanced))
            costs = new CostModel(Number(yamlPath, unbalanced, "loss_load_cost"), Number(yamlPath, unbalanced, "overgeneration_cost"));

        BatterySpec? battery = null;
        if (byClass.TryGetValue("BatteryModule", out var b))
        {
            var capacity = Number(yamlPath, b, "max_capacity");
            var initSoc = Child(b, "init_charge") is YamlScalarNode { Value: { } v } && v != "null"
                ? Number(yamlPath, b, "init_charge")
                : Number(yamlPath, b, "init_soc") * capacity;
            if (Child(b, "battery_transition_model") is YamlScalarNode { Value: { } tm } && tm is not ("null" or "~" or ""))
                throw new DataInputException(yamlPath, b.Start.Line, "battery_transition_model", "only the default (linear, null) transition model is supported");
            battery = new BatterySpec(capacity, Number(yamlPath, b, "min_capacity"), Number(yamlPath, b, "max_charge"),
                Number(yamlPath, b, "max_discharge"), Number(yamlPath, b, "efficiency"), Number(yamlPath, b, "battery_cost_cycle"), initSoc);
            battery.Validate(yamlPath);
        }

        GensetSpec? genset = null;
        if (byClass.TryGetValue("Genset", out var g))
        {
            if (Number(yamlPath, g, "start_up_time") != 0 || Number(yamlPath, g, "wind_down_time") != 0)
                throw new DataInputException(yamlPath, g.Start.Line, "start_up_time", "only start_up_time = wind_down_time = 0 is supported");
            genset = new GensetSpec(Number(yamlPath, g, "running_max_production"), Number(yamlPath, g, "running_min_production"),
                Number(yamlPath, g, "genset_cost"), Number(yamlPath, g, "co2_per_unit"), Number(yamlPath, g, "cost_per_unit_co2"),
                InitiallyOn: Child(g, "init_start_up") is YamlScalarNode { Value: "true" });
            genset.Validate(yamlPath);
        }

        GridConnection? grid = null;
        if (byClass.TryGetValue("GridModule", out var gm))
        {
            var cols = ReadSeries(dir, "GridModule", 4);
            var path = SeriesPath(dir, "GridModule");
            if (cols[0].Length != load.Length) throw new DataInputException(path, null, null, $"{cols[0].Length} steps, but the load has {load.Length}");
            var status = new bool[cols[3].Length];
            for (var t = 0; t < status.Length; t++)
            {
                status[t] = cols[3][t] switch
                {
                    1 => true,
                    0 => false,
                    _ => throw new DataInputException(path, t + 2, "3", "grid status must be 0 or 1"),
                };
                if (cols[0][t] < 0 || cols[2][t] < 0) throw new DataInputException(path, t + 2, cols[0][t] < 0 ? "0" : "2", "import price and CO2 intensity must be ≥ 0");
            }
            grid = new GridConnection(cols[0], cols[1], cols[2], status, Number(yamlPath, gm, "max_import"), Number(yamlPath, gm, "max_export"),
                Number(yamlPath, gm, "cost_per_unit_co2"));
        }

        var name = Path.GetFileNameWithoutExtension(yamlPath);
        return new MiniGrid
        {
            Name = name,
            Load = load,
            Pv = pv,
            Battery = battery,
            Genset = genset,
            Grid = grid,
            Costs = costs,
            Loads = [new LoadClass("load", LoadKind.Other, 3, name, load)],
            Source = dir,
        };
    }

    private static string SeriesPath(string dir, string module) => Path.Combine(dir, module + "_time_series.csv.gz");

    /// <summary>Reads <c>&lt;module&gt;_time_series.csv.gz</c>: header, then <c>index,v0[,v1…]</c> with indices 0, 1, 2… (no gap, no duplicate).</summary>
    internal static double[][] ReadSeries(string dir, string module, int columns)
    {
        var path = SeriesPath(dir, module);
        if (!File.Exists(path)) throw new DataInputException(path, null, null, $"time series of {module} not found");
        var values = Enumerable.Range(0, columns).Select(_ => new List<double>(8760)).ToArray();
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var header = reader.ReadLine() ?? throw new DataInputException(path, 1, null, "empty file");
        var headerFields = header.Split(',');
        if (headerFields.Length != columns + 1)
            throw new DataInputException(path, 1, null, $"expected an index column and {columns} value column(s), found {headerFields.Length} columns");
        long lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0) throw new DataInputException(path, lineNo, null, "empty line");
            var f = line.Split(',');
            if (f.Length != columns + 1) throw new DataInputException(path, lineNo, null, $"expected {columns + 1} fields, found {f.Length}");
            if (!long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                throw new DataInputException(path, lineNo, "index", $"'{f[0]}' is not a step number");
            var expected = values[0].Count;
            if (index < expected) throw new DataInputException(path, lineNo, "index", $"duplicate step {index}");
            if (index > expected) throw new DataInputException(path, lineNo, "index", $"gap: step {index} follows step {expected - 1} (steps {expected}..{index - 1} missing)");
            for (var c = 0; c < columns; c++)
            {
                if (!double.TryParse(f[c + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw new DataInputException(path, lineNo, headerFields[c + 1], $"'{f[c + 1]}' is not a finite number");
                values[c].Add(v);
            }
        }
        if (values[0].Count == 0) throw new DataInputException(path, 2, null, "no data rows");
        return [.. values.Select(v => v.ToArray())];
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static double Number(string path, YamlMappingNode node, string key)
    {
        if (Child(node, key) is not YamlScalarNode scalar)
            throw new DataInputException(path, node.Start.Line, key, "missing");
        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new DataInputException(path, scalar.Start.Line, key, $"'{scalar.Value}' is not a finite number");
        return v;
    }
}
