#!/bin/bash
# neqent baths from the command line: bad input gives one line on stderr
# and a non-zero exit; output files are never overwritten silently; the JSON
# carries the documented keys and physically required values.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

expect_error "T1 = -1" baths --T1 -1
expect_error "T2: 'nan' is not a number" baths --T2 nan
expect_error "'abc' is not a number" baths --eps1 abc
expect_error "'1.5x' is not a number" baths --K 1.5x
expect_error "unknown option '--bogus'" baths --bogus 3
expect_error "needs a value" baths --T1
expect_error "unknown command 'bath'" bath
expect_error "'1e400' is out of the range of a double" baths --T1 1e400
expect_error "me: unknown value 'secular' (global,local,redfield,unified)" baths --me secular
expect_error "spectral: unknown value 'lorentz' (flat,ohmic,drude)" baths --spectral lorentz
# T = 0: the entropy production diverges there, so the models refuse it
expect_error "T1 = 0 E must be > 0" baths --T1 0
expect_error "'0x1p3' is not a number" baths --K 0x1p3
expect_error "needs --T-mean" baths --lnel
expect_error "T-mean = -1" baths --lnel --T-mean -1
expect_error "only used with --lnel" baths --T-mean 1
expect_error "needs a value" baths --me

# Equal temperatures: no heat current, no entropy production (Gibbs state).
"$BIN" baths --T1 0.8 --T2 0.8 --json >"$tmp/eq.json" 2>"$tmp/err" || bad "equilibrium run failed"
/usr/bin/python3 - "$tmp/eq.json" <<'PY' && ok || bad "equilibrium JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["concurrence", "linear_entropy", "von_neumann_entropy", "purity", "J1", "J2",
          "entropy_production", "rho", "parameters", "units"]:
    assert k in d, k
assert abs(d["J1"]) < 1e-12 and abs(d["J2"]) < 1e-12
assert abs(d["entropy_production"]) < 1e-12
assert len(d["rho"]) == 4 and all(len(r) == 4 for r in d["rho"])
tr = sum(d["rho"][i][i][0] for i in range(4))
assert abs(tr - 1) < 1e-14
PY

# --lnel: the model's LNEL quantities at T1 = T2 = T_M, against a second
# route: central differences of the steady state's own J1 and concurrence
# (neqent baths at T1,2 = T_M +- dT/2).  kappa = dJ1/ddT to O(dT^2) (dT = 1e-3:
# relative error ~1e-6, tolerance 1e-5).  alpha = -(C(dT) + C(-dT) - 2 C_eq)/(2 dT^2)
# at dT = 0.01 and 0.005, Richardson-extrapolated (error O(dT^4), ~1e-6
# relative here; tolerance 1e-4).  dC = dSL = 0 by the symmetry eps1 = eps2,
# gamma1 = gamma2 (exchanging the baths flips dT): within their error estimates.
"$BIN" baths --lnel --T-mean 0.5 --eps1 3 --eps2 3 --json >"$tmp/lnel.json" 2>"$tmp/err" || bad "lnel run failed"
for h in 0.0005 0.005 0.0025; do
  for sgn in 1 -1; do
    "$BIN" baths --eps1 3 --eps2 3 --T1 "$(/usr/bin/python3 -c "print(repr(0.5 + $sgn * $h))")" \
      --T2 "$(/usr/bin/python3 -c "print(repr(0.5 - $sgn * $h))")" --json >"$tmp/lnel_${h}_$sgn.json" || bad "lnel point"
  done
done
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "lnel against finite differences"
import json, sys
t = sys.argv[1]
d = json.load(open(f"{t}/lnel.json"))
assert d["parameters"]["T1"] == d["parameters"]["T2"] == 0.5, d["parameters"]
pt = lambda h, s: json.load(open(f"{t}/lnel_{h}_{s}.json"))
kappa = (pt("0.0005", 1)["J1"] - pt("0.0005", -1)["J1"]) / (2 * 1e-3)
assert abs(kappa - d["kappa"]) <= 1e-5 * abs(kappa), (kappa, d["kappa"])
def alpha(h):
    C = [pt(h, s)["concurrence"] for s in (1, -1)]
    return -(C[0] + C[1] - 2 * d["C_eq_X"]) / (2 * (2 * float(h)) ** 2)
a = (4 * alpha("0.0025") - alpha("0.005")) / 3
assert abs(a - d["alpha"]) <= 1e-4 * abs(a), (a, d["alpha"])
assert abs(d["dC"]) <= d["dC_err"] and abs(d["dSL"]) <= d["dSL_err"], (d["dC"], d["dSL"])
PY

# Output file: written atomically, refused the second time without --force.
"$BIN" baths --json --out "$tmp/r.json" 2>"$tmp/err" && [ -s "$tmp/r.json" ] && ok || bad "--out"
cp "$tmp/r.json" "$tmp/r.orig"
expect_error "exists" baths --json --out "$tmp/r.json"
cmp -s "$tmp/r.json" "$tmp/r.orig" && ok || bad "existing file was modified"
"$BIN" baths --json --out "$tmp/r.json" --force 2>/dev/null && ok || bad "--force"
expect_error "cannot write" baths --out "$tmp/no/such/dir/r.json"
ls "$tmp"/no 2>/dev/null && bad "partial output left behind" || ok
# A failing computation leaves no file behind.
"$BIN" baths --T1 -2 --out "$tmp/neg.json" 2>/dev/null
[ ! -e "$tmp/neg.json" ] && ok || bad "file written for bad input"

# the audit: the local ME with K' = 2 makes heat flow from the colder bath
# (J1 < 0 with T1 > T2) and breaks the second law; each warning names it
"$BIN" baths --me local --eps1 1 --eps2 1 --K 1 --Kp 2 --T1 1.5 --T2 0.5 --quantities J1 >/dev/null 2>"$tmp/audit" &&
  grep -q "the local master equation makes heat flow from the colder bath" "$tmp/audit" &&
  grep -q "the local master equation breaks the second law" "$tmp/audit" && ok ||
  bad "audit warnings: $(cat "$tmp/audit")"
"$BIN" baths --me global --quantities J1 >/dev/null 2>"$tmp/audit" && [ ! -s "$tmp/audit" ] && ok ||
  bad "global ME warned: $(cat "$tmp/audit")"
finish
