#!/bin/bash
# Sweep throughput (issue 6): points/s of `neqent sweep` on 1 and 2 threads
# for both models (60,000 points each: long enough, ~1.5-3 s, that the VM's
# scheduling noise does not dominate), parallel efficiency, and the wall
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
# the control: two independent 1-thread processes at once (no shared state
# at all); their efficiency is what the machine allows two workers
pair() {
  mkdir -p "$tmp/a" "$tmp/b"
  rm -f "$tmp"/a/* "$tmp"/b/*
  (cd "$tmp/a" && "$@" >/dev/null 2>&1) &
  (cd "$tmp/b" && "$@" >/dev/null 2>&1)
  wait
}
best_pair() {
  local b=1e9
  for r in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    pair "$@"
    t1=$(date +%s.%N)
    b=$(echo "$b $t0 $t1" | awk '{d = $3 - $2; print (d < $1 ? d : $1)}')
  done
  echo "$b"
}
echo "| sweep | points | 1 thread | 2 threads | parallel efficiency | control: 2 independent processes |"
echo "|---|---|---|---|---|---|"
for model in baths body; do
  if [ $model = baths ]; then
    args=(sweep baths --vary T1=0.05:3:250 --vary T2=0.05:3:240 --quiet --out "$tmp/s.csv")
    n=60000
  else
    args=(sweep body --vary z2=0.3e-6:2.5e-6:25 --vary TM=50:5000:2400:log --quiet --out "$tmp/s.csv")
    n=60000
  fi
  t1=$(best "$BIN" "${args[@]}" --threads 1)
  t2=$(best "$BIN" "${args[@]}" --threads 2)
  rel=("${args[@]}")
  rel[${#rel[@]}-1]=s.csv
  tp=$(best_pair "$BIN" "${rel[@]}" --threads 1)
  echo "$model $n $t1 $t2 $tp" | awk '{printf "| %s | %d | %.0f points/s (%.2f s) | %.0f points/s (%.2f s) | %.0f%% | %.0f%% (%.2f s) |\n", $1, $2, $2/$3, $3, $2/$4, $4, 100*$3/(2*$4), 100*$3/$5, $5}'
done
tf=$(best "$BIN" figure all --out-dir "$tmp/fig" --force)
echo
echo "neqent figure all (both papers, 9 figures, data + PNG): $tf s"
