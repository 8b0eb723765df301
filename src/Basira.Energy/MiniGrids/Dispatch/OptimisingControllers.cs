using Google.OrTools.LinearSolver;

namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>
/// Perfect foresight over the whole simulated period, solved once: an LP when the genset needs no on/off decision,
/// otherwise a MILP (binary on/off with minimum load, no-load fuel, start cost) on SCIP with a time limit and a relative
/// gap. Its plan is replayed through the simulator, so its cost is measured like every other controller's.
/// With <c>relaxed</c> the LP relaxation is solved and each step's genset is repaired to its minimum load
/// (a lower bound and a near-optimal plan, fast).
/// </summary>
public sealed class OptimalController(TimeSpan? timeLimit = null, double relativeGap = 1e-6, bool relaxed = false) : IDispatchController
{
    private StepAction[] _plan = [];
    private Dictionary<string, object?> _report = [];

    public string Name => "optimal";

    public IReadOnlyDictionary<string, object?>? Report => _report;

    public void Start(MiniGrid grid, int steps)
    {
        var integer = !relaxed && grid.Genset is { HasCommitment: true };
        using var model = new HorizonModel(grid, steps, integer);
        model.Set(new HorizonData(steps).FillActual(grid, 0), new DispatchState(grid.Battery?.InitialSocKwh ?? 0, grid.Genset?.InitiallyOn ?? false));
        if (integer)
        {
            model.SetTimeLimit(timeLimit ?? TimeSpan.FromSeconds(300));
            model.SetRelativeGap(relativeGap);
        }
        var status = model.Solve();
        if (!model.Solved) throw new InvalidOperationException($"the perfect-foresight {(integer ? "MILP" : "LP")} was not solved: {status}");
        _plan = new StepAction[steps];
        for (var k = 0; k < steps; k++) _plan[k] = model.Action(k);
        _report = new Dictionary<string, object?>
        {
            ["solver"] = integer ? "SCIP (OR-Tools)" : "GLOP (OR-Tools)",
            ["problem"] = integer ? "MILP" : "LP",
            ["status"] = status.ToString(),
            ["objective"] = model.ObjectiveValue,
            ["best_bound"] = model.BestBound,
        };
    }

    public StepAction Decide(int t, DispatchState state)
    {
        var a = _plan[t];
        return a;
    }
}

/// <summary>What an MPC sees of the next <see cref="DispatchProtocol.Horizon"/> steps.</summary>
public interface IHorizonSource
{
    string Name { get; }

    void Start(MiniGrid grid);

    /// <summary>
    /// Fills <paramref name="data"/> for steps [t, t + Length): step t is measured (actual), the later steps are the
    /// oracle's actual values or a forecast made from steps ≤ t only.
    /// </summary>
    void Fill(int t, HorizonData data);
}

/// <summary>The perfect forecast (pymgrid's oracle).</summary>
public sealed class OracleSource : IHorizonSource
{
    private MiniGrid _grid = null!;
    public string Name => "oracle";
    public void Start(MiniGrid grid) => _grid = grid;
    public void Fill(int t, HorizonData data) => data.FillActual(_grid, t);
}

/// <summary>
/// Model-predictive control on a rolling horizon (24 steps): at each step the horizon problem is solved from the current
/// state with the source's data (oracle or forecast) and only the first step is applied. The LP (GLOP) is solved first,
/// on one OR-Tools model built once and updated in place (GLOP restarts from the previous basis). When its solution
/// already respects the genset's on/off logic (every step off or at least at its minimum load, and no fractional on/off
/// when there are no-load or start costs), it is also the MILP's optimum and is applied; otherwise the same horizon is
/// made to respect it: by default by a dive (the earliest step whose on/off is fractional is fixed on, then off, the
/// cheaper LP is kept, until no step is fractional: a few GLOP solves), or exactly with <c>exactCommitment</c> (the same
/// horizon as a MILP on SCIP: binary on/off with minimum load, no-load fuel and start cost; ~30 ms a solve).
/// </summary>
public sealed class MpcController(IHorizonSource source, int horizon = DispatchProtocol.Horizon, bool exactCommitment = false) : IDispatchController
{
    private MiniGrid _grid = null!;
    private HorizonModel? _lp, _milp;

    /// <summary>Steps of the horizon whose on/off the dive makes integral (the later ones stay relaxed).</summary>
    public int DiveDepth { get; init; } = int.MaxValue;

    /// <summary>
    /// True (default): the horizon stops at the last simulated step, as the perfect-foresight optimum's does — steps past
    /// it get no load, no PV and no grid, so nothing is stored for after the end. False: the horizon reads the data past
    /// the end (pymgrid's MPC does; at the end of the year it then charges for a day it is never charged for).
    /// </summary>
    public bool HorizonEndsWithSimulation { get; init; } = true;

    /// <summary>
    /// Value per kWh of energy stored at the end of the horizon (0: none). Stored energy left for after the horizon
    /// then competes with the genset's cost within it.
    /// </summary>
    public double TerminalSocValue { get; init; }

