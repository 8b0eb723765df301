"""Generates the SYNTHETIC answer logs of the knowledge-tracing tests (seeded, standard library only).

Each pupil has an ability; each item a difficulty and one skill (two for a few items); the chance of a right answer
grows with the pupil's practice and successes in the item's skills. Pupils 0..79 train, 80..99 test.
Run: python3 make_answers.py  (writes answers_train.csv and answers_test.csv beside it)
"""
import math
import random

rng = random.Random(2030)
skills = ["num.add", "num.sub", "fr.lecture", "ar.qiraa"]
items = []
for k in range(40):
    s = skills[k % 4]
    if k % 10 == 9:
        s = s + "+" + skills[(k + 1) % 4]
    items.append((f"I{k:02d}", s, rng.gauss(0, 1)))


def pupil_rows(p):
    ability = rng.gauss(0, 1)
    attempts, wins = {}, {}
    t = 1_700_000_000 + p * 1000
    rows = []
    for _ in range(rng.randint(20, 40)):
        name, s, b = rng.choice(items)
        sk = s.split("+")
        z = ability - b + sum(0.5 * math.log1p(attempts.get(x, 0)) + 0.4 * math.log1p(wins.get(x, 0)) for x in sk) - 0.6
        ok = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
        rows.append(f"P{p:03d},{name},{s},{ok},{t}")
        for x in sk:
            attempts[x] = attempts.get(x, 0) + 1
            wins[x] = wins.get(x, 0) + ok
        t += rng.randint(30, 600)
    return rows


for fname, pupils in (("answers_train.csv", range(0, 80)), ("answers_test.csv", range(80, 100))):
    with open(fname, "w", encoding="utf-8", newline="\n") as f:
        f.write("user_id,item_id,skill_id,correct,timestamp\n")
        for p in pupils:
            f.write("\n".join(pupil_rows(p)) + "\n")
