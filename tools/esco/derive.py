#!/usr/bin/env python3
"""Derives the compact ESCO v1.1.1 resource Basira ships (src/Basira.Jobs/Esco/Tables/) from shared/datasets/esco.

Input (see shared/datasets/esco/SOURCE.md): the official v1.1.1 CSV files (fr/, en/, relations/), the French skill
labels of the live ESCO API (fr_live_api_labels/, ~v1.2.1 labels of the same URIs), the v1.0.x French skill file
(fr_legacy/) and the v1.0.x Arabic occupation labels (ar_legacy/).

Output: five gzip'd UTF-8 TSV files with a header line; multi-valued cells are joined with '|' (no ESCO label
contains '|'); tabs and line breaks inside texts become spaces. Rows are sorted by URI so the derivation is
reproducible (gzip mtime 0).

  isco_groups.tsv.gz   uri code broader pref_fr alt_fr pref_en alt_en desc_fr
  occupations.tsv.gz   uri code isco_group broader pref_fr alt_fr hidden_fr pref_en alt_en hidden_en pref_ar desc_fr
                       desc_en essential optional
                       (essential/optional: 0-based row numbers in skills.tsv.gz, from occupationSkillRelations.csv)
  skills.tsv.gz        uri type reuse pref_fr alt_fr hidden_fr fr_source pref_en alt_en hidden_en broader
                       (fr_source: official = a v1.1.1 French collection file, live = fr_live_api_labels,
                        legacy = fr_legacy, en = no French label found: pref_fr is the English label;
                        broader: skill and skill-group URIs, from broaderRelationsSkillPillar.csv)
  skill_groups.tsv.gz  uri code pref_fr alt_fr pref_en alt_en broader
  related_skills.tsv.gz skill relation related (0-based rows in skills.tsv.gz, from skillSkillRelations.csv)

French skill labels: the official v1.1.1 skills_fr.csv is missing from the dataset (SOURCE.md); preferred labels
come from the first source that has the skill (official collections, then live, then legacy, then English), and
alternative labels are the union of the French sources. Occupation alternative labels in French are those of the
official file plus those of the live API that are not already there.

Licence: ESCO is published by the European Commission (Decision 2011/833/EU: reuse authorised provided the source
is acknowledged); see src/Basira.Jobs/Esco/Tables/ATTRIBUTION.md.

usage: python3 tools/esco/derive.py ../shared/datasets/esco src/Basira.Jobs/Esco/Tables
"""
import csv, gzip, io, os, sys

csv.field_size_limit(1 << 24)


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def labels(cell):
    """The labels of a multi-valued cell: official files separate them by line breaks, the collections and the live
    labels by '|'; both are split (no ESCO label contains '|')."""
    out = []
    for x in (cell or "").replace("|", "\n").split("\n"):
        x = " ".join(x.split())
        if x and x not in out:
            out.append(x)
    return out


def text(s):
    return " ".join((s or "").split())


def join(items):
    for x in items:
        if "|" in x or "\t" in x:
            sys.exit(f"label with a separator: {x!r}")
    return "|".join(items)


