#!/bin/bash
# neqent validity baths: HEOM against the four master equations from the
# command line.  Bad input gets one line and exit 2; the JSON has the
# documented shape; its errors are those of the printed values; a sweep
# over lambda writes one row per point, and at weak coupling the global
# master equation's error falls with lambda (HEOM -> global ME).
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

expect_error "the model comes first" validity
expect_error "the model comes first" validity body
expect_error "spectral: unknown value 'ohmic' (drude)" validity baths --spectral ohmic
expect_error "heom_tol" validity baths --spectral drude --heom_tol -1
expect_error "lambda = -0.1" validity baths --spectral drude --lambda -0.1
expect_error "unknown value 'taylor'" validity baths --spectral drude --heom_expansion taylor

"$BIN" validity baths --spectral drude --lambda 0.01 --cutoff 2 --eps1 1 --eps2 1.3 --K 0.2 \
    --json >"$tmp/v.json" 2>"$tmp/err" || bad "validity run failed: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/v.json" <<'PY' && ok || bad "validity JSON"
import json, sys
d = json.load(open(sys.argv[1]))
h = d["heom"]
assert set(h) >= {"concurrence", "heat_current", "purity", "settings", "converged_to"}, h
assert set(h["settings"]) == {"depth", "terms per bath", "n_ados"}, h["settings"]
assert h["converged"] is True and h["converged_to"] < 1e-4
J = h["heat_current"]
assert J[0] > 0 and abs(J[0] + J[1]) < 1e-9 * J[0]          # from the hot bath; conserved
for me in ("global", "local", "redfield", "unified"):
    m = d[me]
    e = m["rel_error"]
    assert set(e) == {"concurrence", "heat_current", "purity"}, e
    err = max(abs(m["heat_current"][i] - J[i]) for i in range(2)) / max(abs(x) for x in J)
    assert abs(err - e["heat_current"]) <= 1e-12 * max(err, 1e-300), (me, err, e)
    assert abs(abs(m["purity"] - h["purity"]) / h["purity"] - e["purity"]) < 1e-12
# detuned levels (0.3) against gamma ~ 0.01: the secular equations hold, the
# local one (K = 0.2 is not small) does not
for me in ("global", "redfield", "unified"):
    assert d[me]["rel_error"]["heat_current"] < 0.05, (me, d[me])
assert d["local"]["rel_error"]["heat_current"] > 5 * d["global"]["rel_error"]["heat_current"]
for k in d:
    assert not k.startswith(("heom_", "global_", "local_")), k   # nested, not flat
PY

# A sweep over lambda: the global ME's error at weak coupling falls with lambda.
"$BIN" sweep validity --spectral drude --cutoff 2 --eps1 1 --eps2 1.3 --K 0.2 \
    --vary lambda=0.0001:0.01:3:log --out "$tmp/s.csv" 2>"$tmp/err" || bad "sweep failed: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/s.csv" <<'PY' && ok || bad "validity sweep"
import csv, sys
rows = [{k.split("[")[0]: v for k, v in r.items()}
        for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
assert len(rows) == 3, rows
e = [float(r["global_err_heat"]) for r in rows]
assert e[0] < e[1] < e[2], e
assert all(r["heom_converged"] == "true" or r["heom_converged"] == "1" for r in rows), rows
PY
finish
