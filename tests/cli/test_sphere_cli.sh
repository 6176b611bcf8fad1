#!/bin/bash
# neqent with the new bodies' sweepable setup: a sweep over the sphere's
# radius, over one layer's thickness in a layers file (--layer_index), and
# over a graphene sheet's chemical potential each equals the single runs
# written another way (the radius as an option, the thickness in the file,
# mu in meV); a perfectly conducting sphere emits nothing (heat_body = 0);
# equal temperatures near a sphere give the thermal state.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
cd "$tmp" || exit 1

# rows of a sweep against single runs: column $3 of the CSV vs key $3 of the JSON
compare() {
  $py - "$@" <<'PY'
import csv, json, sys
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
head, rows = rows[0], rows[1:]
col = head.index(sys.argv[2])
for row, f in zip(rows, sys.argv[4:]):
    want = json.load(open(f))[sys.argv[3]]
    got = float(row[col])
    assert abs(got - want) <= 1e-12 * abs(want), (f, got, want)
assert len(rows) == len(sys.argv) - 4
PY
}

# the radius
"$BIN" sweep rates --body sphere --vary radius=0.2um,1um,5um --omega 1.6e14 --quantities Gamma_S \
  --out r.csv --quiet && ok || bad "sweep radius"
for R in 0.2um 1um 5um; do
  "$BIN" rates --body sphere --radius $R --omega 1.6e14 --json >"r$R.json" || bad "rates R = $R"
done
compare r.csv "Gamma_S[Gamma0]" Gamma_S r0.2um.json r1um.json r5um.json && ok || bad "radius sweep != single runs"

# one layer's thickness: the option replaces the file's value
printf 'sio2 50nm\nsic 100nm\nsi-n:1e25 inf\n' >lay.txt
"$BIN" sweep rates --body layers --layers lay.txt --layer_index 2 --vary layer_thickness=20nm,300nm \
  --omega 1.6e14 --quantities Gamma_S --out l.csv --quiet && ok || bad "sweep layer_thickness"
for d in 20nm 300nm; do
  printf 'sio2 50nm\nsic %s\nsi-n:1e25 inf\n' $d >"lay$d.txt"
  "$BIN" rates --body layers --layers "lay$d.txt" --omega 1.6e14 --json >"l$d.json" || bad "rates d = $d"
done
compare l.csv "Gamma_S[Gamma0]" Gamma_S l20nm.json l300nm.json && ok || bad "thickness sweep != files"
expect_error "--layer_index 4: the layers file has layers 1 to 2" rates --body layers --layers lay.txt --layer_index 4
expect_error "--layer_index 1.5" rates --body layers --layers lay.txt --layer_index 1.5

# the gate: mu in eV in the sweep, in meV alone
"$BIN" sweep rates --body halfspace --material sio2 --sheet graphene --vary sheet_mu=0.1eV,0.4eV \
  --omega 1.6e14 --quantities Gamma_S --out m.csv --quiet && ok || bad "sweep sheet_mu"
for mu in 100meV 400meV; do
  "$BIN" rates --body halfspace --material sio2 --sheet graphene --sheet_mu $mu --omega 1.6e14 --json >"m$mu.json" ||
    bad "rates mu = $mu"
done
compare m.csv "Gamma_S[Gamma0]" Gamma_S m100meV.json m400meV.json && ok || bad "mu sweep != single runs"

# a perfect conductor absorbs and emits nothing: no heat from the body, and
# the qubits at the walls' temperature (T_S = T_W = 30 K)
"$BIN" body --body sphere --material pec --radius 2um --json >pec.json && ok || bad "pec sphere"
$py -c "import json; d = json.load(open('pec.json')); assert d['heat_body'] == 0 and abs(d['heat_walls']) < 1e-15 and d['T_S'] == 30, d" &&
  ok || bad "pec sphere: heat from the body"
# T_W = T_M: rho = the free qubits' thermal state, p_e = n/(2n+1) (eq. 3)
"$BIN" body --body sphere --radius 0.5um --center 0.3um,0.2um,-0.6um --omega 1.6e14 --TW 500K --TM 500K \
  --json >eq.json && ok || bad "sphere at equilibrium"
$py - <<'PY' && ok || bad "sphere at equilibrium: not the thermal state"
import json, math
d = json.load(open("eq.json"))
x = 1.054571817e-34 * 1.6e14 / (1.380649e-23 * 500)
n = 1 / math.expm1(x)
pe = n / (2 * n + 1)
want = [(1 - pe) ** 2, pe * (1 - pe), pe * (1 - pe), pe * pe]
got = [d["rho_G"], d["rho_A"], d["rho_S"], d["rho_E"]]
assert max(abs(a - b) for a, b in zip(got, want)) < 1e-12, (got, want)
assert d["concurrence"] == 0
PY
finish
