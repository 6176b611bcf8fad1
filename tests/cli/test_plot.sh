#!/bin/bash
# neqent plot: PNG and SVG from any neqent CSV, line plot and heat map;
# missing columns and files are one-line errors; no silent overwrite.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
"$BIN" sweep baths --vary T1=0.1:3:6 --vary T2=0.1:3:5 --quiet --out "$tmp/s.csv" || bad "sweep"
"$BIN" plot "$tmp/s.csv" --x T1 --y T2 --z concurrence 2>/dev/null && ok || bad "heat map"
[ -s "$tmp/s.png" ] && head -c 4 "$tmp/s.png" | grep -q PNG && ok || bad "no PNG"
grep -q "<svg" "$tmp/s.svg" && ok || bad "no SVG"
"$BIN" plot "$tmp/s.csv" --x "T2[E]" --y J1 --out "$tmp/line" 2>/dev/null && [ -s "$tmp/line.png" ] && ok || bad "line plot"
expect_error "no column 'nope'" plot "$tmp/s.csv" --x T1 --y nope
expect_error "cannot read" plot "$tmp/missing.csv" --x a --y b
expect_error "--x and --y are required" plot "$tmp/s.csv" --x T1
expect_error "exists" plot "$tmp/s.csv" --x T1 --y T2 --z concurrence
finish
