#!/bin/bash
# The documentation a user reads: the man page renders without warnings,
# every command's --help works and gives defaults, and the demo's
# index.html shows every figure with files that exist.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww "$root/man/neqent.1" >/dev/null 2>"$tmp/groff.err" && [ ! -s "$tmp/groff.err" ] && ok ||
    bad "man page: $(cat "$tmp/groff.err")"
fi
# the documentation generated from the model tables is current
"$BIN" doc markdown | cmp -s - "$root/docs/models.md" && ok || bad "docs/models.md is stale: run scripts/gen-docs"
"$BIN" materials markdown | cmp -s - "$root/docs/materials.md" && ok || bad "docs/materials.md is stale: run scripts/gen-docs"
"$BIN" doc man >"$tmp/gen.man"
awk '/^\.\\" BEGIN GENERATED/{on=1; next} /^\.\\" END GENERATED/{on=0} on' "$root/man/neqent.1" |
  cmp -s - "$tmp/gen.man" && ok || bad "man/neqent.1 MODELS section is stale: run scripts/gen-docs"
# every command's help works and names defaults; spot checks of default + unit
for c in baths body rates figure plot "evolve body" "sweep baths" "sweep body"; do
  "$BIN" $c --help >"$tmp/h.txt" 2>&1 && grep -q "default" "$tmp/h.txt" && ok || bad "$c --help"
done
"$BIN" sweep --help >"$tmp/h.txt" 2>&1 && grep -q "sweep body --help" "$tmp/h.txt" && ok || bad "sweep --help"
"$BIN" sweep body --help | grep -A1 -- '--TM X' | grep -q '\[K; default 1000; > 0' && ok || bad "sweep body --help: TM default and unit"
"$BIN" sweep baths --help | grep -A1 -- '--T1 X' | grep -q 'default 1.5' && ok || bad "sweep baths --help: T1 default"
# one default for T_M everywhere (it was 1000 K in body but 600 K in rates)
for c in body rates "sweep body" "evolve body"; do
  "$BIN" $c --help | grep -A1 -- '--TM X' | grep -q 'default 1000;' && ok || bad "$c --help: TM default"
done
# neqent --help lists every figure name
for f in quiroga-fig1 quiroga-fig2 quiroga-fig3 quiroga-fig4 quiroga-fig5 bellomo-fig3a bellomo-fig3b bellomo-fig4a bellomo-fig4b; do
  "$BIN" --help | grep -q -- "$f" && ok || bad "neqent --help does not list $f"
done
"$BIN" --help | grep -q "sweep" && ok || bad "neqent --help lists the commands"
# the demo page, built in a scratch directory
(cd "$tmp" && sh "$root/scripts/demo" "$BIN" >/dev/null 2>&1) && ok || bad "demo"
[ "$(grep -c '<figure>' "$tmp/out/index.html")" -eq 11 ] && ok || bad "index.html: not 11 figures"
missing=0
for f in $(grep -o 'src="[^"]*"\|href="[^"]*"' "$tmp/out/index.html" | sed 's/.*="\(.*\)"/\1/'); do
  [ -e "$tmp/out/$f" ] || { missing=1; echo "missing: $f"; }
done
[ $missing -eq 0 ] && ok || bad "index.html links to missing files"
finish
