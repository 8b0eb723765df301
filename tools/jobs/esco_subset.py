#!/usr/bin/env python3
"""Extracts the small ESCO v1.1.1 subset that Basira.Jobs ships for its demo and tests
(src/Basira.Jobs/Matching/Data/esco-subset.json): a few occupations common in Moroccan job offers,
with their ISCO group, labels (fr, en, ar where present) and their essential and optional skills
(French labels from the live-API labels, then the legacy file, then English).

This service uses the ESCO classification of the European Commission.
Usage: python3 tools/jobs/esco_subset.py ../shared/datasets/esco > src/Basira.Jobs/Matching/Data/esco-subset.json
"""
import csv, json, sys

root = sys.argv[1]
csv.field_size_limit(10**9)

def rows(path, enc='utf-8-sig'):
    return list(csv.DictReader(open(f"{root}/{path}", encoding=enc)))

# (French preferred label as in occupations_fr.csv)
WANTED = [
    "comptable", "développeur web/développeuse web", "développeur de logiciels/développeuse de logiciels",
    "analyste de données", "graphiste", "assistant administratif/assistante administrative", "réceptionniste",
    "serveur/serveuse", "cuisinier/cuisinière", "boulanger/boulangère", "électricien/électricienne",
    "plombier/plombière", "maçon/maçonne", "soudeur/soudeuse", "mécanicien d’entretien en automobile/mécanicienne d’entretien en automobile",
    "magasinier/magasinière", "chauffeur-livreur en voiture ou camionnette/chauffeuse-livreuse en voiture ou camionnette",
    "agent de sécurité/agente de sécurité", "coiffeur/coiffeuse", "vendeur en boutique de vêtements/vendeuse en boutique de vêtements",
    "aide-soignant/aide-soignante", "infirmier de soins généraux/infirmière de soins généraux",
    "couturier/couturière", "opérateur de machine à coudre/opératrice de machine à coudre", "ouvrier agricole/ouvrière agricole",
    "responsable des ressources humaines",
]
MAX_OPTIONAL = 12

fr = {r['preferredLabel']: r for r in rows('fr/occupations_fr.csv')}
en = {r['conceptUri']: r for r in rows('en/occupations_en.csv')}
ar = {r['conceptUri']: r for r in rows('ar_legacy/occupations_ar.csv')}
skill_fr = {r['conceptUri']: r['preferredLabel'] for r in rows('fr_legacy/skills_fr.csv')}
skill_fr.update({r['conceptUri']: r['preferredLabel'] for r in rows('fr_live_api_labels/skills_fr.csv')})
skill_en = {r['conceptUri']: r['preferredLabel'] for r in rows('en/skills_en.csv')}
rel = {}
for r in rows('relations/occupationSkillRelations.csv'):
    rel.setdefault(r['occupationUri'], {'essential': [], 'optional': []})[r['relationType']].append(r['skillUri'])

occupations, used = [], set()
for label in WANTED:
    o = fr[label]
    uri = o['conceptUri']
    r = rel.get(uri, {'essential': [], 'optional': []})
    ess = sorted(r['essential'])
    opt = sorted(r['optional'])[:MAX_OPTIONAL]
    used.update(ess); used.update(opt)
    occupations.append({
        'id': uri, 'isco': o['iscoGroup'],
        'fr': o['preferredLabel'], 'en': en.get(uri, {}).get('preferredLabel'), 'ar': ar.get(uri, {}).get('preferredLabel') or None,
        'essential': ess, 'optional': opt,
    })
skills = [{'id': s, 'fr': skill_fr.get(s) or skill_en[s], 'en': skill_en.get(s)} for s in sorted(used)]
json.dump({
    'source': 'ESCO v1.1.1 (European Commission), subset extracted by tools/jobs/esco_subset.py from ../shared/datasets/esco',
    'attribution': 'This service uses the ESCO classification of the European Commission.',
    'occupations': occupations, 'skills': skills,
}, sys.stdout, ensure_ascii=False, indent=0)
