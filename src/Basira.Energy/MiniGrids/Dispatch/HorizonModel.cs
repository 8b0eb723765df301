using Google.OrTools.LinearSolver;

namespace Basira.Energy.MiniGrids.Dispatch;

/// <summary>Inputs of one horizon: load, PV available and (with a grid) import cost, export price and availability, per step.</summary>
public sealed class HorizonData(int length)
{
    public double[] Load { get; } = new double[length];
    public double[] Pv { get; } = new double[length];
    public double[] ImportCost { get; } = new double[length];
    public double[] ExportPrice { get; } = new double[length];
    public bool[] GridAvailable { get; } = new bool[length];
    public int Length => Load.Length;

    /// <summary>The actual data of steps [t0, t0 + Length) (the oracle).</summary>
    public HorizonData FillActual(MiniGrid grid, int t0)
    {
        for (var k = 0; k < Length; k++)
        {
            var t = t0 + k;
            Load[k] = grid.Load[t];
            Pv[k] = grid.Pv[t];
            if (grid.Grid is { } g)
            {
                ImportCost[k] = g.ImportCost(t);
                ExportPrice[k] = g.ExportPrice[t];
                GridAvailable[k] = g.Available[t];
            }
        }
        return this;
    }
}

/// <summary>
/// The dispatch optimisation over a horizon (OR-Tools): the perfect-foresight LP/MILP over a whole year and the 24-step
/// problem of MPC, built once and updated in place between solves (GLOP reuses its basis).
/// <para>
/// Per step k: PV used p ≤ PV, internal charge c ≤ max, discharge d ≤ max, state of charge s ∈ [min, capacity], genset
/// g ≤ rated·u (and ≥ min·u), on/off u, start z ≥ u_k − u_{k−1}, unmet l ≤ load, over-generation o, import/export.
/// Balance p + g + η·d − c/η + l − o + import − export = load; s_k = s_{k−1} + c_k − d_k.
/// Cost: genset (kWh·marginal + u·no-load + z·start) + cycle·(c + d) + 10·l + 1·o + import·(price + CO2) − export·price.
/// With <c>integer</c> u is binary (MILP with minimum load and start-up); otherwise u ∈ [0, 1] (the LP relaxation:
/// with pymgrid's linear genset it is the LP of BASELINES.md).
/// </para>
/// </summary>
public sealed class HorizonModel : IDisposable
{
    private readonly MiniGrid _grid;
    private readonly Solver _solver;
    private readonly Objective _objective;
    private readonly Variable[] _p, _l, _o;
    private readonly Variable[]? _c, _d, _s, _g, _u, _z, _imp, _exp;
    private readonly Constraint[] _balance;
    private readonly Constraint? _socStart, _startFirst;
    private readonly double _eta;
    private readonly double[] _w;

    /// <summary>
    /// Tie-break of the rolling horizon (MPC only): costs at step k weigh 1 − 2e-5·k, so among plans of equal cost
    /// within the horizon the battery is discharged before the genset runs, and PV used now earns up to 1e-4 per kWh,
    /// so surplus PV is stored now rather than later. Both free room in the battery for what lies beyond the horizon.
    /// </summary>
    public const double TimePreference = 2e-5, EarlyPvReward = 1e-4;

