#!/bin/bash
# neqent evolve body: rho(t) relaxes to the steady state of neqent body from
# every initial state (1e-6 at t = 40 relaxation times: e^-40 below that),
# and bad input is refused with one line.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
expect_error "--initial is required" evolve body
expect_error "unknown initial state 'B'" evolve body --initial B
expect_error "temperature must be a number > 0" evolve body --initial thermal:-4
expect_error "cannot read initial state" evolve body --initial file:/nonexistent
expect_error "whole number" evolve body --initial A --points 1.5
expect_error "t-max" evolve body --initial A --t-max 0
expect_error "name the model" evolve baths
printf '0.5 0 0 0\n0 0.5 0.7 0\n0 0.7 0 0\n0 0 0 0\n' >"$tmp/bad.txt"
expect_error "not a density matrix" evolve body --initial "file:$tmp/bad.txt"

"$BIN" body --json >"$tmp/steady.json" || bad "steady"
tau=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['relaxation_time'])" "$tmp/steady.json")
tmax=$(/usr/bin/python3 -c "print(40 * $tau)")
printf '# the |10> state\n0 0 0 0\n0 0 0 0\n0 0 1 0\n0 0 0 0\n' >"$tmp/eg.txt"
for init in A S thermal:30 "file:$tmp/eg.txt"; do
  "$BIN" evolve body --initial "$init" --t-max "$tmax" --points 3 >"$tmp/ev.csv" 2>"$tmp/err" || bad "evolve $init"
  /usr/bin/python3 - "$tmp/steady.json" "$tmp/ev.csv" "$init" <<'PY' && ok || bad "evolve $init does not reach the steady state"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [l for l in open(sys.argv[2]) if not l.startswith("#")]
assert rows[0].startswith("t[1/Gamma0],C[1]")
last = [float(x) for x in rows[-1].split(",")]
assert abs(last[1] - d["concurrence"]) < 1e-6, (last[1], d["concurrence"])
p = d["populations_coupled"]
assert all(abs(a - b) < 1e-6 for a, b in zip(last[4:8], [p["G"], p["A"], p["S"], p["E"]]))
first = [float(x) for x in rows[1].split(",")]
if sys.argv[3] == "A":
    assert abs(first[1] - 1) < 1e-12 and abs(first[5] - 1) < 1e-12
PY
done
finish
