#!/bin/bash
# neqent sweep: rows equal the single-point commands; interrupt + --resume
# gives the uninterrupted file byte for byte; the thread count changes no
# byte; outputs are never overwritten silently nor left half-written.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"

expect_error "unknown parameter 'T3'" sweep baths --vary T3=0:1:3 --out "$tmp/x.csv"
expect_error "T1=0.1:1:0: N must be a whole number from 1" sweep baths --vary T1=0.1:1:0 --out "$tmp/x.csv"
expect_error "empty range" sweep baths --vary T1=1:1:5 --out "$tmp/x.csv"
expect_error "log range needs START, STOP > 0" sweep baths --vary K=0:1:5:log --out "$tmp/x.csv"
expect_error "T1 = 0 E must be > 0" sweep baths --vary T1=0:1:5 --out "$tmp/x.csv"
expect_error "'abc' is not a number" sweep baths --vary T1=0.1,abc --out "$tmp/x.csv"
expect_error "threads = 0 must be >= 1" sweep baths --vary T1=0.1:1:3 --threads 0 --out "$tmp/x.csv"
expect_error "--threads 1.5 must be a whole number" sweep baths --vary T1=0.1:1:3 --threads 1.5 --out "$tmp/x.csv"
expect_error "nothing varied" sweep baths --out "$tmp/x.csv"
expect_error "--out FILE is required" sweep baths --vary T1=0.1:1:3
expect_error "unknown quantity 'heat'" sweep baths --vary T1=0.1:1:3 --quantities heat --out "$tmp/x.csv"
expect_error "unknown model 'bath'" sweep bath --vary T1=0.1:1:3 --out "$tmp/x.csv"
expect_error "name the model" sweep --vary T1=0.1:1:3 --out "$tmp/x.csv"
expect_error "T1 = -1 E must be > 0" sweep baths --vary T1=-1,1 --out "$tmp/neg.csv"
[ ! -e "$tmp/neg.csv" ] && [ ! -e "$tmp/neg.csv.partial" ] && ok || bad "a refused sweep left a file"
expect_error "cannot write" sweep baths --vary T1=0.1:1:3 --out "$tmp/no/dir/x.csv"

# rows equal the single-point command (baths and body)
"$BIN" sweep baths --vary T1=0.2,1.7 --vary Kp=-0.3,0.4 --eps2 0.9 --out "$tmp/b.csv" && ok || bad "baths sweep"
"$BIN" baths --T1 1.7 --Kp 0.4 --eps2 0.9 --json >"$tmp/b.json"
"$BIN" sweep body --vary TM=300,1500 --vary z2=0.8e-6,1.3e-6 --out "$tmp/n.csv" && ok || bad "body sweep"
"$BIN" body --TM 1500 --z2 1.3e-6 --json >"$tmp/n.json"
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "sweep rows differ from single points"
import csv, json, sys
d = sys.argv[1]
def rows(path):
    lines = [l for l in open(path) if not l.startswith("#")]
    return list(csv.DictReader(lines))
b = rows(d + "/b.csv")[-1]        # T1 = 1.7, Kp = 0.4 (last: first --vary outermost)
j = json.load(open(d + "/b.json"))
assert float(b["T1[E]"]) == 1.7 and float(b["Kp[E]"]) == 0.4
assert float(b["concurrence[1]"]) == j["concurrence"]
assert float(b["J1[E^2]"]) == j["J1"]
assert float(b["entropy_production[E]"]) == j["entropy_production"]
n = rows(d + "/n.csv")[-1]
k = json.load(open(d + "/n.json"))
assert float(n["concurrence[1]"]) == k["concurrence"]
assert float(n["T_A[K]"]) == k["T_A"]
assert float(n["heat_body[hbar*omega*Gamma0]"]) == k["heat_body"]
PY

