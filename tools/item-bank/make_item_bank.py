"""Writes src/Basira.Education/Learning/ItemBank/item-bank.json: a SYNTHETIC item bank for the learning paths.

Skills of a plausible Moroccan primary curriculum (mathematics, French, Arabic; grades 1-6) with a prerequisite graph,
and six exercises per skill with a difficulty on the logit scale. Nothing here comes from an official programme: names
and prompts are illustrative. Seeded; standard library only. Run from the repository root:
    python3 tools/item-bank/make_item_bank.py
"""
import json
import random

rng = random.Random(9)

# id, subject, grade, fr, ar, en, prerequisites
SKILLS = [
    ("math.g1.numbers20", "math", 1, "Nombres jusqu'à 20", "الأعداد إلى 20", "Numbers up to 20", []),
    ("math.g1.add20", "math", 1, "Addition jusqu'à 20", "الجمع إلى 20", "Addition up to 20", ["math.g1.numbers20"]),
    ("math.g1.sub20", "math", 1, "Soustraction jusqu'à 20", "الطرح إلى 20", "Subtraction up to 20", ["math.g1.add20"]),
    ("math.g2.numbers100", "math", 2, "Nombres jusqu'à 100", "الأعداد إلى 100", "Numbers up to 100", ["math.g1.numbers20"]),
    ("math.g2.add100", "math", 2, "Addition avec retenue", "الجمع بالاحتفاظ", "Addition with carrying", ["math.g1.add20", "math.g2.numbers100"]),
    ("math.g2.sub100", "math", 2, "Soustraction avec retenue", "الطرح بالاستلاف", "Subtraction with borrowing", ["math.g1.sub20", "math.g2.add100"]),
    ("math.g3.mult", "math", 3, "Tables de multiplication", "جداول الضرب", "Multiplication tables", ["math.g2.add100"]),
    ("math.g3.measure", "math", 3, "Mesures de longueur", "قياس الأطوال", "Measuring lengths", ["math.g2.numbers100"]),
    ("math.g4.div", "math", 4, "Division", "القسمة", "Division", ["math.g3.mult", "math.g2.sub100"]),
    ("math.g4.geometry", "math", 4, "Périmètre et aire", "المحيط والمساحة", "Perimeter and area", ["math.g3.mult", "math.g3.measure"]),
    ("math.g5.fractions", "math", 5, "Fractions", "الكسور", "Fractions", ["math.g4.div"]),
    ("math.g6.decimals", "math", 6, "Nombres décimaux", "الأعداد العشرية", "Decimal numbers", ["math.g5.fractions"]),
    ("fr.g1.letters", "fr", 1, "Lettres et sons", "الحروف والأصوات (الفرنسية)", "Letters and sounds", []),
    ("fr.g1.syllables", "fr", 1, "Syllabes", "المقاطع (الفرنسية)", "Syllables", ["fr.g1.letters"]),
    ("fr.g2.words", "fr", 2, "Lecture de mots", "قراءة الكلمات (الفرنسية)", "Reading words", ["fr.g1.syllables"]),
    ("fr.g2.sentences", "fr", 2, "Lecture de phrases", "قراءة الجمل (الفرنسية)", "Reading sentences", ["fr.g2.words"]),
    ("fr.g3.gender", "fr", 3, "Genre et nombre du nom", "الجنس والعدد (الفرنسية)", "Gender and number of nouns", ["fr.g2.words"]),
    ("fr.g3.comprehension", "fr", 3, "Compréhension d'un texte court", "فهم نص قصير (الفرنسية)", "Understanding a short text", ["fr.g2.sentences"]),
    ("fr.g4.present", "fr", 4, "Conjugaison au présent", "التصريف في المضارع (الفرنسية)", "Present tense", ["fr.g2.sentences", "fr.g3.gender"]),
    ("fr.g5.past", "fr", 5, "Passé composé", "الماضي المركب (الفرنسية)", "Compound past tense", ["fr.g4.present"]),
    ("ar.g1.letters", "ar", 1, "Lettres arabes et leurs sons", "الحروف وأصواتها", "Arabic letters and sounds", []),
    ("ar.g1.harakat", "ar", 1, "Voyelles courtes (harakat)", "الحركات", "Short vowels (harakat)", ["ar.g1.letters"]),
    ("ar.g1.syllables", "ar", 1, "Syllabes arabes", "المقاطع الصوتية", "Arabic syllables", ["ar.g1.harakat"]),
    ("ar.g2.words", "ar", 2, "Lecture de mots arabes", "قراءة الكلمات", "Reading Arabic words", ["ar.g1.syllables"]),
    ("ar.g2.sentences", "ar", 2, "Lecture de phrases arabes", "قراءة الجمل", "Reading Arabic sentences", ["ar.g2.words"]),
    ("ar.g3.comprehension", "ar", 3, "Compréhension de l'écrit", "فهم المقروء", "Reading comprehension", ["ar.g2.sentences"]),
    ("ar.g3.nominal", "ar", 3, "Phrase nominale", "الجملة الاسمية", "Nominal sentence", ["ar.g2.sentences"]),
    ("ar.g4.verbal", "ar", 4, "Phrase verbale", "الجملة الفعلية", "Verbal sentence", ["ar.g3.nominal"]),
    ("ar.g5.conjugation", "ar", 5, "Conjugaison du verbe", "تصريف الفعل", "Verb conjugation", ["ar.g4.verbal"]),
]

