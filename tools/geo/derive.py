#!/usr/bin/env python3
"""Derives the map layers Basira serves (src/Basira.Server/wwwroot/geo/) from shared/datasets/morocco-geo.

Coordinates are rounded to DECIMALS places (0.005 deg, about 500 m: finer than one screen pixel of a national map),
consecutive duplicate points are dropped, and rings left with fewer than 4 points are dropped. Rounding is applied
to every vertex the same way, so a border shared by two units stays shared: no gaps or slivers appear.
Provinces gain their parent region (ISO 3166-2:MA hierarchy, as in src/Basira.Synth/Geography/MoroccoGeography.cs).
Licence: the result is a derived database of OpenStreetMap data (ODbL-1.0); see wwwroot/geo/ATTRIBUTION.md.

usage: python3 tools/geo/derive.py ../shared/datasets/morocco-geo src/Basira.Server/wwwroot/geo
"""
import json, os, re, sys

STEP = 0.005

def rnd(v):
    return round(round(v / STEP) * STEP, 3)

def ring(points):
    out = []
    for x, y in points:
        p = [rnd(x), rnd(y)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) >= 2 and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None

def geometry(g):
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    kept = []
    for poly in polys:
        rings = [r for r in (ring(r) for r in poly) if r]
        if rings and rings[0]:
            kept.append(rings)
    return {"type": "MultiPolygon", "coordinates": kept}

def main(src, dst):
    here = os.path.dirname(os.path.abspath(__file__))
    geo_cs = open(os.path.join(here, "..", "..", "src", "Basira.Synth", "Geography", "MoroccoGeography.cs"), encoding="utf-8").read()
    parent = dict(re.findall(r'new\("(MA-[A-Z]{3})", "(MA-\d\d)"', geo_cs))
    os.makedirs(dst, exist_ok=True)
    for name, out, level in (("regions.geojson", "ma-regions.geojson", "region"), ("provinces.geojson", "ma-provinces.geojson", "province")):
        fc = json.load(open(os.path.join(src, name), encoding="utf-8"))
        feats = []
        for f in fc["features"]:
            pid = f["properties"]["id"]
            props = {"id": pid}
            if level == "province":
                if pid not in parent:
                    sys.exit(f"{name}: province {pid} has no region in MoroccoGeography.cs")
                props["region"] = parent[pid]
            feats.append({"type": "Feature", "id": pid, "properties": props, "geometry": geometry(f["geometry"])})
        feats.sort(key=lambda f: f["id"])
        with open(os.path.join(dst, out), "w", encoding="utf-8") as fh:
            json.dump({"type": "FeatureCollection", "features": feats}, fh, separators=(",", ":"))
        print(out, len(feats), os.path.getsize(os.path.join(dst, out)))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