# dipole orientations and the frequency shifts reach the sweep's rows too
"$BIN" sweep body --vary TM=500,900 --dipole1 1,0,0 --shifts --quiet --out "$tmp/dip.csv" && ok || bad "dipole sweep"
"$BIN" body --TM 900 --dipole1 1,0,0 --shifts --json >"$tmp/dip.json"
"$BIN" body --TM 900 --json >"$tmp/nodip.json"
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "dipole/shift sweep row != single point"
import csv, json, sys
d = sys.argv[1]
r = list(csv.DictReader([l for l in open(d + "/dip.csv") if not l.startswith("#")]))[-1]
j, j0 = json.load(open(d + "/dip.json")), json.load(open(d + "/nodip.json"))
assert float(r["concurrence[1]"]) == j["concurrence"] != j0["concurrence"]
assert float(r["T_A[K]"]) == j["T_A"]
PY

# --format tsv and json (JSON Lines) carry the same numbers as the CSV
"$BIN" sweep baths --vary T1=0.2,1.7 --vary Kp=-0.3,0.4 --eps2 0.9 --format tsv --out "$tmp/b.tsv" && ok || bad "tsv"
"$BIN" sweep baths --vary T1=0.2,1.7 --vary Kp=-0.3,0.4 --eps2 0.9 --format json --out "$tmp/b.jsonl" && ok || bad "json"
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "formats differ"
import csv, json, sys
d = sys.argv[1]
c = list(csv.DictReader([l for l in open(d + "/b.csv") if not l.startswith("#")]))
t = list(csv.DictReader([l for l in open(d + "/b.tsv") if not l.startswith("#")], delimiter="\t"))
j = [json.loads(l) for l in open(d + "/b.jsonl")]
assert "command" in j[0] and len(j) == len(c) + 1
for rc, rt, rj in zip(c, t, j[1:]):
    for k, v in rc.items():
        assert rt[k] == v
        assert (rj[k] is None and v == "") or float(v) == rj[k]
PY
expect_error "unknown format 'xml'" sweep baths --vary T1=0.1,1 --format xml --out "$tmp/x.csv"

# unit suffixes in ranges and fixed values
"$BIN" sweep body --vary TM=300K,1500K --vary z2=0.8um,1.3um --r12 250nm --out "$tmp/u.csv" && ok || bad "units sweep"
/usr/bin/python3 - "$tmp/n.csv" "$tmp/u.csv" <<'PY' && ok || bad "units sweep differs"
import sys
rows = lambda p: [l for l in open(p) if not l.startswith("#")][1:]
assert rows(sys.argv[1]) == rows(sys.argv[2])
PY
expect_error "unknown unit 'inch'" sweep body --vary z2=1inch,2inch --out "$tmp/x.csv"

# the thread count changes no byte (same file name, the command line is in
# the header; run from two directories)
mkdir -p "$tmp/th1" "$tmp/th2"
(cd "$tmp/th1" && "$BIN" sweep body --vary TM=100:3000:7 --vary z2=0.5e-6:2e-6:5 --threads 1 --out s.csv) && ok || bad "threads 1"
(cd "$tmp/th2" && "$BIN" sweep body --vary TM=100:3000:7 --vary z2=0.5e-6:2e-6:5 --threads 2 --out s.csv) && ok || bad "threads 2"
cmp -s "$tmp/th1/s.csv" "$tmp/th2/s.csv" && ok || bad "thread count changed the output"

# determinism under concurrency: a LAPACK-heavy sweep (negativity and
# entropies need eigendecompositions) on 2 threads, three times, equals the
# 1-thread run byte for byte.  This catches a BLAS that is not safe to call
# from several threads (Debian's serial OpenBLAS corrupted 1 run in 6).
mkdir -p "$tmp/d1" "$tmp/d2"
dargs=(sweep baths --vary T1=0.05:3:200 --vary T2=0.05:3:100 --vary Kp=-0.2,0.2 --quiet --out d.csv)
(cd "$tmp/d1" && "$BIN" "${dargs[@]}" --threads 1) || bad "determinism reference"
for r in 1 2 3; do
  rm -f "$tmp/d2/d.csv"
  (cd "$tmp/d2" && "$BIN" "${dargs[@]}" --threads 2) && cmp -s "$tmp/d1/d.csv" "$tmp/d2/d.csv" && ok ||
    bad "2-thread run $r differs from the 1-thread run"
