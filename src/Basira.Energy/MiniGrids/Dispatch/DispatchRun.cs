using System.Diagnostics;

namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>A dispatch policy: asked once per step, in order, with the state before the step.</summary>
public interface IDispatchController
{
    /// <summary>Name on the command line (rule, cycle, optimal, mpc-oracle, mpc-forecast).</summary>
    string Name { get; }

    /// <summary>Called once before step 0 with the number of steps that will be simulated.</summary>
    void Start(MiniGrid grid, int steps);

    /// <summary>
    /// The action for step <paramref name="t"/>. A controller may read the load and PV of step t (they are measured
    /// when it acts, as pymgrid's rule-based and MPC controllers do) and, unless it is an oracle, nothing after t.
    /// </summary>
    StepAction Decide(int t, DispatchState state);

    /// <summary>Solver facts to report (status, bound, gap), or null.</summary>
    IReadOnlyDictionary<string, object?>? Report => null;
}

/// <summary>Totals of a dispatch over the reported window, and every simulated step.</summary>
public sealed record DispatchResult
{
    public required string Grid { get; init; }
    public required string Controller { get; init; }
    public required string Window { get; init; }
    public required int WindowStart { get; init; }
    public required int Steps { get; init; }
    public required int SimulatedSteps { get; init; }
    public required double Cost { get; init; }
    public required double GensetKwh { get; init; }
    public required double UnmetKwh { get; init; }
    public required double CurtailedKwh { get; init; }
    public required double OvergenerationKwh { get; init; }
    public required double BatteryThroughputKwh { get; init; }
    public required double ImportKwh { get; init; }
    public required double ExportKwh { get; init; }
    public required double Co2Kg { get; init; }
    public required int GensetStarts { get; init; }
    public required double Seconds { get; init; }
    public required StepOutcome[] Outcomes { get; init; }
    public IReadOnlyDictionary<string, object?>? Solver { get; init; }
}

/// <summary>Runs a controller through the simulator over the protocol's steps and totals the reported window.</summary>
public static class DispatchRun
{
    public static DispatchResult Run(MiniGrid grid, IDispatchController controller, bool testWindow = true, int? steps = null,
        Action<string>? log = null, CancellationToken ct = default)
    {
        var total = steps ?? grid.SimulatedSteps();
        if (total <= 0) throw new Governance.DataInputException(grid.Source, null, null, $"{grid.Steps} steps: too short for a dispatch (needs more than {DispatchProtocol.Horizon})");
        var sw = Stopwatch.StartNew();
        controller.Start(grid, total);
        var sim = new DispatchSimulator(grid);
        var outcomes = new StepOutcome[total];
        for (var t = 0; t < total; t++)
        {
            if ((t & 255) == 0) ct.ThrowIfCancellationRequested();
            outcomes[t] = sim.Apply(t, controller.Decide(t, sim.State));
            if (log is not null && t > 0 && t % 2000 == 0) log($"{controller.Name}: step {t}/{total}");
        }
        var seconds = sw.Elapsed.TotalSeconds;
        var (start, end) = DispatchProtocol.Window(total, testWindow);
        double cost = 0, gen = 0, unmet = 0, curt = 0, over = 0, thr = 0, imp = 0, exp = 0, co2 = 0;
        var starts = 0;
        for (var t = start; t < end; t++)
        {
            var o = outcomes[t];
            cost += o.Cost;
            gen += o.GensetKwh;
            unmet += o.UnmetKwh;
            curt += o.CurtailedKwh;
            over += o.OvergenerationKwh;
            thr += o.ChargeKwh + o.DischargeKwh;
            imp += o.ImportKwh;
            exp += o.ExportKwh;
            co2 += o.Co2Kg;
            if (o.GensetStart) starts++;
        }
        return new DispatchResult
        {
            Grid = grid.Name,
            Controller = controller.Name,
            Window = testWindow ? "test" : "full",
            WindowStart = start,
            Steps = end - start,
            SimulatedSteps = total,
            Cost = cost,
            GensetKwh = gen,
            UnmetKwh = unmet,
            CurtailedKwh = curt,
            OvergenerationKwh = over,
            BatteryThroughputKwh = thr,
            ImportKwh = imp,
            ExportKwh = exp,
            Co2Kg = co2,
            GensetStarts = starts,
            Seconds = seconds,
            Outcomes = outcomes,
            Solver = controller.Report,
        };
    }
}