    public HorizonModel(MiniGrid grid, int length, bool integer = false, double terminalSocValue = 0, bool tieBreak = false, double timePreference = TimePreference)
    {
        _w = new double[length];
        for (var k = 0; k < length; k++) _w[k] = tieBreak ? 1 - timePreference * k : 1;
        _grid = grid;
        Length = length;
        Integer = integer;
        _solver = Solver.CreateSolver(integer ? "SCIP" : "GLOP") ?? throw new InvalidOperationException("OR-Tools solver not available");
        _objective = _solver.Objective();
        _objective.SetMinimization();
        // small LPs re-solved thousands of times: presolve and scaling cost more than they save (half the time, same optima)
        if (!integer) _solver.SetSolverSpecificParametersAsString("use_preprocessing: false, use_scaling: false");
        var inf = double.PositiveInfinity;
        var costs = grid.Costs;
        _eta = grid.Battery?.Efficiency ?? 1;

        _p = new Variable[length];
        _l = new Variable[length];
        _o = new Variable[length];
        _balance = new Constraint[length];
        for (var k = 0; k < length; k++)
        {
            _p[k] = _solver.MakeNumVar(0, 0, "");
            _l[k] = _solver.MakeNumVar(0, 0, "");
            _o[k] = _solver.MakeNumVar(0, inf, "");
            _objective.SetCoefficient(_l[k], _w[k] * costs.UnmetPerKwh);
            _objective.SetCoefficient(_o[k], _w[k] * costs.OvergenerationPerKwh);
            if (tieBreak) _objective.SetCoefficient(_p[k], -EarlyPvReward * (length - k) / length);
            _balance[k] = _solver.MakeConstraint(0, 0, "");
            _balance[k].SetCoefficient(_p[k], 1);
            _balance[k].SetCoefficient(_l[k], 1);
            _balance[k].SetCoefficient(_o[k], -1);
        }

        if (grid.Battery is { } b)
        {
            _c = new Variable[length];
            _d = new Variable[length];
            _s = new Variable[length];
            for (var k = 0; k < length; k++)
            {
                _c[k] = _solver.MakeNumVar(0, b.MaxChargeKwh, "");
                _d[k] = _solver.MakeNumVar(0, b.MaxDischargeKwh, "");
                _s[k] = _solver.MakeNumVar(b.MinSocKwh, b.CapacityKwh, "");
                _objective.SetCoefficient(_c[k], _w[k] * b.CycleCostPerKwh);
                _objective.SetCoefficient(_d[k], _w[k] * b.CycleCostPerKwh);
                _balance[k].SetCoefficient(_c[k], -1 / _eta);
                _balance[k].SetCoefficient(_d[k], _eta);
                var dyn = k == 0 ? _socStart = _solver.MakeConstraint(0, 0, "") : _solver.MakeConstraint(0, 0, "");
                dyn.SetCoefficient(_s[k], 1);
                dyn.SetCoefficient(_c[k], -1);
                dyn.SetCoefficient(_d[k], 1);
                if (k > 0) dyn.SetCoefficient(_s[k - 1], -1);
            }
            if (terminalSocValue != 0) _objective.SetCoefficient(_s[length - 1], -terminalSocValue);
        }

        if (grid.Genset is { } gs)
        {
            _g = new Variable[length];
            for (var k = 0; k < length; k++)
            {
                _g[k] = _solver.MakeNumVar(0, gs.MaxKw, "");
                _objective.SetCoefficient(_g[k], _w[k] * gs.MarginalCost);
                _balance[k].SetCoefficient(_g[k], 1);
            }
            if (gs.HasCommitment)
            {
                _u = new Variable[length];
                for (var k = 0; k < length; k++)
                {
                    _u[k] = integer ? _solver.MakeBoolVar("") : _solver.MakeNumVar(0, 1, "");
                    _objective.SetCoefficient(_u[k], _w[k] * gs.OnCost);
                    var upper = _solver.MakeConstraint(double.NegativeInfinity, 0, "");
                    upper.SetCoefficient(_g[k], 1);
                    upper.SetCoefficient(_u[k], -gs.MaxKw);
                    if (gs.MinKw > 0)
                    {
                        var lower = _solver.MakeConstraint(0, inf, "");
                        lower.SetCoefficient(_g[k], 1);
                        lower.SetCoefficient(_u[k], -gs.MinKw);
                    }
                }
                if (gs.StartCost > 0)
                {
                    _z = new Variable[length];
                    for (var k = 0; k < length; k++)
                    {
                        _z[k] = _solver.MakeNumVar(0, 1, "");
                        _objective.SetCoefficient(_z[k], _w[k] * gs.StartCost);
                        // z_k ≥ u_k − u_{k−1}  ⇔  z_k − u_k + u_{k−1} ≥ 0 (k = 0: z_0 − u_0 ≥ −u_init)
                        var st = k == 0 ? _startFirst = _solver.MakeConstraint(0, inf, "") : _solver.MakeConstraint(0, inf, "");
                        st.SetCoefficient(_z[k], 1);
                        st.SetCoefficient(_u[k], -1);
                        if (k > 0) st.SetCoefficient(_u[k - 1], 1);
                    }
                }
            }
        }

        if (grid.Grid is { } gc)
        {
            _imp = new Variable[length];
            _exp = new Variable[length];
            for (var k = 0; k < length; k++)
            {
                _imp[k] = _solver.MakeNumVar(0, gc.MaxImportKwh, "");
                _exp[k] = _solver.MakeNumVar(0, gc.MaxExportKwh, "");
                _balance[k].SetCoefficient(_imp[k], 1);
                _balance[k].SetCoefficient(_exp[k], -1);
            }
        }
    }

    public int Length { get; }
    public bool Integer { get; }

    /// <summary>Solver status of the last <see cref="Solve"/>.</summary>
    public Solver.ResultStatus Status { get; private set; } = Solver.ResultStatus.NOT_SOLVED;

    public double ObjectiveValue => _objective.Value();

    /// <summary>Best bound of a MILP (equal to the objective for an LP solved to optimality).</summary>
    public double BestBound => Integer ? _objective.BestBound() : _objective.Value();

