using Basira.Synth.Geography;

namespace Basira.Synth.National;

/// <summary>
/// The deterministic skeleton of the national population: communes, and schools with their size, placed so that
/// pupils per region follow the RGPH 2024 population, cycles and milieux follow FIGURES.md, and establishments are
/// 12,300 × scale, 56 % rural.
/// </summary>
internal static class NationalPlan
{
    private static readonly Cycle[] Cycles = [Cycle.Primary, Cycle.LowerSecondary, Cycle.UpperSecondary];

    public static (List<NationalSchool> Schools, List<NationalCommune> Communes) Build(long pupils, ulong seed)
    {
        var rng = SynthRandom.Derive(seed, 0x504C414EUL);
        var regions = MoroccoGeography.Regions;
        var provinces = MoroccoGeography.Provinces;
        var scale = NationalFigures.Scale(pupils);

        // Population of each province: the region's RGPH 2024 figure split by the within-region weights.
        var provincePop = new double[provinces.Count];
        for (var p = 0; p < provinces.Count; p++)
        {
            var region = MoroccoGeography.RegionOf(provinces[p]);
            var regionWeight = provinces.Where(q => q.RegionCode == region.Code).Sum(q => NationalFigures.ProvinceWeights[q.Code]);
            provincePop[p] = region.Population2024 * NationalFigures.ProvinceWeights[provinces[p].Code] / regionWeight;
        }

        // Rural share of each province by cycle: the province's rurality shifted on the logit scale so that the
        // national rural share of the cycle's pupils is FIGURES.md's.
        var ruralShare = new double[provinces.Count, Cycles.Length];
        for (var c = 0; c < Cycles.Length; c++)
        {
            var target = NationalFigures.RuralPupilShareByCycle[Cycles[c]];
            double lo = -10, hi = 10;
            for (var it = 0; it < 80; it++)
            {
                var mid = (lo + hi) / 2;
                double share = 0, total = 0;
                for (var p = 0; p < provinces.Count; p++)
                {
                    share += provincePop[p] * Shift(1 - provinces[p].UrbanShare, mid);
                    total += provincePop[p];
                }
                if (share / total < target) lo = mid; else hi = mid;
            }
            for (var p = 0; p < provinces.Count; p++) ruralShare[p, c] = Shift(1 - provinces[p].UrbanShare, (lo + hi) / 2);
        }

        // Pupils per region (exact shares of N), then per cycle within each region.
        var regionPupils = Apportion(pupils, [.. regions.Select(r => (double)r.Population2024)]);
        var cycleShares = Cycles.Select(c => (double)NationalFigures.PupilsByCycle[c]).ToArray();

        // Expected pupils of each (province, cycle, milieu) cell.
        var expected = new double[provinces.Count, Cycles.Length, 2];
        var regionCycle = new long[regions.Count, Cycles.Length];
        for (var r = 0; r < regions.Count; r++)
        {
            var perCycle = Apportion(regionPupils[r], cycleShares);
            var members = Enumerable.Range(0, provinces.Count).Where(p => provinces[p].RegionCode == regions[r].Code).ToList();
            var regionPop = members.Sum(p => provincePop[p]);
            for (var c = 0; c < Cycles.Length; c++)
            {
                regionCycle[r, c] = perCycle[c];
                foreach (var p in members)
                {
                    var cell = perCycle[c] * provincePop[p] / regionPop;
                    expected[p, c, 0] = cell * (1 - ruralShare[p, c]);
                    expected[p, c, 1] = cell * ruralShare[p, c];
                }
            }
        }

        // Schools per cell: the national count by cycle and milieu, spread over provinces in proportion to pupils.
        var schools = new int[provinces.Count, Cycles.Length, 2];
        var exactSchools = new double[provinces.Count, Cycles.Length, 2];
        for (var c = 0; c < Cycles.Length; c++)
        {
            var total = Math.Max(1, (long)Math.Round(NationalFigures.SchoolsByCycle[Cycles[c]] * scale));
            var rural = (long)Math.Round(total * NationalFigures.RuralSchoolShareByCycle[Cycles[c]]);
            for (var m = 0; m < 2; m++)
            {
                var count = m == 1 ? rural : total - rural;
                var weights = Enumerable.Range(0, provinces.Count).Select(p => expected[p, c, m]).ToArray();
                var alloc = Apportion(count, weights);
                for (var p = 0; p < provinces.Count; p++)
                {
                    schools[p, c, m] = (int)alloc[p];
                    exactSchools[p, c, m] = count * weights[p] / weights.Sum();
                }
            }
        }

        // Every region with pupils in a cycle has a school of that cycle: moved from the cell of the same cycle and
        // milieu that has the most schools above its exact share (so the counts by cycle and milieu do not change).
        for (var r = 0; r < regions.Count; r++)
        for (var c = 0; c < Cycles.Length; c++)
        {
            if (regionCycle[r, c] == 0) continue;
            var cells = Enumerable.Range(0, provinces.Count).Where(p => provinces[p].RegionCode == regions[r].Code)
                .SelectMany(p => new[] { (p, m: 0), (p, m: 1) }).ToList();
            if (cells.Sum(x => schools[x.p, c, x.m]) > 0) continue;
            var best = cells.MaxBy(x => expected[x.p, c, x.m]);
            var donors = Enumerable.Range(0, provinces.Count).Where(p => schools[p, c, best.m] >= 2).ToList();
            if (donors.Count > 0)
            {
                var donor = donors.MaxBy(p => schools[p, c, best.m] - exactSchools[p, c, best.m]);
                schools[donor, c, best.m]--;
            }
            schools[best.p, c, best.m] = 1;
        }

        var communes = BuildCommunes(provinces, provincePop, ruralShare);
        var communesOf = communes.GroupBy(x => (x.ProvinceCode, x.Milieu)).ToDictionary(g => g.Key, g => g.ToList());

        // Pupils of each region and cycle go to the cells that have schools, then to schools by a size weight.
        var result = new List<NationalSchool>();
        for (var r = 0; r < regions.Count; r++)
        for (var c = 0; c < Cycles.Length; c++)
        {
            var cells = Enumerable.Range(0, provinces.Count).Where(p => provinces[p].RegionCode == regions[r].Code)
                .SelectMany(p => new[] { (p, m: 0), (p, m: 1) })
                .Where(x => schools[x.p, c, x.m] > 0)
                .ToList();
            if (cells.Count == 0) continue;
            var cellPupils = Apportion(regionCycle[r, c], [.. cells.Select(x => Math.Max(expected[x.p, c, x.m], 1e-9))]);
            var firstOfRegionCycle = result.Count;
            for (var k = 0; k < cells.Count; k++)
            {
                var (p, m) = cells[k];
                var n = schools[p, c, m];
                var weights = new double[n];
                for (var i = 0; i < n; i++) weights[i] = Math.Exp(0.35 * rng.Normal());
                var sizes = Apportion(cellPupils[k], weights);
                var province = provinces[p];
                var milieu = m == 1 ? Milieu.Rural : Milieu.Urban;
                var pool = communesOf.TryGetValue((province.Code, milieu), out var list) ? list : communesOf[(province.Code, m == 1 ? Milieu.Urban : Milieu.Rural)];
                for (var i = 0; i < n; i++)
                {
                    if (sizes[i] == 0) continue;
                    result.Add(NewSchool(province, milieu, Cycles[c], (int)sizes[i], pool[rng.NextInt(pool.Count)], rng));
                }
            }

            // Pupils' milieu of residence: the region's expected rural pupils, first in rural schools, the rest
            // commuting to schools in town, so the region's rural share does not depend on where its few schools fell.
            var expectedRural = Enumerable.Range(0, provinces.Count).Where(p => provinces[p].RegionCode == regions[r].Code).Sum(p => expected[p, c, 1]);
            var inRural = result.Skip(firstOfRegionCycle).Where(x => x.Milieu == Milieu.Rural).Sum(x => (double)x.Pupils);
            var inUrban = result.Skip(firstOfRegionCycle).Where(x => x.Milieu == Milieu.Urban).Sum(x => (double)x.Pupils);
            var ruralInRural = inRural == 0 ? 1.0 : Math.Min(1.0, expectedRural / inRural);
            var ruralInUrban = inUrban == 0 ? 0.0 : Math.Clamp((expectedRural - inRural) / inUrban, 0.0, 0.9);
            for (var i = firstOfRegionCycle; i < result.Count; i++)
                result[i] = result[i] with { RuralPupilShare = Math.Round(result[i].Milieu == Milieu.Rural ? ruralInRural : ruralInUrban, 4) };
        }

        // Mountain sites, transport and boarding: drawn per school above, but the count in each cycle and milieu is
        // fixed by systematic sampling (in a random order of the schools), so that the national rates of the cycles do
        // not swing with a few schools' draws when the population is small.
        foreach (var group in result.Select((x, i) => (x, i)).GroupBy(t => (t.x.Cycle, t.x.Milieu)))
        {
            var rural = group.Key.Milieu == Milieu.Rural;
            var indices = group.Select(t => t.i).OrderBy(_ => rng.NextUInt64()).ToList();
            var transport = Systematic(indices.Count, TransportRate(group.Key.Cycle, rural), rng);
            var boarding = Systematic(indices.Count, BoardingRate(group.Key.Cycle, rural), rng);
            var mountainIndices = indices.Where(i => NationalFigures.MountainProvinces.Contains(result[i].ProvinceCode)).ToList();
            var mountain = Systematic(mountainIndices.Count, rural ? 0.7 : 0.2, rng);
            for (var k = 0; k < indices.Count; k++)
                result[indices[k]] = result[indices[k]] with { HasTransport = transport[k], HasBoarding = boarding[k], Mountain = false };
            for (var k = 0; k < mountainIndices.Count; k++)
                result[mountainIndices[k]] = result[mountainIndices[k]] with { Mountain = mountain[k] };
        }

        // Stable order (province, cycle, milieu) and codes with serials.
        var ordered = result
            .OrderBy(s => s.ProvinceCode, StringComparer.Ordinal).ThenBy(s => s.Cycle).ThenBy(s => s.Milieu)
            .ToList();
        var serials = new Dictionary<(string, Cycle), int>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            var key = (s.ProvinceCode, s.Cycle);
            var serial = serials.GetValueOrDefault(key) + 1;
            serials[key] = serial;
            var letter = s.Cycle switch { Cycle.Primary => 'P', Cycle.LowerSecondary => 'C', _ => 'L' };
            ordered[i] = s with { Index = i, Id = $"SYN-E-{s.ProvinceCode[3..]}-{letter}{serial:D4}" };
        }
        return (ordered, communes);
    }

    private static NationalSchool NewSchool(Province province, Milieu milieu, Cycle cycle, int pupils, NationalCommune commune, SynthRandom rng)
    {
        var rural = milieu == Milieu.Rural;
        var median = (cycle, rural) switch
        {
            (Cycle.Primary, false) => 0.8,
            (Cycle.Primary, true) => 2.5,
            (Cycle.LowerSecondary, false) => 2.0,
            (Cycle.LowerSecondary, true) => 7.0,
            (_, false) => 3.0,
            _ => 11.0,
        } * Math.Exp(0.25 * rng.Normal());
        var prefix = cycle switch
        {
            Cycle.Primary => rural ? "Groupe scolaire" : "École primaire",
            Cycle.LowerSecondary => "Collège",
            _ => "Lycée",
        };
        var name = $"{prefix} {rng.Pick(ReferenceNames.SchoolPatrons)} (synthétique)";
        return new NationalSchool(0, "", name, province.RegionCode, province.Code, commune.Code, milieu, cycle, pupils,
            false, false, false, Math.Round(median, 2), rural ? 1.0 : 0.0);
    }

    private static double TransportRate(Cycle cycle, bool rural) => (cycle, rural) switch
    {
        (Cycle.Primary, true) => 0.25,
        (_, true) => 0.6,
        _ => 0.05,
    };

    private static double BoardingRate(Cycle cycle, bool rural) => (cycle, rural) switch
    {
        (Cycle.Primary, _) => 0.0,
        (Cycle.LowerSecondary, true) => 0.35,
        (_, true) => 0.5,
        (Cycle.UpperSecondary, false) => 0.2,
        _ => 0.02,
    };

    /// <summary>n flags of which round(n·p) (within one) are set, by systematic sampling with a random start.</summary>
    private static bool[] Systematic(int n, double p, SynthRandom rng)
    {
        var flags = new bool[n];
        var offset = rng.NextDouble();
        for (var k = 0; k < n; k++) flags[k] = Math.Floor(((k + 1) * p) + offset) > Math.Floor((k * p) + offset);
        return flags;
    }

    private static List<NationalCommune> BuildCommunes(IReadOnlyList<Province> provinces, double[] provincePop, double[,] ruralShare)
    {
        var urbanPop = provinces.Select((p, i) => provincePop[i] * (1 - ruralShare[i, 0])).ToArray();
        var ruralPop = provinces.Select((p, i) => provincePop[i] * ruralShare[i, 0]).ToArray();
        var urban = Apportion(NationalFigures.UrbanCommunes - provinces.Count, urbanPop);
        var rural = Apportion(NationalFigures.RuralCommunes - provinces.Count, ruralPop);
        var list = new List<NationalCommune>();
        for (var i = 0; i < provinces.Count; i++)
        {
            var p = provinces[i];
            for (var k = 0; k < urban[i] + 1; k++)
                list.Add(new NationalCommune($"{p.Code}-U{k + 1:D2}", CommuneName(p, Milieu.Urban, k), p.Code, p.RegionCode, Milieu.Urban));
            for (var k = 0; k < rural[i] + 1; k++)
                list.Add(new NationalCommune($"{p.Code}-R{k + 1:D2}", CommuneName(p, Milieu.Rural, k), p.Code, p.RegionCode, Milieu.Rural));
        }
        return list;
    }

    private static string CommuneName(Province p, Milieu milieu, int k)
    {
        var real = ReferenceNames.RealCommunes(p.Code, milieu);
        if (k < real.Count) return real[k];
        if (milieu == Milieu.Urban && k == 0) return p.NameFr;
        return milieu == Milieu.Urban
            ? $"{p.NameFr} — commune urbaine {k + 1} (synthétique)"
            : $"{p.NameFr} — commune rurale {k + 1} (synthétique)";
    }

    private static double Shift(double share, double delta)
    {
        var s = Math.Clamp(share, 1e-4, 1 - 1e-4);
        return 1 / (1 + Math.Exp(-(Math.Log(s / (1 - s)) + delta)));
    }

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> in proportion to <paramref name="weights"/>.</summary>
    internal static long[] Apportion(long total, double[] weights)
    {
        var result = new long[weights.Length];
        var sum = weights.Sum();
        if (total <= 0 || sum <= 0) return result;
        var remainders = new (double Rem, int Index)[weights.Length];
        long given = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = total * weights[i] / sum;
            result[i] = (long)Math.Floor(exact);
            given += result[i];
            remainders[i] = (exact - result[i], i);
        }
        foreach (var (_, i) in remainders.OrderByDescending(r => r.Rem).ThenBy(r => r.Index).Take((int)(total - given))) result[i]++;
        return result;
    }
}
