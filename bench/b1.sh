#!/usr/bin/env bash
# B1 side by side: Basira (`basira edu evaluate`, Release build) and the scikit-learn/XGBoost reference on the same
# folds, all features and enrolment-only. Prints one JSON object. Usage: bench/b1.sh [../shared/datasets/uci-student-dropout]
set -euo pipefail
cd "$(dirname "$0")/.."
D="${1:-../shared/datasets/uci-student-dropout}"
dotnet build -c Release src/Basira.Cli -v q -nologo >&2
B=artifacts/bin/Basira.Cli/release/basira
PY="${PYTHON:-/usr/bin/python3}"   # Debian python3 with python3-sklearn, python3-pandas, python3-xgboost
# The 9 nominal (integer-coded) columns of the UCI variable table: one-hot in the linear part, codes in numeric order for the trees.
C="Marital status,Application mode,Course,Previous qualification,Nacionality,Mother's qualification,Father's qualification,Mother's occupation,Father's occupation"
common=(--data "$D/data.csv" --target Target --positive Dropout --folds-file "$D/folds_skf5_seed42.csv" --categorical "$C" --json)
all=$($B edu evaluate "${common[@]}")
enrol=$($B edu evaluate "${common[@]}" --drop-prefix "Curricular units" --learning-rate 0.01 --iterations 1500 --leaves 7 --min-leaf 30 --feature-fraction 0.3)
# The five derived rates of docs/benchmarks/B1-dropout.md (chosen a priori), with inner-CV-selected hyper-parameters.
X="approval_rate_1st=[Curricular units 1st sem (approved)] / [Curricular units 1st sem (enrolled)];approval_rate_2nd=[Curricular units 2nd sem (approved)] / [Curricular units 2nd sem (enrolled)];pass_rate_1st=[Curricular units 1st sem (approved)] / [Curricular units 1st sem (evaluations)];pass_rate_2nd=[Curricular units 2nd sem (approved)] / [Curricular units 2nd sem (evaluations)];grade_change=[Curricular units 2nd sem (grade)] - [Curricular units 1st sem (grade)]"
derived=$($B edu evaluate "${common[@]}" --derive "$X" --learning-rate 0.01 --iterations 1500 --leaves 7 --min-leaf 30 --feature-fraction 0.3)
ref_all=$("$PY" bench/b1_reference.py "$D/data.csv" "$D/folds_skf5_seed42.csv" || echo null)
ref_enrol=$("$PY" bench/b1_reference.py "$D/data.csv" "$D/folds_skf5_seed42.csv" --drop-prefix "Curricular units" || echo null)
printf '{"benchmark":"B1","machine":"%s cores","date":"%s","basira_all":%s,"basira_enrolment":%s,"basira_all_derived":%s,"reference_all":%s,"reference_enrolment":%s}\n' \
  "$(nproc)" "$(date -u +%F)" "$all" "$enrol" "$derived" "$ref_all" "$ref_enrol"
