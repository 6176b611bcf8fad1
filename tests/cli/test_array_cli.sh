#!/bin/bash
# Arrays of qubits from the command line (neqent body --array / --qubits):
#   - a chain given as --array and as a geometry file (another code path to
#     the same positions) gives the same numbers, bit for bit;
#   - --rho FILE (MatrixMarket) holds exactly the JSON's rho (N = 3), and for
#     seven qubits a state: trace 1, Hermitian (1e-12), C(14, 7) = 3432
#     nonzeros (the k = 0 block: the excitation number is conserved);
#   - evolve body with the array reaches the steady pair concurrences
#     (15 relaxation times: e^-15 ~ 3e-7 of the initial distance; 1e-5);
#   - a sweep over the spacing writes one row per value;
#   - ten qubits (GMRES): the cost stated before the run, residual, heat
#     balance; eleven refused.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
cd "$tmp" || exit 1

printf '# chain\n0 0 1um\n200nm 0 1um\n400nm 0 1um\n' >c3.geo
"$BIN" body --array chain:3:0.2um --height 1um --TM 800 --json >a.json && ok || bad "array run"
"$BIN" body --qubits c3.geo --TM 800 --json --rho a.mtx >f.json && ok || bad "geometry-file run"
$py - <<'PY' && ok || bad "array and geometry file differ, or --rho differs from JSON"
import json
import numpy as np
from scipy.io import mmread
a, f = json.load(open("a.json")), json.load(open("f.json"))
for k in a["units"]:
    assert a[k] == f[k], k
rho = np.array([[complex(*x) for x in row] for row in f["rho"]])
m = mmread("a.mtx").toarray()
assert np.array_equal(m, rho), np.abs(m - rho).max()
assert f["nq"] == 3 and len(f["pair_concurrence"]) == 3
PY

"$BIN" body --array chain:7:0.2um --rho r7.mtx --json >r7.json && ok || bad "seven qubits"
$py - <<'PY' && ok || bad "seven-qubit rho"
import json
import numpy as np
from scipy.io import mmread
m = mmread("r7.mtx").toarray()
d = json.load(open("r7.json"))
assert "rho" not in d and d["nq"] == 7
# the relaxation time (a minute here) only on request; the collective
# populations, one per basis state, sum to the trace
assert "relaxation_time" not in d and len(d["populations_H"]) == 128
assert abs(sum(d["populations_H"]) - 1) < 1e-12 and min(d["populations_H"]) > -1e-12
assert m.shape == (128, 128) and np.count_nonzero(m) == 3432
assert abs(np.trace(m) - 1) < 1e-12 and np.abs(m - m.conj().T).max() < 1e-12
assert np.linalg.eigvalsh(m).min() > -1e-12
PY

"$BIN" body --array chain:3:0.2um --json >s.json
# --quantities: only those, in that order; a costly one at three qubits is
# computed by default and equals the one asked for
"$BIN" body --array chain:3:0.2um --quantities relaxation_time,nq --json >q.json && ok || bad "--quantities"
$py - <<'PY' && ok || bad "--quantities output"
import json
q, s = json.load(open("q.json")), json.load(open("s.json"))
keys = [k for k in q if k not in ("model", "neqent", "parameters", "units")]
assert keys == ["relaxation_time", "nq"], keys
assert q["relaxation_time"] == s["relaxation_time"] and q["nq"] == 3
PY
"$BIN" evolve body --array chain:3:0.2um --initial ground --t-max 2000 --points 3 >e.csv && ok || bad "evolve an array"
$py - <<'PY' && ok || bad "evolve does not reach the steady pair concurrences"
import csv, json
s = json.load(open("s.json"))
rows = [r for r in csv.DictReader(l for l in open("e.csv") if not l.startswith("#"))]
last = rows[-1]
for a in range(3):
    for b in range(a + 1, 3):
        assert abs(float(last[f"C_{a+1}_{b+1}[1]"]) - s["pair_concurrence"][a][b]) < 1e-5
PY

"$BIN" sweep body --array chain:4 --vary spacing=0.1um:0.4um:4 --quiet --out sw.csv && ok || bad "sweep over the spacing"
[ "$(grep -vc '^#' sw.csv)" -eq 5 ] && ok || bad "sweep rows: $(grep -vc '^#' sw.csv)"

# ten qubits (GMRES: ~10 s): the cost is stated before the run; thirteen are
# refused.  Not under the sanitizers (ten qubits there take minutes).
case "$BIN" in
*/asan/* | */tsan/*) ;;
*)
  "$BIN" body --array chain:10:0.25um --json >r10.json 2>err.txt && ok || bad "ten qubits: $(cat err.txt)"
  grep -q "about .* GB and .* s for the steady state" err.txt && ok || bad "ten qubits: no estimate stated: $(cat err.txt)"
  $py -c "import json; d = json.load(open('r10.json')); assert d['nq'] == 10 and d['residual'] < 1e-12 and abs(d['heat_body'] + d['heat_walls']) < 1e-11" && ok || bad "ten qubits: result"
  ;;
esac
"$BIN" body --array chain:13 >/dev/null 2>err.txt
[ $? -eq 2 ] && grep -q "N must be a whole number from 1 to 12" err.txt && ok || bad "thirteen qubits: $(cat err.txt)"
finish
