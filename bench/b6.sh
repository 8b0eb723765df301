#!/usr/bin/env bash
# B6 — job-title normalisation on the MELO French datasets: Basira's linker and the side-by-side methods, on the full
# ranking (trec_eval over the whole corpus) and under the published runs' cut (--melo-cut); each line also gives the dev and test parts.
# usage: bench/b6.sh ../shared/datasets/melo-fr > b6.jsonl      (Release build: dotnet build -c Release src/Basira.Cli)
set -euo pipefail
melo=${1:-../shared/datasets/melo-fr}
basira=${BASIRA:-artifacts/bin/Basira.Cli/release/basira}
for ds in fra_q_fr_c_fr bel_q_fr_c_fr; do
  for method in basira corpus-only concept-char char-tfidf; do
    for cut in "" "--melo-cut"; do
      for split in all; do
        out=$("$basira" jobs evaluate-linking --queries "$melo/$ds/queries.tsv" --corpus "$melo/$ds/corpus_elements.tsv" \
          --qrels "$melo/$ds/annotations.tsv" --method "$method" --split "$split" $cut --json 2>/dev/null | tr -d '\n ')
        echo "{\"dataset\":\"$ds\",${out#\{}"
      done
    done
  done
done
