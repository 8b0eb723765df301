#!/usr/bin/env bash
# B4 load forecasting (BENCHMARKS.md): `basira energy backtest` under the LTSF protocol of etth1/SOURCE.md on the 8
# configurations (multivariate --all and OT-only, horizons 96/192/336/720), Basira choosing every setting on the
# validation windows; --candidates adds the side-by-side test figures of every candidate. Prints one JSON object.
# Usage: bench/b4.sh [../shared/datasets/etth1/ETTh1.csv] [horizons, default "96 192 336 720"]
set -euo pipefail
cd "$(dirname "$0")/.."
F="${1:-../shared/datasets/etth1/ETTh1.csv}"
H="${2:-96 192 336 720}"
dotnet build -c Release src/Basira.Cli -v q -nologo >&2
B=artifacts/bin/Basira.Cli/release/basira
runs=""
for mode in all OT; do
  for h in $H; do
    if [ "$mode" = all ]; then sel=(--all); else sel=(--target OT); fi
    start=$(date +%s)
    r=$($B energy backtest --data "$F" "${sel[@]}" --horizon "$h" --split 8640,11520,14400 --candidates --json)
    secs=$(( $(date +%s) - start ))
    runs="${runs:+$runs,}{\"setting\":\"$([ "$mode" = all ] && echo M || echo S)\",\"horizon\":$h,\"seconds\":$secs,\"result\":$r}"
    echo "B4 $mode H=$h done in ${secs}s" >&2
  done
done
printf '{"benchmark":"B4","machine":"%s cores","date":"%s","runs":[%s]}\n' "$(nproc)" "$(date -u +%F)" "$runs"
