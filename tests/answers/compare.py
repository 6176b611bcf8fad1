"""Compares a figure's extracted numbers (NAME-numbers.csv, written by
`neqent figure NAME`) with its stored answers (tests/answers/NAME.txt: lines
`name value abs_tol rel_tol source...`, values computed independently by the
ref_*.py scripts beside them).  A number passes when
|neqent - stored| <= abs_tol + rel_tol |stored|; "nan" matches only nan.
Every extracted number needs a stored answer and every stored answer a
number.  An empty value in the CSV is a number the figure lacks (NaN in the
library).  usage: compare.py NUMBERS_CSV ANSWERS_TXT"""
import csv
import math
import sys

got = {}
with open(sys.argv[1]) as f:
    for row in csv.reader(l for l in f if not l.startswith("#")):
        if row and row[0] != "name":
            got[row[0]] = float(row[1]) if row[1] else math.nan
want = {}
with open(sys.argv[2]) as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if line:
            name, value, atol, rtol = line.split()[:4]
            want[name] = (float(value), float(atol), float(rtol))
fail = 0
for name in sorted(set(got) | set(want)):
    if name not in want:
        print(f"FAIL {name}: extracted but no stored answer")
        fail += 1
        continue
    if name not in got:
        print(f"FAIL {name}: stored answer but not extracted")
        fail += 1
        continue
    v, (w, atol, rtol) = got[name], want[name]
    if math.isnan(w) or math.isnan(v):
        ok = math.isnan(w) and math.isnan(v)
    else:
        ok = abs(v - w) <= atol + rtol * abs(w)
    if not ok:
        print(f"FAIL {name}: neqent {v!r}, stored {w!r} (tolerance {atol:g} + {rtol:g} rel)")
        fail += 1
print(f"{len(want) - fail} passed, {fail} failed")
sys.exit(1 if fail else 0)