ORDINAL = {"fr": "Exercice {n}", "ar": "التمرين {n}", "en": "Exercise {n}"}


def math_prompt(skill, n):
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    if skill.endswith("add20"):
        s = f"{a} + {b} = ?"
    elif skill.endswith("sub20"):
        s = f"{a + b} − {b} = ?"
    elif skill.endswith("add100"):
        s = f"{a * 7 + 10} + {b * 3 + 8} = ?"
    elif skill.endswith("sub100"):
        s = f"{a * 9 + 20} − {b * 2 + 7} = ?"
    elif skill.endswith("mult"):
        s = f"{a} × {b} = ?"
    elif skill.endswith("div"):
        s = f"{a * b} ÷ {a} = ?"
    elif skill.endswith("fractions"):
        s = f"1/{a} + 1/{a} = ?"
    elif skill.endswith("decimals"):
        s = f"{a},{b} + 0,{a} = ?"
    else:
        return None
    return {"fr": s, "ar": s, "en": s.replace(",", ".")}


skills = [{"id": s[0], "subject": s[1], "grade": s[2], "name": {"fr": s[3], "ar": s[4], "en": s[5]}, "prerequisites": s[6]} for s in SKILLS]
ids = {s["id"] for s in skills}
for s in skills:
    assert all(p in ids for p in s["prerequisites"]), s["id"]
items = []
for s in skills:
    base = -1.2 + 0.35 * (s["grade"] - 1)
    for n in range(1, 7):
        difficulty = round(base + (n - 3.5) * 0.35 + rng.gauss(0, 0.15), 2)
        prompt = math_prompt(s["id"], n) or {lang: ORDINAL[lang].format(n=n) + " — " + s["name"][lang] for lang in ("fr", "ar", "en")}
        items.append({"id": f"{s['id']}.{n}", "skill": s["id"], "difficulty": difficulty, "prompt": prompt})

bank = {
    "synthetic": True,
    "notice": "SYNTHETIC item bank: illustrative skills of a plausible Moroccan primary curriculum; not an official programme.",
    "version": "1",
    "skills": skills,
    "items": items,
}
with open("src/Basira.Education/Learning/ItemBank/item-bank.json", "w", encoding="utf-8", newline="\n") as f:
    json.dump(bank, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(skills), "skills,", len(items), "items")
