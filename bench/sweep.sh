#!/bin/bash
# Sweep throughput (issue 6): points/s of `neqent sweep` on 1 and 2 threads
# for both models (>= 10,000 points each), parallel efficiency, and the wall
# time of `neqent figure all`.  Best of 3 runs each (VM noise).
# usage: bench/sweep.sh BUILD_DIR
set -eu
BIN="$(cd "$1" && pwd)/neqent"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
best() { # best wall time of 3 runs of "$@"
  local b=1e9
  for r in 1 2 3; do
    rm -f "$tmp"/*.csv "$tmp"/*.partial
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    b=$(echo "$b $t0 $t1" | awk '{d = $3 - $2; print (d < $1 ? d : $1)}')
  done
  echo "$b"
}
echo "| sweep (one core = --threads 1) | points | 1 thread | 2 threads | parallel efficiency |"
echo "|---|---|---|---|---|"
for model in baths body; do
  if [ $model = baths ]; then
    args=(sweep baths --vary T1=0.05:3:125 --vary T2=0.05:3:120 --quiet --out "$tmp/s.csv")
    n=15000
  else
    args=(sweep body --vary z2=0.3e-6:2.5e-6:25 --vary TM=50:5000:480:log --quiet --out "$tmp/s.csv")
    n=12000
  fi
  t1=$(best "$BIN" "${args[@]}" --threads 1)
  t2=$(best "$BIN" "${args[@]}" --threads 2)
  echo "$model $n $t1 $t2" | awk '{printf "| %s | %d | %.0f points/s (%.2f s) | %.0f points/s (%.2f s) | %.0f%% |\n", $1, $2, $2/$3, $3, $2/$4, $4, 100*$3/(2*$4)}'
done
tf=$(best "$BIN" figure all --out-dir "$tmp/fig" --force)
echo
echo "neqent figure all (both papers, 9 figures, data + PNG): $tf s"