def write(dst, name, header, rows):
    path = os.path.join(dst, name)
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for r in rows:
        if len(r) != len(header):
            sys.exit(f"{name}: row of {len(r)} cells, header {len(header)}")
        buf.write("\t".join(text(c) if "|" not in c else c for c in r) + "\n")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))
    print(f"{name}: {len(rows)} rows, {os.path.getsize(path)} bytes")


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    j = lambda *p: os.path.join(src, *p)

    # ---- broader relations
    occ_broader, skill_broader = {}, {}
    for r in read(j("relations", "broaderRelationsOccPillar.csv")):
        occ_broader.setdefault(r["conceptUri"], []).append(r["broaderUri"])
    for r in read(j("relations", "broaderRelationsSkillPillar.csv")):
        skill_broader.setdefault(r["conceptUri"], []).append(r["broaderUri"])

    # ---- ISCO groups
    isco_en = {r["conceptUri"]: r for r in read(j("en", "ISCOGroups_en.csv"))}
    isco_rows = []
    for r in sorted(read(j("fr", "ISCOGroups_fr.csv")), key=lambda r: r["conceptUri"]):
        e = isco_en.get(r["conceptUri"], {})
        isco_rows.append([r["conceptUri"], r["code"], join(occ_broader.get(r["conceptUri"], [])[:1]),
                          text(r["preferredLabel"]), join(labels(r["altLabels"])),
                          text(e.get("preferredLabel", "")), join(labels(e.get("altLabels", ""))), text(r["description"])])

    # ---- skills: English master list, French from several sources
    skills_en = sorted(read(j("en", "skills_en.csv")), key=lambda r: r["conceptUri"])
    official = {}
    for name in sorted(os.listdir(j("fr"))):
        if name.endswith("SkillsCollection_fr.csv"):
            for r in read(j("fr", name)):
                official.setdefault(r["conceptUri"], r)
    live = {r["conceptUri"]: r for r in read(j("fr_live_api_labels", "skills_fr.csv"))}
    legacy = {r["conceptUri"]: r for r in read(j("fr_legacy", "skills_fr.csv"))}
    skill_row = {}
    skill_rows = []
    counts = {"official": 0, "live": 0, "legacy": 0, "en": 0}
    for r in skills_en:
        uri = r["conceptUri"]
        pref, source, alts = "", "en", []
        for name, table in (("official", official), ("live", live), ("legacy", legacy)):
            s = table.get(uri)
            if s is None:
                continue
            if not pref and text(s["preferredLabel"]):
                pref, source = text(s["preferredLabel"]), name
            for a in labels(s.get("altLabels", "")):
                if a not in alts:
                    alts.append(a)
        if not pref:
            pref = text(r["preferredLabel"])
        alts = [a for a in alts if a != pref]
        counts[source] += 1
        skill_row[uri] = len(skill_rows)
        skill_rows.append([uri, r["skillType"], r["reuseLevel"], pref, join(alts), "", source,
                           text(r["preferredLabel"]), join(labels(r["altLabels"])), join(labels(r["hiddenLabels"])),
                           join(skill_broader.get(uri, []))])
    print("skill French label sources:", counts)

    # ---- skill groups
    sg_en = {r["conceptUri"]: r for r in read(j("en", "skillGroups_en.csv"))}
    sg_rows = []
    for r in sorted(read(j("fr", "skillGroups_fr.csv")), key=lambda r: r["conceptUri"]):
        e = sg_en.get(r["conceptUri"], {})
        sg_rows.append([r["conceptUri"], r["code"], text(r["preferredLabel"]), join(labels(r["altLabels"])),
                        text(e.get("preferredLabel", "")), join(labels(e.get("altLabels", ""))),
                        join(skill_broader.get(r["conceptUri"], []))])

    # ---- occupations
    occ_en = {r["conceptUri"]: r for r in read(j("en", "occupations_en.csv"))}
    occ_ar = {r["conceptUri"]: r for r in read(j("ar_legacy", "occupations_ar.csv"))}
    occ_live = {r["conceptUri"]: r for r in read(j("fr_live_api_labels", "occupations_fr.csv"))}
    essential, optional = {}, {}
    missing = 0
    for r in read(j("relations", "occupationSkillRelations.csv")):
        k = skill_row.get(r["skillUri"])
        if k is None:
            missing += 1
            continue
        (essential if r["relationType"] == "essential" else optional).setdefault(r["occupationUri"], []).append(k)
    if missing:
        print(f"occupation-skill relations to unknown skills: {missing}")
    occ_fr = read(j("fr", "occupations_fr.csv"))
    known = {r["conceptUri"] for r in occ_fr}
    for uri in sorted(set(essential) | set(optional)):
        if uri not in known:
            print(f"relations of an occupation not in the v1.1.1 list, left out: {uri} "
                  f"({len(essential.get(uri, []))} essential, {len(optional.get(uri, []))} optional)")
    occ_rows = []
    for r in sorted(occ_fr, key=lambda r: r["conceptUri"]):
        uri = r["conceptUri"]
        e, a, lv = occ_en.get(uri, {}), occ_ar.get(uri, {}), occ_live.get(uri, {})
        alt_fr = labels(r["altLabels"])
        for x in labels(lv.get("altLabels", "")) + labels(lv.get("preferredLabel", "")):
            if x not in alt_fr and x != text(r["preferredLabel"]):
                alt_fr.append(x)
        occ_rows.append([uri, r["code"], r["iscoGroup"], join(occ_broader.get(uri, [])[:1]),
                         text(r["preferredLabel"]), join(alt_fr), join(labels(r["hiddenLabels"])),
                         text(e.get("preferredLabel", "")), join(labels(e.get("altLabels", ""))),
                         join(labels(e.get("hiddenLabels", ""))), text(a.get("preferredLabel", "")),
                         text(r["description"]), text(e.get("description", "")),
                         "|".join(str(k) for k in sorted(set(essential.get(uri, [])))),
                         "|".join(str(k) for k in sorted(set(optional.get(uri, []))))])

    related = []
    for r in read(j("relations", "skillSkillRelations.csv")):
        a, b = skill_row.get(r["originalSkillUri"]), skill_row.get(r["relatedSkillUri"])
        if a is not None and b is not None:
            related.append([str(a), r["relationType"], str(b)])
    related.sort(key=lambda x: (int(x[0]), int(x[2])))

    write(dst, "isco_groups.tsv.gz", ["uri", "code", "broader", "pref_fr", "alt_fr", "pref_en", "alt_en", "desc_fr"], isco_rows)
    write(dst, "occupations.tsv.gz", ["uri", "code", "isco_group", "broader", "pref_fr", "alt_fr", "hidden_fr", "pref_en",
                                      "alt_en", "hidden_en", "pref_ar", "desc_fr", "desc_en", "essential", "optional"], occ_rows)
    write(dst, "skills.tsv.gz", ["uri", "type", "reuse", "pref_fr", "alt_fr", "hidden_fr", "fr_source", "pref_en", "alt_en",
                                 "hidden_en", "broader"], skill_rows)
    write(dst, "skill_groups.tsv.gz", ["uri", "code", "pref_fr", "alt_fr", "pref_en", "alt_en", "broader"], sg_rows)
    write(dst, "related_skills.tsv.gz", ["skill", "relation", "related"], related)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
