#!/bin/bash
# neqent figure: every name runs and writes non-empty data with the expected
# columns; existing output is refused without --force; a figure row equals
# the single-point command for the same parameters.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

"$BIN" figure all --out-dir "$tmp" --no-plot 2>/dev/null && ok || bad "figure all"
check_cols() { # file expected-header
  local hdr
  hdr=$(grep -v '^#' "$tmp/$1" | head -1)
  [ "$hdr" = "$2" ] && ok || bad "$1 header '$hdr' != '$2'"
  [ "$(grep -vc '^#' "$tmp/$1")" -gt 10 ] && ok || bad "$1 has too few rows"
  grep -q '^# command: neqent figure' "$tmp/$1" && ok || bad "$1 lacks its command line"
  grep -qiE 'nan|inf' "$tmp/$1" && bad "$1 contains nan/inf" || ok
}
check_cols quiroga-fig1-equilibrium.csv "T[E],e1[1],e2[1]"
check_cols quiroga-fig1-borders.csv "border,e1[1],e2[1]"
check_cols quiroga-fig1-states.csv "eps[E],dT[E],T1[E],T2[E],e1[1],e2[1],C[1]"
check_cols quiroga-fig2.csv "eps[E],T_M[E],alpha[E^-2],alpha_err[E^-2],alpha_prime[E^-2],alpha_prime_err[E^-2],kappa[E],kappa_err[E],C_eq[1]"
for n in 3 4 5; do
  check_cols quiroga-fig$n.csv "eps1[E],eps2[E],T_M[E],dT[E],T1[E],T2[E],C[1],J[E^2],S_L[1],dSdt[1/t]"
done

check_cols bellomo-fig4a.csv "z2[um],T_M[K],C[1],n_S[1],n_A[1],T_S[K],T_A[K]"
check_cols bellomo-fig4b.csv "t[1/Gamma0],C_A[1],C_S[1],C_thermal[1]"
check_cols bellomo-fig3a.csv "n_S[1],n_A[1],C[1]"
check_cols bellomo-fig3b.csv "Gamma_A_over_Gamma_S[1],C_max[1],n_S_at_max[1],n_A_at_max[1]"
# Fig. 3(b): the maximum approaches 1/3 at both ends and never exceeds it;
# Fig. 4(a): its maximum lies off the z2 = z1 line and above the line's
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "Bellomo figure contents"
import sys
d = sys.argv[1]
rows = [l.split(",") for l in open(d + "/bellomo-fig3b.csv") if l[0].isdigit()]
c = [float(r[1]) for r in rows]
assert max(c) <= 1 / 3 + 1e-9 and c[0] > 0.33 and c[-1] > 0.33
m = {l.split(",")[0]: [float(x) for x in l.split(",")[1:]] for l in open(d + "/bellomo-fig4a-max.csv")
     if l.startswith(("map", "line"))}
assert abs(m["map"][0] - 1.0) > 0.05 and m["map"][2] > m["line"][2]
PY

# refusing to overwrite, then --force
"$BIN" figure quiroga-fig2 --out-dir "$tmp" --no-plot >/dev/null 2>"$tmp/err" && bad "overwrite not refused" || ok
grep -q "exists" "$tmp/err" && ok || bad "no 'exists' message"
"$BIN" figure quiroga-fig2 --out-dir "$tmp" --no-plot --force 2>/dev/null && ok || bad "--force"
"$BIN" figure quiroga-fig9 --out-dir "$tmp" 2>"$tmp/err" && bad "unknown figure accepted" || ok
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "unknown figure: not one line"

# a row of Fig. 3 equals neqent baths at the same parameters (1e-12)
row=$(grep -v '^#' "$tmp/quiroga-fig3.csv" | sed -n 30p)
IFS=, read -r e1 e2 TM dT T1 T2 C J SL S <<<"$row"
"$BIN" baths --eps1 "$e1" --eps2 "$e2" --T1 "$T1" --T2 "$T2" --json >"$tmp/pt.json"
/usr/bin/python3 - "$tmp/pt.json" "$C" "$J" "$SL" "$S" <<'PY' && ok || bad "figure row != single point"
import json, sys
d = json.load(open(sys.argv[1]))
C, J, SL, S = map(float, sys.argv[2:6])
assert abs(d["concurrence"] - C) < 1e-12
assert abs(d["heat_current"][0] - J) < 1e-12
assert abs(d["linear_entropy"] - SL) < 1e-12
assert abs(d["entropy_production"] - S) < 1e-12
PY

# one plot through gnuplot
"$BIN" figure quiroga-fig1 --out-dir "$tmp/png" 2>/dev/null && [ -s "$tmp/png/quiroga-fig1.png" ] && ok || bad "png"
finish
