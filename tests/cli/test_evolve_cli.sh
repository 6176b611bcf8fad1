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
expect_error "cannot read state file" evolve body --initial file:/nonexistent
expect_error "is a directory, not a regular file" evolve body --initial "file:$tmp"
expect_error "whole number" evolve body --initial A --points 2.5
expect_error "t-max = 0 1/rate must be > 0" evolve body --initial A --t-max 0
expect_error "name the model" evolve
expect_error "unknown model 'bath'" evolve bath --initial A
printf '0.5 0 0 0\n0 0.5 0.7 0\n0 0.7 0 0\n0 0 0 0\n' >"$tmp/bad.txt"
expect_error "is not positive" evolve body --initial "file:$tmp/bad.txt"
# a 5 x 5 matrix is refused, not cut to 4 x 4; so are 3 columns
printf '0.2 0 0 0 0\n0 0.2 0 0 0\n0 0 0.2 0 0\n0 0 0 0.2 0\n0 0 0 0 0.2\n' >"$tmp/five.txt"
expect_error "5 entries where a 4 x 4 state has 4" evolve body --initial "file:$tmp/five.txt"
printf '1 0 0\n0 0 0\n0 0 0\n0 0 0\n' >"$tmp/three.txt"
expect_error "3 entries where a 4 x 4 state has 4" evolve body --initial "file:$tmp/three.txt"
printf '0.25 0 0 0\n0 0.25 0 0\n0 0 0.25 0\n0 0 0 0.25\n0 0 0 0\n' >"$tmp/extra.txt"
expect_error "more than 4 rows" evolve body --initial "file:$tmp/extra.txt"
# every model option of body, dipoles included, and a log grid of 2 points
"$BIN" evolve body --initial A --dipole1 1,0,0 --dipole2 1,0,0 --log --points 2 --t-max 10 >"$tmp/d.csv" 2>"$tmp/err" && ok || bad "evolve with dipoles and --log --points 2: $(cat "$tmp/err")"
[ "$(grep -vc '^#' "$tmp/d.csv")" -eq 3 ] && grep -q '^10,' "$tmp/d.csv" && ok || bad "two times 0 and 10 expected"
# the two-bath model evolves too: from |gg> it reaches neqent baths' steady state
"$BIN" baths --json >"$tmp/bs.json"
"$BIN" evolve baths --initial ground --t-max 60 --points 2 >"$tmp/b.csv" || bad "evolve baths"
/usr/bin/python3 - "$tmp/bs.json" "$tmp/b.csv" <<'PY' && ok || bad "evolve baths does not reach the steady state"
import json, sys
d = json.load(open(sys.argv[1]))
last = [float(x) for x in open(sys.argv[2]).read().split("\n")[-2].split(",")]
assert abs(last[1] - d["concurrence"]) < 1e-9, (last[1], d["concurrence"])
PY

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
assert all(abs(a - d[k]) < 1e-6 for a, k in zip(last[4:8], ["rho_G", "rho_A", "rho_S", "rho_E"]))
first = [float(x) for x in rows[1].split(",")]
if sys.argv[3] == "A":
    assert abs(first[1] - 1) < 1e-12 and abs(first[5] - 1) < 1e-12
PY
done
finish
