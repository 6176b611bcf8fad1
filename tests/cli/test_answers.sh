#!/bin/bash
# Every figure's extracted numbers (maxima and their locations, thresholds,
# limits, the Fig. 5 window) against stored answers computed independently
# (tests/answers/NAME.txt and the ref_*.py scripts that made them), each
# with its stated tolerance.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
answers="$(cd "$(dirname "$0")/../answers" && pwd)"
(cd "$tmp" && "$BIN" figure all --out-dir . --no-plot 2>/dev/null) && ok || bad "figure all"
for f in "$tmp"/*-numbers.csv; do
  name=$(basename "$f" -numbers.csv)
  if [ ! -f "$answers/$name.txt" ]; then
    bad "$name: no stored answers (tests/answers/$name.txt)"
    continue
  fi
  /usr/bin/python3 "$answers/compare.py" "$f" "$answers/$name.txt" >"$tmp/cmp.txt" && ok ||
    bad "$name: $(grep FAIL "$tmp/cmp.txt" | tr '\n' ';')"
done
[ "$(ls "$tmp"/*-numbers.csv | wc -l)" -eq 11 ] && ok || bad "not 11 figures with numbers"
finish
