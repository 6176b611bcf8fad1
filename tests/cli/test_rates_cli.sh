#!/bin/bash
# neqent rates: bad input -> one line and a non-zero exit; JSON has the
# documented keys; vacuum reproduces the free-dipole closed form.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
expect_error "z1 = -1e-06" rates --z1 -1e-6
expect_error "z2 = 0" rates --z2 0
expect_error "delta = 0" rates --delta 0
expect_error "omega = -5" rates --omega -5
expect_error "r12: 'nan' is not a number" rates --r12 nan
expect_error "zero vector" rates --dipole1 0,0,0
expect_error "not a vector" rates --dipole2 1,2
expect_error "unknown material 'gold'" rates --material gold
expect_error "body: unknown value 'ball'" rates --body ball
expect_error "TW = -1 K must be > 0" rates --TW -1
expect_error "tol = 1e-16 must be >= 1e-13" rates --tol 1e-16
# qubits 1e-160 m apart at one height: a clear refusal, not an abort inside GSL
expect_error "apart" rates --r12 1e-160
"$BIN" rates --r12 1e-160 --z2 1.3um --json >/dev/null 2>"$tmp/err" && ok || bad "r12 = 1e-160 at different heights: $(cat "$tmp/err")"
expect_error "cannot read material table" rates --material file:/nonexistent
expect_error "coincide" rates --r12 0

"$BIN" rates --json >"$tmp/r.json" && ok || bad "default run"
"$BIN" rates --json --material vacuum --r12 3e-6 --dipole1 1,0,0 --dipole2 1,0,0 >"$tmp/v.json" && ok || bad "vacuum run"
/usr/bin/python3 - "$tmp/r.json" "$tmp/v.json" <<'PY' && ok || bad "rates JSON"
import json, math, sys
d = json.load(open(sys.argv[1]))
for k in ["alpha_W", "alpha_M", "lambda", "gamma_plus", "gamma_minus", "n_S", "n_A", "T_S", "T_A"]:
    assert k in d, k
for k in ["alpha_W", "alpha_M", "lambda", "gamma_plus", "gamma_minus"]:
    assert len(d[k]) == 2 and len(d[k][0]) == 2 and len(d[k][0][0]) == 2
# Hermitian 2x2 (q, q')
a = d["alpha_M"]
assert abs(a[0][1][0] - a[1][0][0]) < 1e-12 and abs(a[0][1][1] + a[1][0][1]) < 1e-12
v = json.load(open(sys.argv[2]))
xi = 0.3 * 1.495e14 / 299792458.0 * 3e-6
im = 3 * (math.sin(xi) - xi * math.cos(xi)) / xi**3       # x dipoles along x
lam = -1.5 * (math.cos(xi) + xi * math.sin(xi)) / xi**3
assert abs(v["alpha_W"][0][1][0] - im) < 1e-9 * abs(im)
assert abs(v["lambda"][0][1][0] - lam) < 1e-9 * abs(lam)
assert abs(v["alpha_M"][0][1][0]) < 1e-12
PY
finish