done

# progress: a bar with rate and time left on a terminal once the sweep
# passes ~1 s (a pseudo-terminal from script(1)); nothing with --quiet or
# when stderr is not a terminal
pargs="sweep baths --vary T1=0.05:3:150 --vary T2=0.05:3:200 --threads 1"
if command -v script >/dev/null; then
  (cd "$tmp" && script -qec "'$BIN' $pargs --out p1.csv" /dev/null >"$tmp/pty.txt") && ok || bad "sweep on a pty"
  tr '\r' '\n' <"$tmp/pty.txt" | grep -q '^\[#*\] 30000/30000  [0-9]* points/s  0 s left' && ok ||
    bad "no progress bar on a terminal: $(head -c 300 "$tmp/pty.txt")"
  (cd "$tmp" && script -qec "'$BIN' $pargs --quiet --out p2.csv" /dev/null >"$tmp/pty.txt") && ok || bad "quiet on a pty"
  [ ! -s "$tmp/pty.txt" ] && ok || bad "--quiet printed: $(head -c 300 "$tmp/pty.txt")"
fi
(cd "$tmp" && "$BIN" $pargs --out p3.csv 2>"$tmp/err") && [ ! -s "$tmp/err" ] && ok || bad "stderr not a terminal, yet: $(head -c 300 "$tmp/err")"

# existing output is refused without --force
"$BIN" sweep baths --vary T1=0.1:1:3 --out "$tmp/b.csv" 2>"$tmp/err" && bad "overwrite not refused" || ok
grep -q "exists" "$tmp/err" && ok || bad "no 'exists' message"

# a full disk (here: a file-size limit, EFBIG) gives one clear line; the
# rows written stay in FILE.partial, and --resume, once there is room,
# finishes the same file an undisturbed run writes (a torn last row cut)
bigargs=(sweep baths --vary T1=0.1:2:100 --vary T2=0.1:2:20 --quiet)
(ulimit -f 16; "$BIN" "${bigargs[@]}" --out "$tmp/big.csv") 2>"$tmp/err" && bad "file-size limit not reported" || ok
grep -q "cannot write '$tmp/big.csv.partial': File too large; it keeps the rows written so far" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "EFBIG message: $(cat "$tmp/err")"
[ ! -e "$tmp/big.csv" ] && [ "$(wc -c <"$tmp/big.csv.partial")" -eq 16384 ] && ok || bad "EFBIG: no 16 KiB partial file"
"$BIN" "${bigargs[@]}" --resume --out "$tmp/big.csv" && ok || bad "resume after EFBIG"
"$BIN" "${bigargs[@]}" --out "$tmp/big-ref.csv" && ok || bad "EFBIG reference run"
[ ! -e "$tmp/big.csv.partial" ] && cmp -s <(grep -v '^# command' "$tmp/big.csv") <(grep -v '^# command' "$tmp/big-ref.csv") && ok || bad "resumed after EFBIG differs from an undisturbed run"
if [ -w /dev/full ]; then
  "$BIN" body >/dev/full 2>"$tmp/err" && bad "/dev/full not reported" || ok
  grep -q "error writing standard output" "$tmp/err" && ok || bad "/dev/full message"
fi
(ulimit -f 1; "$BIN" evolve body --initial A --points 2000 --out "$tmp/ev.csv") 2>"$tmp/err" && bad "evolve: limit not reported" || ok
grep -q "cannot write '$tmp/ev.csv': File too large" "$tmp/err" && [ ! -e "$tmp/ev.csv" ] && ok || bad "evolve EFBIG"

