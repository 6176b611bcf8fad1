#!/bin/bash
# neqent materials: the library listed and shown (eps at eight frequencies,
# two components for a uniaxial material), a body of each isotropic library
# material computed, the warning outside a material's valid range (on stderr,
# the output intact), and bad names refused in one line.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
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
# --body layers: a one-line file is the slab, bit for bit
printf '# the paper slab\nsic 10nm\n' >"$tmp/slab.lay"
"$BIN" rates --body layers --layers "$tmp/slab.lay" --json | grep -v '"layers"\|"body"' >"$tmp/a.json"
"$BIN" rates --json | grep -v '"layers"\|"body"' >"$tmp/b.json"
"$BIN" rates --body layers --layers "$tmp/slab.lay" --json >"$tmp/a.json" && "$BIN" rates --json >"$tmp/b.json" &&
  $py - "$tmp/a.json" "$tmp/b.json" <<'PY' && ok || bad "a one-layer file differs from the slab"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
for k in b:
    if k not in ("parameters", "units"):
        assert a[k] == b[k], k
PY
# graphene on SiO2 over doped Si, and a gate sweep over the sheet's chemical potential
printf 'sio2 100nm sheet:graphene:0.2,300,1e13\nsi-n:1e25 inf\n' >"$tmp/g.lay"
"$BIN" rates --body layers --layers "$tmp/g.lay" --omega 1.5e14 --json >/dev/null && ok || bad "graphene layers"
"$BIN" sweep rates --sheet graphene --vary sheet_mu=0.1eV:0.4eV:4 --omega 1.5e14 --quiet --out "$tmp/gate.csv" &&
  [ "$(grep -vc '^#' "$tmp/gate.csv")" -eq 5 ] && ok || bad "gate sweep"
expect_error "needs --layers" rates --body layers
expect_error "for --body layers" rates --layers "$tmp/g.lay"
expect_error "sheet_mu" rates --sheet graphene --sheet_mu 0.2
expect_error "mirror takes no sheet" rates --body mirror --sheet graphene
printf 'sic 10nm\nsic\n' >"$tmp/bad.lay"
expect_error "bad.lay:2" rates --body layers --layers "$tmp/bad.lay"
printf 'sic inf\nsic 10nm\n' >"$tmp/bad2.lay"
expect_error "after the substrate" rates --body layers --layers "$tmp/bad2.lay"
printf 'sic 10nm sheet:graphene:abc\n' >"$tmp/bad3.lay"
expect_error "bad3.lay:1" rates --body layers --layers "$tmp/bad3.lay"
expect_error "layers file" rates --body layers --layers "$tmp"
# found by a bad-input hunt: each refused in one line
expect_error "does not use it" rates --body mirror --material foo
printf 'sio2 100nm\n\0sic inf\n' >"$tmp/nul.lay"
expect_error "NUL byte" rates --body layers --layers "$tmp/nul.lay"
printf 'sio2 100nm sheet:graphene:0.2,300,1e12,5\n' >"$tmp/extra.lay"
expect_error "extra.lay:1" rates --body layers --layers "$tmp/extra.lay"
expect_error "show needs a NAME" materials show
expect_error "unexpected argument 'extra'" materials show sic extra
expect_error "outside 1e20..1e27" materials show si-n:1e300
printf 'hbn inf\n' >"$tmp/hbn.lay"
"$BIN" rates --body layers --layers "$tmp/hbn.lay" >/dev/null 2>"$tmp/err"
grep -q "a material of .*hbn.lay is modelled" "$tmp/err" && ok || bad "layers warning: $(cat "$tmp/err")"
finish
