using System.Globalization;

namespace Basira.Governance.Fairness;

/// <summary>
/// The fairness audit kernel. Computes per-group confusion metrics, symmetric (fairlearn-style) summaries, the
/// signed (AIF360-style) reference comparison, aequitas-style disparities with Kleene roll-ups, conditional
/// (control-feature) results and calibration within groups. Undefined values are null with a reason code.
/// </summary>
public static class FairnessAuditor
{
    /// <summary>Separator of intersectional and attribute keys.</summary>
    public const string KeySeparator = "|";

    /// <summary>Runs the audit.</summary>
    /// <exception cref="ArgumentException">Columns of different lengths, invalid weights, scores or options.</exception>
    public static FairnessReport Audit(FairnessInput input, FairnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var frame = Frame.Create(input, options);

        var all = Enumerable.Range(0, frame.Rows).ToArray();
        var core = AuditRows(frame, all, options);

        var attributes = input.SensitiveFeatures.Count == 0 || frame.Rows == 0
            ? []
            : input.SensitiveFeatures.Select(c => AttributeDisparities(frame, c.Name, options)).ToList();

        var strata = new List<StratumReport>();
        if (input.ControlFeatures.Count > 0 && frame.Rows > 0)
        {
            var controlNames = input.ControlFeatures.Select(c => c.Name).ToArray();
            foreach (var (key, _, rows) in Partition(frame, controlNames, includeEmpty: false))
            {
                var s = AuditRows(frame, rows, options);
                strata.Add(new StratumReport
                {
                    Key = key,
                    Status = s.Status,
                    Overall = s.Overall,
                    Groups = s.Groups,
                    BetweenGroups = s.Between,
                    ToOverall = s.ToOverall,
                });
            }
        }

        return new FairnessReport
        {
            Status = core.Status,
            StatusReasons = core.Reasons,
            SensitiveFeatures = frame.SensitiveNames,
            PositiveLabels = options.PositiveLabels,
            MinGroupSize = options.MinGroupSize,
            Weighted = input.SampleWeight is not null,
            Overall = core.Overall,
            Groups = core.Groups,
            BetweenGroups = core.Between,
            ToOverall = core.ToOverall,
            ReferenceComparison = options.Privileged is null || frame.Rows == 0 ? null : Compare(frame, options),
            Attributes = attributes,
            Strata = strata,
            Calibration = input.YScore is null ? null : Calibrate(frame, options),
        };
    }

    /// <summary>
    /// AIF360 class imbalance of a protected attribute (a representation check on the data; no labels needed):
    /// (w(unprivileged) − w(privileged)) / (w(unprivileged) + w(privileged)). Null when no row is selected.
    /// </summary>
    /// <param name="columns">The attribute columns referenced by the selectors.</param>
    /// <param name="sampleWeight">Optional weights (1 per row otherwise).</param>
    /// <param name="privileged">Reference rows.</param>
    /// <param name="unprivileged">Compared rows; the rest of the rows when null.</param>
    public static double? ClassImbalance(IReadOnlyList<FeatureColumn> columns, IReadOnlyList<double>? sampleWeight,
        GroupSelector privileged, GroupSelector? unprivileged = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(privileged);
        var rows = columns.Count == 0 ? 0 : columns[0].Values.Count;
        var map = columns.ToDictionary(c => c.Name, c => c.Values, StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (c.Values.Count != rows)
                throw new ArgumentException($"Column '{c.Name}' has {c.Values.Count} values, expected {rows}.", nameof(columns));
        }
        if (sampleWeight is not null && sampleWeight.Count != rows)
            throw new ArgumentException($"sample_weight has {sampleWeight.Count} values, expected {rows}.", nameof(sampleWeight));
        CheckSelector(privileged, map);
        if (unprivileged is not null) CheckSelector(unprivileged, map);
        double wp = 0, wu = 0;
        for (var i = 0; i < rows; i++)
        {
            var w = Weight(sampleWeight, i);
            var isP = privileged.Matches(map, i);
            var isU = unprivileged?.Matches(map, i) ?? !isP;
            if (isP && isU)
                throw new ArgumentException($"Row {i} matches both the privileged and the unprivileged selector.");
            if (isP) wp += w;
            else if (isU) wu += w;
        }
        var total = wp + wu;
        return total > 0 ? (wu - wp) / total : null;
    }