# the header's command line regenerates the same file (run elsewhere)
mkdir -p "$tmp/re1" "$tmp/re2"
(cd "$tmp/re1" && "$BIN" sweep body --vary TM=300,1500 --dipole1 '1,0,0;0,1,0' --r12 200nm --quiet --out r.csv) && ok || bad "sweep for regeneration"
cmd=$(sed -n 's/^# command: neqent //p' "$tmp/re1/r.csv")
(cd "$tmp/re2" && eval "\"\$BIN\" $cmd") && cmp -s "$tmp/re1/r.csv" "$tmp/re2/r.csv" && ok || bad "header command: $cmd"

# config files: neqent body --print-config feeds a sweep; vary lines in the
# file; command-line flags (and --vary of the same name) override the file
"$BIN" body --z2 1.3um --TW 40K --print-config >"$tmp/b.ini" && ok || bad "body print-config"
mkdir -p "$tmp/re3" "$tmp/re4"
(cd "$tmp/re3" && "$BIN" sweep body --config "$tmp/b.ini" --vary TM=300,1500 --quiet --out cfg1.csv) && ok || bad "sweep --config"
"$BIN" sweep body --vary TM=300,1500 --z2 1.3e-6 --TW 40 --quiet --out "$tmp/flg1.csv" && ok || bad "sweep flags"
cmp -s <(grep -v '^#' "$tmp/re3/cfg1.csv") <(grep -v '^#' "$tmp/flg1.csv") && ok || bad "config rows != flag rows"
# the header of a config run spells out the equivalent command, without the
# file (which may change): it regenerates the file
cmd=$(sed -n 's/^# command: neqent //p' "$tmp/re3/cfg1.csv")
case "$cmd" in *config*) bad "header names the config file" ;; *) ok ;; esac
(cd "$tmp/re4" && eval "\"\$BIN\" $cmd") && cmp -s "$tmp/re3/cfg1.csv" "$tmp/re4/cfg1.csv" && ok || bad "config header command: $cmd"
printf '[sweep]\nvary = T1=0.2,1.7\nvary = Kp=-0.3,0.4\neps2 = 0.9\n' >"$tmp/s.ini"
"$BIN" sweep baths --config "$tmp/s.ini" --out "$tmp/cfg2.csv" && ok || bad "vary from config"
cmp -s <(grep -v '^#' "$tmp/cfg2.csv") <(grep -v '^#' "$tmp/b.csv") && ok || bad "config vary rows != flag rows"
# a linked axis from a config file: neither T1 nor T2 is spelled out as a
# fixed value in the header's command, which reproduces the file
printf '[sweep]\nvary = T1=0.5:1:3;T2=1:0.5:3\nT2 = 0.7\neps2 = 0.9\n' >"$tmp/lk.ini"
mkdir "$tmp/lk1" "$tmp/lk2"
(cd "$tmp/lk1" && "$BIN" sweep baths --config "$tmp/lk.ini" --quiet --out lk.csv) && ok || bad "linked vary from config"
cmd=$(sed -n 's/^# command: neqent //p' "$tmp/lk1/lk.csv")
case "$cmd" in *--T1*|*--T2*) bad "linked config header fixes a varied parameter: $cmd" ;; *) ok ;; esac
(cd "$tmp/lk2" && eval "\"\$BIN\" $cmd") && cmp -s "$tmp/lk1/lk.csv" "$tmp/lk2/lk.csv" && ok || bad "linked config header command: $cmd"
"$BIN" sweep baths --config "$tmp/lk.ini" --print-config | grep -q '^# T2: varied' && ok || bad "print-config of a linked axis shows T2 fixed"
"$BIN" sweep baths --config "$tmp/s.ini" --vary Kp=0.4 --eps2 0.9 --print-config >"$tmp/s2.ini" && ok || bad "sweep print-config"
grep -q '^vary = T1=0.2,1.7$' "$tmp/s2.ini" && grep -q '^vary = Kp=0.4$' "$tmp/s2.ini" &&
  ! grep -q 'Kp=-0.3' "$tmp/s2.ini" && grep -q '^# Kp: varied' "$tmp/s2.ini" && ok || bad "print-config: $(cat "$tmp/s2.ini")"