    /// <summary>Sets the data of the horizon and the state before its first step.</summary>
    public void Set(HorizonData data, DispatchState state)
    {
        if (data.Length != Length) throw new ArgumentException($"horizon data has {data.Length} steps, the model {Length}", nameof(data));
        for (var k = 0; k < Length; k++)
        {
            _p[k].SetUb(data.Pv[k]);
            _l[k].SetUb(data.Load[k]);
            _balance[k].SetBounds(data.Load[k], data.Load[k]);
            if (_imp is not null)
            {
                var gc = _grid.Grid!;
                _imp[k].SetUb(data.GridAvailable[k] ? gc.MaxImportKwh : 0);
                _exp![k].SetUb(data.GridAvailable[k] ? gc.MaxExportKwh : 0);
                _objective.SetCoefficient(_imp[k], _w[k] * data.ImportCost[k]);
                _objective.SetCoefficient(_exp[k], -_w[k] * data.ExportPrice[k]);
            }
        }
        _socStart?.SetBounds(state.SocKwh, state.SocKwh);
        var onBefore = state.GensetOn ? 1.0 : 0.0;
        _startFirst?.SetBounds(-onBefore, double.PositiveInfinity);
    }

    /// <summary>Fixes (or frees, with null) the genset's on/off state at step k; no-op without a commitment variable.</summary>
    public void FixOn(int k, bool? on)
    {
        if (_u is null) return;
        if (on is { } v) _u[k].SetBounds(v ? 1 : 0, v ? 1 : 0);
        else _u[k].SetBounds(0, 1);
    }

    public bool HasCommitment => _u is not null;

    public void SetTimeLimit(TimeSpan limit) => _solver.SetTimeLimit((long)limit.TotalMilliseconds);

    /// <summary>Relative gap at which SCIP stops (MILP only).</summary>
    public void SetRelativeGap(double gap) => _gap = gap;

    private double? _gap;

    public Solver.ResultStatus Solve()
    {
        if (_gap is { } gap && Integer)
        {
            using var p = new MPSolverParameters();
            p.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, gap);
            Status = _solver.Solve(p);
        }
        else Status = _solver.Solve();
        return Status;
    }

    public bool Solved => Status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;

    public double Genset(int k) => _g?[k].SolutionValue() ?? 0;
    public double Commitment(int k) => _u?[k].SolutionValue() ?? (Genset(k) > 1e-9 ? 1 : 0);
    public double Charge(int k) => _c?[k].SolutionValue() ?? 0;
    public double Discharge(int k) => _d?[k].SolutionValue() ?? 0;
    public double Soc(int k) => _s?[k].SolutionValue() ?? 0;
    public double Unmet(int k) => _l[k].SolutionValue();

    /// <summary>
    /// Turns the solved model into "among the optimal plans (cost ≤ <paramref name="bound"/>), the one that puts the least
    /// (or most) cost in steps [start, end)": the range of an optimum's share of a window, which is not unique.
    /// </summary>
    public void OptimiseWindowShare(double bound, int start, int end, bool maximise)
    {
        var all = _solver.variables();
        var keep = _solver.MakeConstraint(double.NegativeInfinity, bound, "");
        foreach (var v in all) keep.SetCoefficient(v, _objective.GetCoefficient(v));
        for (var k = 0; k < Length; k++)
        {
            if (k >= start && k < end) continue;
            foreach (var v in StepVariables(k)) _objective.SetCoefficient(v, 0);
        }
        if (maximise) _objective.SetMaximization();
    }

    private IEnumerable<Variable> StepVariables(int k)
    {
        yield return _p[k];
        yield return _l[k];
        yield return _o[k];
        foreach (var a in new[] { _c, _d, _s, _g, _u, _z, _imp, _exp })
            if (a is not null) yield return a[k];
    }

    /// <summary>Cost of step k in the solution, by the cost model (no tie-break weights).</summary>
    public double StepCost(int k, HorizonData data)
    {
        var cost = _grid.Costs.UnmetPerKwh * _l[k].SolutionValue() + _grid.Costs.OvergenerationPerKwh * _o[k].SolutionValue();
        if (_grid.Battery is { } b) cost += b.CycleCostPerKwh * (Charge(k) + Discharge(k));
        if (_grid.Genset is { } g)
            cost += g.MarginalCost * Genset(k) + (_u is null ? 0 : g.OnCost * _u[k].SolutionValue()) + (_z is null ? 0 : g.StartCost * _z[k].SolutionValue());
        if (_imp is not null) cost += data.ImportCost[k] * _imp[k].SolutionValue() - data.ExportPrice[k] * _exp![k].SolutionValue();
        return cost;
    }

    /// <summary>The solution at step k as an action for the simulator (battery as net internal energy).</summary>
    public StepAction Action(int k) =>
        new(Genset(k), Charge(k) - Discharge(k), _imp?[k].SolutionValue() ?? 0, _exp?[k].SolutionValue() ?? 0, KeepOn: Commitment(k) > 0.5);

    public void Dispose() => _solver.Dispose();
}
