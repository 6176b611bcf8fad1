#!/bin/bash
# neqent body: bad input -> one line and a non-zero exit; JSON keys; at
# T_W = T_M the thermal state (C = 0, no heat).
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
expect_error "TM = 0 K must be > 0" body --TM 0
expect_error "TW = -3 K must be > 0" body --TW -3
expect_error "TW: 'nan' is not a number" body --TW nan
expect_error "z2 = -1 m must be > 0 (height of qubit 2 above the surface; z <= 0 is inside the body)" body --z2 -1
expect_error "zero vector" body --dipole2 0,0,0
expect_error "delta = -1" body --delta -1
expect_error "unknown material" body --material unobtainium
expect_error "unknown option '--T_M'" body --T_M 300
expect_error "coincide" body --r12 0

"$BIN" body --json >"$tmp/b.json" && ok || bad "default run"
"$BIN" body --json --TM 30 >"$tmp/eq.json" && ok || bad "equilibrium run"
/usr/bin/python3 - "$tmp/b.json" "$tmp/eq.json" <<'PY' && ok || bad "body JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ["concurrence", "rho", "rho_G", "rho_A", "rho_S", "rho_E", "n_S", "n_A", "T_S", "T_A",
          "gamma_A_over_gamma_S", "relaxation_time", "heat_body", "heat_walls",
          "entropy_production", "parameters", "units"]:
    assert k in d, k
assert abs(d["rho_G"] + d["rho_A"] + d["rho_S"] + d["rho_E"] - 1) < 1e-12
assert d["heat_body"] > 0 > d["heat_walls"]
assert d["concurrence"] > 0.1  # steady entanglement at the paper's geometry
e = json.load(open(sys.argv[2]))
assert abs(e["concurrence"]) < 1e-12 and abs(e["heat_body"]) < 1e-12
assert abs(e["rho_A"] - e["rho_S"]) < 1e-12
PY
# unit suffixes: the same point in SI numbers and with units
expect_error "unknown unit 'ft'" body --z2 1.2ft
expect_error "unknown unit 'nm'" body --TM 300nm
"$BIN" body --json --z2 1.3e-6 --r12 2.5e-7 --delta 1e-8 --TM 900 --omega 4.485e13 >"$tmp/si.json" || bad "SI run"
"$BIN" body --json --z2 1.3um --r12 250nm --delta 10nm --TM 900K --omega 4.485e13rad/s >"$tmp/units.json" || bad "units run"
/usr/bin/python3 - "$tmp/si.json" "$tmp/units.json" <<'PY' && ok || bad "unit suffixes change the result"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["parameters"]["z2"] == b["parameters"]["z2"] and a["concurrence"] == b["concurrence"]
PY
# config files: --print-config round trip, flags override the file
"$BIN" body --z2 1.3um --TM 900K --print-config >"$tmp/run.ini" && ok || bad "print-config"
grep -q '^\[body\]' "$tmp/run.ini" && grep -q '^z2 = 1.3' "$tmp/run.ini" && ok || bad "print-config content"
"$BIN" body --config "$tmp/run.ini" --json >"$tmp/cfg.json" && ok || bad "config run"
"$BIN" body --z2 1.3um --TM 900K --json >"$tmp/flags.json"
cmp -s "$tmp/cfg.json" "$tmp/flags.json" && ok || bad "config differs from flags"
"$BIN" body --config "$tmp/run.ini" --TM 1500 --json >"$tmp/over.json"
/usr/bin/python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['parameters']['TM'] == 1500" "$tmp/over.json" && ok || bad "flag does not override the file"
printf '[body]\nz2 = 1.2um\nbogus = 3\n' >"$tmp/bad1.ini"
expect_error "unknown key 'bogus'" body --config "$tmp/bad1.ini"
printf '[body]\nz2 1.2um\n' >"$tmp/bad2.ini"
expect_error "bad2.ini:2: malformed line" body --config "$tmp/bad2.ini"
printf 'TM = 3ft\n' >"$tmp/bad3.ini"
expect_error "bad3.ini:1: TM: unknown unit 'ft'" body --config "$tmp/bad3.ini"
expect_error "cannot read config file" body --config "$tmp/none.ini"
finish