"$BIN" sweep baths --config "$tmp/s2.ini" --out "$tmp/cfg3.csv" && ok || bad "print-config round trip"
[ "$(grep -vc '^#' "$tmp/cfg3.csv")" -eq 3 ] && tail -1 "$tmp/cfg3.csv" | grep -q '^0.3333333333333333,0.9,1,0.4,1.7,' && ok || bad "round trip rows"
printf 'vary = T1=0.1:1:3\nbogus = 1\n' >"$tmp/bad.ini"
expect_error "bad.ini:2: unknown key 'bogus'" sweep baths --config "$tmp/bad.ini" --out "$tmp/x.csv"
printf 'vary = T1=0.1:1:0\n' >"$tmp/bad2.ini"
expect_error "N must be a whole number from 1" sweep baths --config "$tmp/bad2.ini" --out "$tmp/x.csv"
printf 'TW = 300F\n' >"$tmp/bad3.ini"
expect_error "bad3.ini:1: TW: unknown unit 'F'" sweep body --config "$tmp/bad3.ini" --vary TM=300,400 --out "$tmp/x.csv"

# interrupt midway, resume, compare with an uninterrupted run (same name)
args=(sweep baths --vary T1=0.05:3:300 --vary T2=0.05:3:200 --vary Kp=-0.2,0.2 --quiet)
mkdir -p "$tmp/ref"
(cd "$tmp/ref" && "$BIN" "${args[@]}" --out cut.csv) && ok || bad "uninterrupted sweep"
(cd "$tmp" && exec "$BIN" "${args[@]}" --threads 1 --out cut.csv) &
pid=$!
# interrupt once some rows are on disk (poll, at most 20 s), not at a fixed time
for i in $(seq 400); do
  [ "$(grep -vc '^#' "$tmp/cut.csv.partial" 2>/dev/null || echo 0)" -gt 1 ] && break
  sleep 0.05
done
kill -INT $pid
wait $pid
rc=$?
[ $rc -ne 0 ] && [ -s "$tmp/cut.csv.partial" ] && [ ! -e "$tmp/cut.csv" ] && ok || bad "interrupt: rc=$rc"
n_partial=$(grep -vc '^#' "$tmp/cut.csv.partial")
[ "$n_partial" -gt 1 ] && [ "$n_partial" -lt 120001 ] && ok || bad "partial rows: $n_partial"
(cd "$tmp" && "$BIN" "${args[@]}" --resume --out cut.csv) && ok || bad "resume"
cmp -s "$tmp/ref/cut.csv" "$tmp/cut.csv" && ok || bad "resumed file differs from the uninterrupted one"
expect_error "--resume: no '$tmp/none.csv.partial' to resume" "${args[@]}" --resume --out "$tmp/none.csv"

