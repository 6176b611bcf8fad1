#!/bin/bash
# neqent optimize: the Fig. 4(a) maximum (tests/answers/bellomo-fig4a.txt,
# an independent 30-digit search) found and re-evaluated by neqent body at
# the printed point; the JSON keys; bounds with units read as in sweeps;
# the same seed gives the same bytes on 1 and 2 threads; the history and
# the convergence plot; an infeasible problem and bad input refused in one
# line, leaving no file; a run that fails at its last write (stdout on a
# full device) leaves no history, plot or temporary file; two outputs that
# name one file are refused before the search; a global budget of a few
# evaluations is spent, not skipped.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
cd "$tmp" || exit 1
fig4='--maximize concurrence --vary z2=0.2um:3um --vary TM=30K:2000K'

"$BIN" optimize body $fig4 --seed 5 --json --out a.json --history h.csv --plot conv && ok || bad "fig 4(a) run"
"$BIN" optimize body --maximize concurrence --vary z2=2e-7:3e-6 --vary TM=30:2000 --seed 5 --json >b.json &&
  cmp -s a.json b.json && ok || bad "bounds with units differ from plain SI"
"$BIN" optimize body $fig4 --seed 5 --json --threads 2 >c.json && cmp -s a.json c.json && ok ||
  bad "2 threads differ from 1"
$py - <<'PY' && ok || bad "fig 4(a) optimum"
import json
d = json.load(open("a.json"))
for k in ("best", "evaluations", "failed_evaluations", "active_bounds", "verdict", "variables"):
    assert k in d, k
assert set(d["best"]) >= {"parameters", "quantities"}
C = d["best"]["quantities"]["concurrence"]
assert abs(C - 0.22413669555323196) < 1e-4, C
assert d["value"] == C and d["failed_evaluations"] == 0 and d["active_bounds"] == {}
assert d["verdict"].startswith("interior")
z2, TM = (v["value"] for v in d["variables"])
assert abs(z2 - 1.2622638152988068e-6) < 2e-9 and abs(TM - 1209.4364234940476) < 2, (z2, TM)
PY
"$BIN" body --z2 "$($py -c 'import json; print(repr(json.load(open("a.json"))["variables"][0]["value"]))')" \
  --TM "$($py -c 'import json; print(repr(json.load(open("a.json"))["variables"][1]["value"]))')" --json >body.json &&
  $py -c '
import json
a, b = json.load(open("a.json")), json.load(open("body.json"))
assert a["value"] == b["concurrence"], (a["value"], b["concurrence"])' && ok || bad "neqent body at the optimum disagrees"
# the history: a header, then one row per evaluation
$py - <<'PY' && ok || bad "history"
import csv, json
d = json.load(open("a.json"))
rows = list(csv.reader(l for l in open("h.csv") if not l.startswith("#")))
assert rows[0] == ["run", "stage", "z2", "TM", "concurrence", "searched", "status"], rows[0]
assert len(rows) - 1 == d["evaluations"], (len(rows), d["evaluations"])
assert {r[1] for r in rows[1:]} == {"global", "local", "sensitivity"}
best = max(float(r[4]) for r in rows[1:] if r[4])
assert best == d["value"] or abs(best - d["value"]) < 1e-9
PY
[ -s conv.png ] && [ -s conv.svg ] && [ -s conv.pdf ] && ok || bad "convergence plot"
# the table names the best point and the verdict
"$BIN" optimize body $fig4 --seed 5 >t.txt && grep -q "^# best: concurrence = 0.2241" t.txt &&
  grep -q "^# verdict: interior" t.txt && grep -q "^concurrence  *0.2241" t.txt && ok || bad "table: $(head -3 t.txt)"
# a bound that binds: the verdict says which
"$BIN" optimize body --maximize concurrence --vary z2=0.5um:1.1um --vary TM=30K:2000K --json >bd.json &&
  $py -c '
import json
d = json.load(open("bd.json"))
assert d["active_bounds"] == {"z2": "upper"}, d["active_bounds"]
assert "z2 at its upper bound" in d["verdict"], d["verdict"]' && ok || bad "active bound not reported"
# constraints: honoured, active, reported
"$BIN" optimize body $fig4 --subject-to 'heat_body<=2e-3' --json >k.json && $py -c '
import json
d = json.load(open("k.json"))
c = d["constraints"][0]
assert c["value"] <= 2e-3 * (1 + 1e-9) and c["active"], c
assert d["value"] < 0.2241' && ok || bad "constraint"
# infeasible: one line, exit 1, no file
"$BIN" optimize body $fig4 --subject-to 'purity>=1.5' --starts 1 --evals 20 --out inf.json 2>err; rc=$?
[ $rc -eq 1 ] && grep -q "infeasible" err && [ "$(wc -l <err)" -eq 1 ] && [ ! -e inf.json ] && ok ||
  bad "infeasible: rc=$rc $(cat err)"
