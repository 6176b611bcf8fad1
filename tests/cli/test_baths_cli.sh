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
expect_error "me: unknown value 'secular' (global,local,redfield)" baths --me secular
expect_error "spectral: unknown value 'lorentz' (flat,ohmic)" baths --spectral lorentz
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

# --lnel JSON carries its coefficients and error estimates.
"$BIN" baths --lnel --T-mean 0.5 --eps1 3 --eps2 3 --json >"$tmp/lnel.json" 2>"$tmp/err" || bad "lnel run failed"
/usr/bin/python3 - "$tmp/lnel.json" <<'PY' && ok || bad "lnel JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["alpha", "alpha_err", "alpha_prime", "alpha_prime_err", "kappa", "kappa_err", "C_eq"]:
    assert k in d and isinstance(d[k], float), k
assert d["symmetric"] is True and d["alpha_prime"] > 0
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

finish
