#!/bin/bash
# neqent materials: the library listed and shown (eps at eight frequencies,
# two components for a uniaxial material), a body of each isotropic library
# material computed, the warning outside a material's valid range (on stderr,
# the output intact), and bad names refused in one line.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
"$BIN" materials >"$tmp/list" && ok || bad "materials"
for m in sic sio2 hbn au si-n; do
  grep -q "^$m " "$tmp/list" && ok || bad "materials: $m not listed"
done
"$BIN" materials show hbn >"$tmp/hbn" && [ "$(grep -c 'i  ' "$tmp/hbn")" -eq 8 ] && grep -q eps_perp "$tmp/hbn" && ok ||
  bad "materials show hbn: $(cat "$tmp/hbn")"
"$BIN" materials show si-n:1e19cm-3 | grep -q "Masetti" && ok || bad "materials show si-n"
for m in sic sio2 au si-n:1e25; do
  "$BIN" body --material "$m" --quantities concurrence,heat_body,material_in_range --json >"$tmp/b.json" 2>"$tmp/err" &&
    grep -q '"material_in_range":true' "$tmp/b.json" && [ ! -s "$tmp/err" ] && ok || bad "body with $m: $(cat "$tmp/err")"
done
# outside sio2's range: computed, and warned about
"$BIN" body --material sio2 --omega 1e15 --quantities concurrence --json >"$tmp/o.json" 2>"$tmp/err" && ok || bad "sio2 at 1e15"
grep -q "outside the range where material sio2 is modelled" "$tmp/err" && ok || bad "no warning: $(cat "$tmp/err")"
"$BIN" rates --material sio2 --omega 1e15 --json >/dev/null 2>"$tmp/err" && grep -q "warning: omega" "$tmp/err" && ok ||
  bad "rates: no warning"
expect_error "unknown material 'foo'" materials show foo
expect_error "unknown request 'bogus'" materials bogus
"$BIN" body --material hbn --omega 2.83e14 --json >/dev/null 2>"$tmp/err" && [ ! -s "$tmp/err" ] && ok || bad "hbn slab: $(cat "$tmp/err")"
expect_error "carrier density" body --material si-n:-1
expect_error "needs an argument" rates --material si-n
expect_error "unknown material 'gold'" body --material gold
finish