# --on-error: the local master equation has no eps1 = 0 (a value inside its
# range).  stop (the default) ends the run naming the point and keeps
# nothing; nan writes a note naming the point and the reason, then a row of
# empty values; skip the note only; every other point as without failures.
# A resume from any cut reproduces the file, and a note that is not this
# run's is refused.
oargs=(sweep baths --me local --vary eps1=0.5,0,0.25,0,0.7 --vary T1=1,2 --quiet)
expect_error "point 3 (eps1 = 0 E, T1 = 1 E): local master equation: eps1 = 0" "${oargs[@]}" --out "$tmp/oe.csv"
[ ! -e "$tmp/oe.csv" ] && [ ! -e "$tmp/oe.csv.partial" ] && ok || bad "--on-error stop left a file"
expect_error "--on-error: unknown choice 'ignore'" "${oargs[@]}" --on-error ignore --out "$tmp/oe.csv"
"$BIN" sweep baths --vary eps1=0.5,0.25,0.7 --vary T1=1,2 --me local --quiet --out "$tmp/oe-good.csv" && ok || bad "sweep without the failing points"
for m in nan skip; do
  for f in csv json; do
    mkdir -p "$tmp/oe-$m/full"
    (cd "$tmp/oe-$m/full" && "$BIN" "${oargs[@]}" --on-error $m --format $f --out r.$f) && ok || bad "--on-error $m --format $f"
    full="$tmp/oe-$m/full/r.$f"
    if [ $f = csv ]; then
      notes=$(grep -c '^# point [0-9]* (eps1 = 0 E, T1 = [12] E): local master equation: eps1 = 0 leaves qubit 1' "$full")
      rows=$(grep -vc '^#' "$full")
      # the rows of the good points are those of a sweep without the bad ones
      cmp -s <(grep -v '^#' "$full" | grep -v '^0,' | tail -n +2) <(grep -v '^#' "$tmp/oe-good.csv" | tail -n +2) && ok ||
        bad "--on-error $m: the good points' rows differ from a sweep without the failing ones"
    else
      notes=$(grep -c '^{"point":[0-9]*,"error":"point [0-9]* (eps1 = 0 E, T1 = [12] E): local master equation' "$full")
      rows=$(grep -c '^{"eps1' "$full")
    fi
    want_rows=$([ $m = nan ] && echo 11 || echo 7) # with the header for CSV; json: 10 or 6
    [ $f = json ] && want_rows=$((want_rows - 1))
    [ "$notes" -eq 4 ] && [ "$rows" -eq "$want_rows" ] && ok || bad "--on-error $m --format $f: $notes notes, $rows rows"
    ! grep -Eiwq 'nan|inf' <(grep -v '^#' "$full" | grep -v '"error"\|"command"') && ok || bad "--on-error $m --format $f printed NaN"
    first=$(awk '/^eps1|^\{"neqent"/{print NR; exit}' "$full")
    for k in 2 3 4 5 7 9; do
      head -n $((first + k)) "$full" >"$tmp/oe-$m/r.$f.partial"
      (cd "$tmp/oe-$m" && "$BIN" "${oargs[@]}" --on-error $m --format $f --resume --out r.$f) 2>"$tmp/err" &&
        cmp -s "$tmp/oe-$m/r.$f" "$full" && ok || bad "--on-error $m --format $f: resume after $k lines: $(cat "$tmp/err")"
      rm -f "$tmp/oe-$m/r.$f" "$tmp/oe-$m/r.$f.partial"
    done
    head -n $((first + 4)) "$full" | sed 's/leaves qubit 1/leaves qubit 2/' >"$tmp/oe-$m/r.$f.partial"
    (cd "$tmp/oe-$m" && "$BIN" "${oargs[@]}" --on-error $m --format $f --resume --out r.$f) 2>"$tmp/err" &&
      bad "--on-error $m --format $f: a changed note was resumed" ||
      { grep -q "not the note of a failing point" "$tmp/err" && ok || bad "changed note: $(cat "$tmp/err")"; }
    rm -f "$tmp/oe-$m/r.$f.partial"
  done
done
# the first point's computation failing (a lossless dispersive slab: its
# guided mode on the real axis) is noted like any other with --on-error nan,
# and named as point 1 with stop
"$BIN" sweep body --vary omega=4.485e13,1e13 --material dl:6.7,1.827e14,1.495e14,0 --on-error nan \
  --quiet --out "$tmp/first.csv" && grep -q "^# point 1 (omega = 4.485e+13 rad/s)" "$tmp/first.csv" &&
  [ "$(grep -vc '^#' "$tmp/first.csv")" -eq 3 ] && ok || bad "--on-error nan at the first point"
expect_error "point 1 (omega = 4.485e+13 rad/s)" sweep body --vary omega=4.485e13,1e13 \
  --material dl:6.7,1.827e14,1.495e14,0 --out "$tmp/first2.csv"
[ ! -e "$tmp/first2.csv" ] && [ ! -e "$tmp/first2.csv.partial" ] && ok || bad "a refused sweep left a file"
finish