# categorical choices: enumerated, the choice printed
"$BIN" optimize body --maximize concurrence --vary material=sic,vacuum --vary TM=30K:2000K --starts 1 --json >m.json &&
  $py -c '
import json
d = json.load(open("m.json"))
assert d["variables"][0] == {"name": "material", "value": "sic"}, d["variables"][0]
assert d["runs"] == 2' && ok || bad "categorical"
# a line: T2 moves with T1 at a fixed mean temperature
"$BIN" optimize baths --maximize concurrence --vary 'T1=0.6:1.4;T2=1.4:0.6' --json >l.json && $py -c '
import json
p = json.load(open("l.json"))["best"]["parameters"]
assert abs(p["T1"] + p["T2"] - 2) < 1e-12, p' && ok || bad "linked T2"
expect_error "'eps9' is not a real parameter" optimize baths --maximize concurrence --vary 'T1=0.6:1.4;eps9=1:2'
expect_error "--T2 is both fixed and varied" optimize baths --maximize concurrence --vary 'T1=0.6:1.4;T2=1.4:0.6' --T2 1
# bad input: one line each, nothing written
expect_error "unknown quantity 'concurence' of the body model (did you mean concurrence?)" optimize body --maximize concurence --vary z2=1um:2um
expect_error "the range 3um:1um is empty" optimize body --maximize concurrence --vary z2=3um:1um --out o.json
expect_error "--subject-to: unknown quantity 'purty' of the body model (did you mean purity?)" optimize body --maximize concurrence --vary z2=1um:2um --subject-to 'purty>=0.5'
expect_error "rho is not a scalar" optimize body --maximize rho --vary z2=1um:2um
expect_error "give one of --maximize" optimize body --vary z2=1um:2um
expect_error "give one of --maximize" optimize body --maximize concurrence --minimize purity --vary z2=1um:2um
expect_error "nothing varied" optimize body --maximize concurrence
expect_error "--z2 is both fixed and varied" optimize body --maximize concurrence --vary z2=1um:2um --z2 1um
expect_error "unknown parameter 'zz2'" optimize body --maximize concurrence --vary zz2=1um:2um
expect_error "expected NAME=LO:HI" optimize body --maximize concurrence --vary z2
expect_error "only ':log' may follow" optimize body --maximize concurrence --vary z2=1um:2um:lin
expect_error "z2 = -1e-06 m must be > 0" optimize body --maximize concurrence --vary z2=-1um:2um
expect_error "expected QUANTITY>=X" optimize body --maximize concurrence --vary z2=1um:2um --subject-to purity
expect_error "'x' is not a number" optimize body --maximize concurrence --vary z2=1um:2um --subject-to 'purity>=x'
expect_error "unobtainium" optimize body --maximize concurrence --vary material=sic,unobtainium
expect_error "unknown model 'rates'" optimize rates --maximize Gamma_S --vary z2=1um:2um
expect_error "whole numbers" optimize body --maximize concurrence --vary z2=1um:2um --seed 1.5
[ ! -e o.json ] && ok || bad "a refused run left o.json"
# a run that fails at the very end (stdout on a full device) commits none
# of its other files and leaves no temporary file or plot directory
quick='optimize baths --maximize concurrence --vary T1=0.5:1.5 --starts 1 --evals 5'
if [ -w /dev/full ]; then
  mkdir full
  "$BIN" $quick --history full/h.csv --plot full/conv >/dev/full 2>err; rc=$?
  [ $rc -ne 0 ] && [ -z "$(ls -A full)" ] && ok ||
    bad "stdout on /dev/full: rc=$rc, left in the directory: $(ls -A full | tr '\n' ' ')"
fi
# two outputs under one name: refused before the search, nothing written
expect_error "--out and --history name the same file" $quick --out same.csv --history ./same.csv
expect_error "--history and --plot name the same file" $quick --history same.png --plot same
[ ! -e same.csv ] && [ ! -e same.png ] && ok || bad "a refused run left same.csv or same.png"
# the plot's files are refused up front when they exist (as --out and --history)
: >old.png
expect_error "old.png' exists" $quick --plot old --out old.json
[ ! -e old.json ] && [ ! -e old.svg ] && ok || bad "a refused plot left files"
rm -f old.png
# a global budget below CRS's first simplex (n + 1 = 3 points) is spent,
# not skipped: exactly 3 global evaluations with --evals 3
"$BIN" optimize baths --maximize concurrence --vary T1=0.5:1.5 --vary T2=0.5:1.5 --starts 1 \
  --evals 3 --history e3.csv >/dev/null && [ "$(grep -c '^1,global,' e3.csv)" -eq 3 ] && ok ||
  bad "--evals 3: $(grep -c '^1,global,' e3.csv 2>/dev/null) global evaluations, not 3"
finish