    /// <summary>
    /// In the dive, the genset is kept on at the first step only when that is cheaper than off by more than this margin
    /// (cost units; 0: the cheaper branch). Under forecast errors "off now, decide again next hour" keeps options open.
    /// </summary>
    public double OffBias { get; init; }

    /// <summary>Weight decrease per step of the horizon's costs (the tie-break; see <see cref="HorizonModel.TimePreference"/>).</summary>
    public double TimePreference { get; init; } = HorizonModel.TimePreference;

    private int _steps;
    private HorizonData _data = null!;
    private int _lpSolves, _milpSolves, _dives;
    private double _milpSeconds;
    private Solver.ResultStatus _worst = Solver.ResultStatus.OPTIMAL;

    public string Name => "mpc-" + source.Name;

    public IReadOnlyDictionary<string, object?>? Report => new Dictionary<string, object?>
    {
        ["solver"] = exactCommitment ? "GLOP (OR-Tools) updated in place; SCIP where the LP leaves the genset's on/off fractional" : "GLOP (OR-Tools), one model updated in place; dive on fractional genset on/off",
        ["horizon"] = horizon,
        ["lp_solves"] = _lpSolves,
        ["milp_solves"] = _milpSolves,
        ["dive_steps"] = _dives,
        ["milp_seconds"] = Math.Round(_milpSeconds, 2),
        ["worst_status"] = _worst.ToString(),
        ["forecast"] = source.Name,
        ["horizon_ends_with_simulation"] = HorizonEndsWithSimulation,
        ["terminal_soc_value"] = TerminalSocValue,
        ["off_bias"] = OffBias,
        ["time_preference"] = TimePreference,
    };

    public void Start(MiniGrid grid, int steps)
    {
        _grid = grid;
        _steps = steps;
        _lp?.Dispose();
        _milp?.Dispose();
        _lp = new HorizonModel(grid, horizon, integer: false, TerminalSocValue, tieBreak: true, TimePreference);
        _milp = exactCommitment && grid.Genset is { HasCommitment: true } ? new HorizonModel(grid, horizon, integer: true, TerminalSocValue, tieBreak: true, TimePreference) : null;
        _milp?.SetRelativeGap(1e-7);
        _milp?.SetTimeLimit(TimeSpan.FromSeconds(10));
        _data = new HorizonData(horizon);
        _lpSolves = _milpSolves = _dives = 0;
        _milpSeconds = 0;
        source.Start(grid);
    }

    public StepAction Decide(int t, DispatchState state)
    {
        var lp = _lp!;
        source.Fill(t, _data);
        if (HorizonEndsWithSimulation)
            for (var k = Math.Max(0, _steps - t); k < _data.Length; k++)
            {
                _data.Load[k] = _data.Pv[k] = 0;
                _data.GridAvailable[k] = false;
            }
        lp.Set(_data, state);
        Solve(lp);
        if (_grid.Genset is not { HasCommitment: true } || FractionalStep(lp) < 0) return lp.Action(0);
        if (_milp is null) return Dive(lp);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        _milp.Set(_data, state);
        Solve(_milp);
        _milpSolves++;
        _milpSeconds += sw.Elapsed.TotalSeconds;
        return _milp.Action(0);
    }

    /// <summary>Fixes the fractional on/off decisions one at a time, earliest first, keeping the cheaper LP each time.</summary>
    private StepAction Dive(HorizonModel lp)
    {
        var fixedSteps = new List<int>();
        for (var k = FractionalStep(lp); k >= 0; k = FractionalStep(lp))
        {
            _dives++;
            fixedSteps.Add(k);
            // on first: off wins about two times in three, and the last branch solved needs no re-solve
            lp.FixOn(k, true);
            Solve(lp);
            var on = lp.ObjectiveValue;
            lp.FixOn(k, false);
            Solve(lp);
            if (on < lp.ObjectiveValue - (k == 0 ? OffBias : 0))
            {
                lp.FixOn(k, true);
                Solve(lp);
            }
        }
        var action = lp.Action(0);
        foreach (var k in fixedSteps) lp.FixOn(k, null);
        return action;
    }

    /// <summary>The earliest step whose genset on/off the LP left fractional (below minimum load, or u ∉ {0, 1} with fixed costs), or −1.</summary>
    private int FractionalStep(HorizonModel lp)
    {
        var gs = _grid.Genset!;
        var depth = Math.Min(lp.Length, DiveDepth);
        for (var k = 0; k < depth; k++)
        {
            var g = lp.Genset(k);
            if (g > 1e-7 && g < gs.MinKw - 1e-6) return k;
            if (gs.HasFixedCosts)
            {
                var u = lp.Commitment(k);
                if (u > 1e-7 && u < 1 - 1e-7) return k;
            }
        }
        return -1;
    }

    private void Solve(HorizonModel model)
    {
        var status = model.Solve();
        if (!model.Integer) _lpSolves++;
        if (!model.Solved)
        {
            _worst = status;
            throw new InvalidOperationException($"MPC horizon {(model.Integer ? "MILP" : "LP")} not solved: {status}");
        }
        if (status != Solver.ResultStatus.OPTIMAL) _worst = status;
    }
}