    /// <summary>
    /// Calibration within groups without predicted labels: per group (intersection of the sensitive columns) the mean
    /// score, the observed positive rate, calibration-in-the-large and a reliability table over the score bins.
    /// </summary>
    /// <param name="yTrue">Observed outcome per row (mapped with the options' positive labels).</param>
    /// <param name="yScore">Model score per row.</param>
    /// <param name="sensitiveFeatures">Sensitive columns (none: a single "overall" group).</param>
    /// <param name="sampleWeight">Optional non-negative weights.</param>
    /// <param name="options">Positive labels, bins and interval settings.</param>
    public static IReadOnlyList<CalibrationGroup> CalibrationWithinGroups(IReadOnlyList<string> yTrue, IReadOnlyList<double> yScore,
        IReadOnlyList<FeatureColumn> sensitiveFeatures, IReadOnlyList<double>? sampleWeight, FairnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yScore);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // Calibration never reads predicted labels; y_true stands in for them so the frame validates.
        var frame = Frame.Create(new FairnessInput
        {
            YTrue = yTrue,
            YPred = yTrue,
            YScore = yScore,
            SampleWeight = sampleWeight,
            SensitiveFeatures = sensitiveFeatures ?? [],
        }, options);
        return Calibrate(frame, options);
    }

    // ---------------------------------------------------------------- core

    private sealed record Core(FairnessStatus Status, IReadOnlyList<string> Reasons, GroupMetrics Overall,
        IReadOnlyList<GroupMetrics> Groups, FairnessSummary Between, FairnessSummary ToOverall);

    private static Core AuditRows(Frame frame, int[] rows, FairnessOptions options)
    {
        var overallTally = Tally(frame, rows);
        var k = overallTally.PredictedPositive;
        var overall = overallTally.ToMetrics("overall", [], k, options, UndefinedReason.EmptyInput);

        var groups = new List<GroupMetrics>();
        if (frame.SensitiveNames.Count > 0)
        {
            foreach (var (key, parts, groupRows) in Partition(frame, frame.SensitiveNames, includeEmpty: true, rows))
                groups.Add(Tally(frame, groupRows).ToMetrics(key, parts, k, options));
        }

        var reasons = new List<string>();
        FairnessStatus status;
        var nonEmpty = groups.Count(g => g.Rows > 0);
        if (rows.Length == 0)
        {
            status = FairnessStatus.NotAssessable;
            reasons.Add(UndefinedReason.EmptyInput);
        }
        else if (frame.SensitiveNames.Count == 0)
        {
            status = FairnessStatus.NotAssessable;
            reasons.Add(UndefinedReason.NoSensitiveFeature);
        }
        else if (nonEmpty < 2)
        {
            status = FairnessStatus.NotAssessable;
            reasons.Add(UndefinedReason.SingleGroup);
        }
        else
        {
            var small = groups.Where(g => g.InsufficientEvidence).ToList();
            status = small.Count > 0 ? FairnessStatus.InsufficientEvidence : FairnessStatus.Assessed;
            foreach (var g in small)
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"insufficient_evidence: group '{g.Key}' has {g.Rows} rows < n_min {options.MinGroupSize}"));
        }

        FairnessSummary between, toOverall;
        if (status == FairnessStatus.NotAssessable)
        {
            between = NotAssessableSummary(reasons[0]);
            toOverall = NotAssessableSummary(reasons[0]);
        }
        else
        {
            between = Summarise(groups, GroupDisparity.DifferenceBetweenGroups, GroupDisparity.RatioBetweenGroups, options);
            toOverall = Summarise(groups,
                (gs, m) => GroupDisparity.DifferenceToOverall(gs, overall, m),
                (gs, m) => GroupDisparity.RatioToOverall(gs, overall, m), options);
        }
        return new Core(status, reasons, overall, groups, between, toOverall);
    }

    private static FairnessSummary NotAssessableSummary(string reason)
    {
        var note = new SummaryNote(reason, []);
        var notes = new Dictionary<string, SummaryNote>(StringComparer.Ordinal);
        foreach (var name in SummaryNames) notes[name] = note;
        return new FairnessSummary { Notes = notes };
    }

    private static readonly string[] SummaryNames =
    [
        "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
        "equalized_odds_difference_mean", "equalized_odds_ratio", "equalized_odds_ratio_mean",
        "equal_opportunity_difference", "equal_opportunity_ratio", "four_fifths_rule_pass",
    ];

    private static FairnessSummary Summarise(IReadOnlyList<GroupMetrics> groups,
        Func<IEnumerable<GroupMetrics>, Func<GroupMetrics, double?>, DisparityResult> difference,
        Func<IEnumerable<GroupMetrics>, Func<GroupMetrics, double?>, DisparityResult> ratio,
        FairnessOptions options)
    {
        var dpd = difference(groups, g => g.SelectionRate);
        var dpr = ratio(groups, g => g.SelectionRate);
        var tprD = difference(groups, g => g.Tpr);
        var fprD = difference(groups, g => g.Fpr);
        var tprR = ratio(groups, g => g.Tpr);
        var fprR = ratio(groups, g => g.Fpr);
        var eodWorst = GroupDisparity.Combine(tprD, fprD, Math.Max);
        var eodMean = GroupDisparity.Combine(tprD, fprD, (a, b) => (a + b) / 2);
        var eorWorst = GroupDisparity.Combine(tprR, fprR, Math.Min);
        var eorMean = GroupDisparity.Combine(tprR, fprR, (a, b) => (a + b) / 2);
        bool? fourFifths = dpr.Value is { } r ? r >= options.FourFifthsThreshold : null;

        var notes = new Dictionary<string, SummaryNote>(StringComparer.Ordinal);
        void Note(string name, DisparityResult d)
        {
            if (d.Value is null || d.ExcludedGroups.Count > 0)
                notes[name] = new SummaryNote(d.Reason, d.ExcludedGroups);
        }
        Note("demographic_parity_difference", dpd);
        Note("demographic_parity_ratio", dpr);
        Note("equalized_odds_difference", eodWorst);
        Note("equalized_odds_difference_mean", eodMean);
        Note("equalized_odds_ratio", eorWorst);
        Note("equalized_odds_ratio_mean", eorMean);
        Note("equal_opportunity_difference", tprD);
        Note("equal_opportunity_ratio", tprR);
        if (fourFifths is null) notes["four_fifths_rule_pass"] = new SummaryNote(dpr.Reason, dpr.ExcludedGroups);

        return new FairnessSummary
        {
            DemographicParityDifference = dpd.Value,
            DemographicParityRatio = dpr.Value,
            EqualizedOddsDifference = eodWorst.Value,
            EqualizedOddsDifferenceMean = eodMean.Value,
            EqualizedOddsRatio = eorWorst.Value,
            EqualizedOddsRatioMean = eorMean.Value,
            EqualOpportunityDifference = tprD.Value,
            EqualOpportunityRatio = tprR.Value,
            FourFifthsRulePass = fourFifths,
            Notes = notes,
        };
    }

    // ---------------------------------------------------------------- reference comparison (AIF360-style, signed)

    private static ReferenceComparison Compare(Frame frame, FairnessOptions options)
    {
        var privileged = options.Privileged!;
        var unprivileged = options.Unprivileged;
        CheckSelector(privileged, frame.Columns);
        if (unprivileged is not null) CheckSelector(unprivileged, frame.Columns);

        var pRows = new List<int>();
        var uRows = new List<int>();
        for (var i = 0; i < frame.Rows; i++)
        {
            var isP = privileged.Matches(frame.Columns, i);
            var isU = unprivileged?.Matches(frame.Columns, i) ?? !isP;
            if (isP && isU)
                throw new ArgumentException($"Row {i} matches both the privileged and the unprivileged selector.");
            if (isP) pRows.Add(i);
            else if (isU) uRows.Add(i);
        }

        var k = Tally(frame, Enumerable.Range(0, frame.Rows).ToArray()).PredictedPositive;
        var p = Tally(frame, pRows.ToArray()).ToMetrics(privileged.ToString(), [], k, options);
        var u = Tally(frame, uRows.ToArray()).ToMetrics(unprivileged?.ToString() ?? "rest", [], k, options);
        var undefined = new Dictionary<string, string>(StringComparer.Ordinal);

        double? Diff(string name, double? a, double? b)
        {
            if (a is { } x && b is { } y) return x - y;
            undefined[name] = a is null ? UndefinedReason.GroupValueUndefined : UndefinedReason.ReferenceValueUndefined;
            return null;
        }

        var spd = Diff("statistical_parity_difference", u.SelectionRate, p.SelectionRate);
        var di = GroupDisparity.RelativeToReference(u.SelectionRate, p.SelectionRate);
        if (di.Value is null) undefined["disparate_impact"] = di.Reason!;
        var eod = Diff("equal_opportunity_difference", u.Tpr, p.Tpr);
        var fprD = Diff("false_positive_rate_difference", u.Fpr, p.Fpr);
        var fnrD = Diff("false_negative_rate_difference", u.Fnr, p.Fnr);
        double? aod = null, aaod = null;
        if (fprD is { } f && eod is { } t)
        {
            aod = (f + t) / 2;
            aaod = (Math.Abs(f) + Math.Abs(t)) / 2;
        }
        else
        {
            undefined["average_odds_difference"] = UndefinedReason.ComponentUndefined;
            undefined["average_abs_odds_difference"] = UndefinedReason.ComponentUndefined;
        }
        var total = u.N + p.N;
        double? ci = total > 0 ? (u.N - p.N) / total : null;
        if (ci is null) undefined["class_imbalance"] = UndefinedReason.NoRowsSelected;
        bool? fourFifths = di.Value is { } d ? d >= options.FourFifthsThreshold : null;
        if (fourFifths is null) undefined["four_fifths_rule_pass"] = di.Reason!;

        return new ReferenceComparison
        {
            Privileged = privileged.ToString(),
            Unprivileged = unprivileged?.ToString() ?? "rest",
            PrivilegedMetrics = p,
            UnprivilegedMetrics = u,
            StatisticalParityDifference = spd,
            DisparateImpact = di.Value,
            EqualOpportunityDifference = eod,
            AverageOddsDifference = aod,
            AverageAbsOddsDifference = aaod,
            FalsePositiveRateDifference = fprD,
            FalseNegativeRateDifference = fnrD,
            ClassImbalance = ci,
            FourFifthsRulePass = fourFifths,
            Undefined = undefined,
        };
    }

    // ---------------------------------------------------------------- aequitas-style disparities

    private static AttributeDisparityReport AttributeDisparities(Frame frame, string attribute, FairnessOptions options)
    {
        var all = Enumerable.Range(0, frame.Rows).ToArray();
        var k = Tally(frame, all).PredictedPositive;
        var groups = Partition(frame, [attribute], includeEmpty: false, all)
            .Select(p => Tally(frame, p.Rows).ToMetrics(p.Key, p.Parts, k, options))
            .ToList();

        string reference;
        string rule;
        if (options.ReferenceGroups is { } refs && refs.TryGetValue(attribute, out var declared))
        {
            if (!groups.Any(g => g.Key == declared))
                throw new ArgumentException($"Reference group '{declared}' of attribute '{attribute}' has no rows.");
            reference = declared;
            rule = "declared";
        }
        else
        {
            reference = groups.OrderByDescending(g => g.N).First().Key;
            rule = "majority";
        }
        var r = groups.Single(g => g.Key == reference);

        // One group only: comparing it with itself would show parity everywhere; every disparity is undefined.
        var single = groups.Count < 2;
        var results = new List<AttributeDisparityReport.GroupDisparity>();
        foreach (var g in groups)
        {
            var undefined = new Dictionary<string, string>(StringComparer.Ordinal);
            double? D(string name, double? v, double? rv)
            {
                if (single)
                {
                    undefined[name] = UndefinedReason.SingleGroup;
                    return null;
                }
                var d = GroupDisparity.RelativeToReference(v, rv);
                if (d.Value is null) undefined[name] = d.Reason!;
                return d.Value;
            }
            var fpr = D("fpr_disparity", g.Fpr, r.Fpr);
            var fnr = D("fnr_disparity", g.Fnr, r.Fnr);
            var forr = D("for_disparity", g.For, r.For);
            var fdr = D("fdr_disparity", g.Fdr, r.Fdr);
            var ppr = D("ppr_disparity", g.Ppr, r.Ppr);
            var pprev = D("pprev_disparity", g.SelectionRate, r.SelectionRate);
            var flags = ParityFlags.From(fpr, fnr, forr, fdr, ppr, pprev, options.Tau);
            results.Add(new AttributeDisparityReport.GroupDisparity
            {
                Key = attribute + KeySeparator + g.Key,
                Value = g.Key,
                Metrics = g,
                FprDisparity = fpr,
                FnrDisparity = fnr,
                ForDisparity = forr,
                FdrDisparity = fdr,
                PprDisparity = ppr,
                PprevDisparity = pprev,
                Undefined = undefined,
                FprParity = flags.Fpr,
                FnrParity = flags.Fnr,
                ForParity = flags.For,
                FdrParity = flags.Fdr,
                StatisticalParity = flags.Statistical,
                ImpactParity = flags.Impact,
                TypeIParity = flags.TypeI,
                TypeIIParity = flags.TypeII,
                UnsupervisedFairness = flags.Unsupervised,
                SupervisedFairness = flags.Supervised,
            });
        }

        return new AttributeDisparityReport
        {
            Status = single ? FairnessStatus.NotAssessable
                : groups.Any(g => g.InsufficientEvidence) ? FairnessStatus.InsufficientEvidence : FairnessStatus.Assessed,
            Attribute = attribute,
            ReferenceGroup = reference,
            ReferenceRule = rule,
            Tau = options.Tau,
            Groups = results,
        };
    }

    // ---------------------------------------------------------------- calibration within groups

    private static List<CalibrationGroup> Calibrate(Frame frame, FairnessOptions options)
    {
        var bins = options.EffectiveBins();
        var result = new List<CalibrationGroup>();
        IEnumerable<(string Key, string[] Parts, int[] Rows)> parts = frame.SensitiveNames.Count == 0
            ? [("overall", [], Enumerable.Range(0, frame.Rows).ToArray())]
            : Partition(frame, frame.SensitiveNames, includeEmpty: false);
        foreach (var (key, _, rows) in parts)
        {
            double n = 0, sumScore = 0, sumPos = 0, unbinned = 0;
            var bn = new double[bins.Count];
            var bn2 = new double[bins.Count];
            var bScore = new double[bins.Count];
            var bPos = new double[bins.Count];
            var bRows = new int[bins.Count];
            foreach (var i in rows)
            {
                var w = frame.Weights[i];
                var s = frame.Scores![i];
                var y = frame.Actual[i] ? 1.0 : 0.0;
                n += w;
                sumScore += w * s;
                sumPos += w * y;
                var b = BinOf(bins, s);
                if (b < 0)
                {
                    unbinned += w;
                    continue;
                }
                bn[b] += w;
                bn2[b] += w * w;
                bScore[b] += w * s;
                bPos[b] += w * y;
                bRows[b]++;
            }
            var binResults = new List<CalibrationBinResult>();
            for (var b = 0; b < bins.Count; b++)
            {
                var has = bn[b] > 0;
                double? observed = has ? bPos[b] / bn[b] : null;
                binResults.Add(new CalibrationBinResult
                {
                    Bin = bins[b].Label(b == bins.Count - 1),
                    N = bn[b],
                    MeanScore = has ? bScore[b] / bn[b] : null,
                    ObservedRate = observed,
                    ObservedRateInterval = observed is { } o && bRows[b] < options.IntervalBelowRows
                        ? RateInterval.Wilson(o, bn[b] * bn[b] / bn2[b], bn[b], options.IntervalZ)
                        : null,
                });
            }
            double? meanScore = n > 0 ? sumScore / n : null;
            double? baseRate = n > 0 ? sumPos / n : null;
            result.Add(new CalibrationGroup
            {
                Key = key,
                N = n,
                MeanScore = meanScore,
                BaseRate = baseRate,
                CalibrationInTheLarge = meanScore - baseRate,
                Unbinned = unbinned,
                Bins = binResults,
            });
        }
        return result;
    }

    private static int BinOf(IReadOnlyList<CalibrationBin> bins, double s)
    {
        for (var b = 0; b < bins.Count; b++)
        {
            var last = b == bins.Count - 1;
            if (s >= bins[b].Lower && (s < bins[b].Upper || (last && s <= bins[b].Upper)))
                return b;
        }
        return -1;
    }

    // ---------------------------------------------------------------- helpers

    private static void CheckSelector(GroupSelector selector, IReadOnlyDictionary<string, IReadOnlyList<string>> columns)
    {
        foreach (var a in selector.Attributes)
        {
            if (!columns.ContainsKey(a))
                throw new ArgumentException($"Selector attribute '{a}' is not a sensitive or control column.");
        }
    }

    private static double Weight(IReadOnlyList<double>? weights, int i)
    {
        if (weights is null) return 1;
        var w = weights[i];
        if (!(w >= 0) || double.IsInfinity(w))
            throw new ArgumentException($"Sample weight at row {i} must be a finite non-negative number (got {w}).");
        return w;
    }

    private static Tally Tally(Frame frame, int[] rows)
    {
        var t = new Tally();
        foreach (var i in rows) t.Add(frame.Actual[i], frame.Predicted[i], frame.Weights[i]);
        return t;
    }

    /// <summary>
    /// Splits rows by the values of the named columns. With <paramref name="includeEmpty"/>, every combination of
    /// the values present (Cartesian product) is returned, empty intersections included (shown, never dropped).
    /// </summary>
    private static List<(string Key, string[] Parts, int[] Rows)> Partition(Frame frame, IReadOnlyList<string> names, bool includeEmpty, int[]? subset = null)
    {
        subset ??= Enumerable.Range(0, frame.Rows).ToArray();
        var cols = names.Select(n => frame.Columns[n]).ToArray();
        var buckets = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var i in subset)
        {
            var key = string.Join(KeySeparator, cols.Select(c => c[i]));
            if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
            list.Add(i);
        }

        IEnumerable<string[]> keys;
        if (includeEmpty && cols.Length > 1)
        {
            // Values present in the whole frame, so strata share the same group list.
            var levels = cols.Select(c => c.Distinct(StringComparer.Ordinal).Order(ValueComparer.Instance).ToArray()).ToArray();
            IEnumerable<string[]> product = [[]];
            foreach (var level in levels)
                product = product.SelectMany(prefix => level.Select(v => prefix.Append(v).ToArray())).ToArray();
            keys = product;
        }
        else if (includeEmpty)
        {
            keys = cols[0].Distinct(StringComparer.Ordinal).Select(v => new[] { v });
        }
        else
        {
            keys = buckets.Values.Select(l => cols.Select(c => c[l[0]]).ToArray());
        }

        return keys
            .Order(TupleComparer.Instance)
            .Select(parts => (Key: string.Join(KeySeparator, parts), Parts: parts))
            .Select(p => (p.Key, p.Parts, buckets.TryGetValue(p.Key, out var l) ? l.ToArray() : Array.Empty<int>()))
            .ToList();
    }

    /// <summary>Orders values numerically when both parse as numbers, ordinally otherwise.</summary>
    private sealed class ValueComparer : IComparer<string>
    {
        public static readonly ValueComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                && double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            {
                var c = a.CompareTo(b);
                if (c != 0) return c;
            }
            return string.CompareOrdinal(x, y);
        }
    }

    private sealed class TupleComparer : IComparer<string[]>
    {
        public static readonly TupleComparer Instance = new();

        public int Compare(string[]? x, string[]? y)
        {
            if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
            for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                var c = ValueComparer.Instance.Compare(x[i], y[i]);
                if (c != 0) return c;
            }
            return x.Length.CompareTo(y.Length);
        }
    }

    private sealed record ParityFlags(bool? Fpr, bool? Fnr, bool? For, bool? Fdr, bool? Statistical, bool? Impact)
    {
        public bool? TypeI => Kleene.And(Fpr, Fdr);
        public bool? TypeII => Kleene.And(Fnr, For);
        public bool? Unsupervised => Kleene.And(Statistical, Impact);
        public bool? Supervised => Kleene.And(TypeI, TypeII);

        public static ParityFlags From(double? fpr, double? fnr, double? forr, double? fdr, double? ppr, double? pprev, double tau) =>
            new(Kleene.WithinBand(fpr, tau), Kleene.WithinBand(fnr, tau), Kleene.WithinBand(forr, tau),
                Kleene.WithinBand(fdr, tau), Kleene.WithinBand(ppr, tau), Kleene.WithinBand(pprev, tau));
    }

    /// <summary>Validated, binarised view of the input.</summary>
    private sealed class Frame
    {
        public required int Rows { get; init; }
        public required bool[] Actual { get; init; }
        public required bool[] Predicted { get; init; }
        public required double[] Weights { get; init; }
        public double[]? Scores { get; init; }
        public required IReadOnlyList<string> SensitiveNames { get; init; }
        public required IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; init; }

        public static Frame Create(FairnessInput input, FairnessOptions options)
        {
            ArgumentNullException.ThrowIfNull(input.YTrue);
            ArgumentNullException.ThrowIfNull(input.YPred);
            var n = input.YTrue.Count;
            void Same(int count, string what)
            {
                if (count != n)
                    throw new ArgumentException($"{what} has {count} values but y_true has {n}.");
            }
            Same(input.YPred.Count, "y_pred");
            if (input.SampleWeight is { } sw) Same(sw.Count, "sample_weight");
            if (input.YScore is { } ys) Same(ys.Count, "y_score");

            var columns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var c in input.SensitiveFeatures.Concat(input.ControlFeatures))
            {
                Same(c.Values.Count, $"column '{c.Name}'");
                if (!columns.TryAdd(c.Name, c.Values))
                    throw new ArgumentException($"Column name '{c.Name}' is used twice.");
                if (c.Values.Any(v => v is null))
                    throw new ArgumentException($"Column '{c.Name}' has a missing value; encode it explicitly (e.g. \"unknown\").");
            }

            var positive = new HashSet<string>(options.PositiveLabels, StringComparer.Ordinal);
            var weights = new double[n];
            double[]? scores = input.YScore is null ? null : new double[n];
            for (var i = 0; i < n; i++)
            {
                weights[i] = Weight(input.SampleWeight, i);
                if (scores is not null)
                {
                    var s = input.YScore![i];
                    if (!double.IsFinite(s))
                        throw new ArgumentException($"y_score at row {i} is not a finite number.");
                    scores[i] = s;
                }
            }

            return new Frame
            {
                Rows = n,
                Actual = input.YTrue.Select(positive.Contains).ToArray(),
                Predicted = input.YPred.Select(positive.Contains).ToArray(),
                Weights = weights,
                Scores = scores,
                SensitiveNames = input.SensitiveFeatures.Select(c => c.Name).ToArray(),
                Columns = columns,
            };
        }
    }
}
