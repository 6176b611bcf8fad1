#!/bin/bash
# neqent sweep and optimize across MPI ranks (the NEQENT_MPI build; skipped
# without mpirun): the file mpirun -np 1, 2 and 3 write is byte for byte the
# file of one process, for a body sweep over several geometries, and a
# design search finds the same point with the same history; one steady
# state solved across ranks equals the serial one; a refused run
# (an existing output) ends every rank with one line; killing a rank in the
# middle fails the run, leaves a partial file whose rows are valid, and
# --resume completes it to the same bytes.
set -u
BIN="$1"
source "$(dirname "$0")/lib.sh"
if ! command -v mpirun >/dev/null; then
  echo "mpirun not installed: skipped"
  exit 0
fi
MPI=(mpirun --oversubscribe --allow-run-as-root --mca btl self,vader -np)
GRID=(sweep body --vary z2=0.4um:2um:7 --vary TM=100K:3000K:60 --threads 1)

mkdir -p "$tmp/one"
(cd "$tmp/one" && "$BIN" "${GRID[@]}" --out out.csv) || bad "one process failed"
for np in 1 2 3; do
  mkdir -p "$tmp/np$np"
  (cd "$tmp/np$np" && "${MPI[@]}" $np "$BIN" "${GRID[@]}" --out out.csv >/dev/null 2>"$tmp/err") ||
    bad "mpirun -np $np failed: $(cat "$tmp/err")"
  cmp -s "$tmp/one/out.csv" "$tmp/np$np/out.csv" && ok || bad "mpirun -np $np: not the same bytes"
done

# failing points noted (--on-error nan, skip), in CSV and JSON Lines: the
# rows and notes are formatted on the rank that computed them, and rank 0
# writes them: still the bytes of one process
EARGS=(sweep baths --me local --vary eps1=0.5,0,0.25,0,0.7 --vary T1=1:2:300 --threads 1 --quiet)
for m in nan skip; do
  for f in csv json; do
    (cd "$tmp/one" && "$BIN" "${EARGS[@]}" --on-error $m --format $f --out e-$m.$f) || bad "one process --on-error $m"
    for np in 2 3; do
      (cd "$tmp/np$np" && "${MPI[@]}" $np "$BIN" "${EARGS[@]}" --on-error $m --format $f --out e-$m.$f \
         >/dev/null 2>"$tmp/err") || bad "mpirun -np $np --on-error $m: $(cat "$tmp/err")"
      cmp -s "$tmp/one/e-$m.$f" "$tmp/np$np/e-$m.$f" && ok ||
        bad "mpirun -np $np --on-error $m --format $f: not the same bytes"
    done
  done
done

# refused on rank 0 (the output exists): every rank ends, one line, no file changed
before=$(md5sum <"$tmp/np2/out.csv")
(cd "$tmp/np2" && timeout 60 "${MPI[@]}" 2 "$BIN" "${GRID[@]}" --out out.csv >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "exists" "$tmp/err" && [ "$(md5sum <"$tmp/np2/out.csv")" = "$before" ] &&
  ok || bad "refused run under mpirun: rc=$rc, $(cat "$tmp/err")"

# a failing point stops the run on every rank (rank 0 stops the farm and
# drains the others' sends): an error, no file, no hang
(cd "$tmp/np2" && timeout 300 "${MPI[@]}" 2 "$BIN" sweep baths --vary eps1=1,0,1 \
   --vary T1=1:2:100000 --eps2 0.5 --K 0 --threads 1 --out stop.csv >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "$tmp/np2/stop.csv" ] && ok ||
  bad "a failing point under mpirun: rc=$rc, $(head -3 "$tmp/err")"

# a design search shared out: the same result (JSON and history) on 1, 2 and 3 ranks
OPT=(optimize body --maximize concurrence --vary z2=0.5um:2um --vary TM=300K:2000K
     --vary material=sic,sio2 --seed 3 --starts 3 --json)
(cd "$tmp/one" && "$BIN" "${OPT[@]}" --history h.csv >o.json) || bad "optimize failed"
for np in 2 3; do
  (cd "$tmp/np$np" && "${MPI[@]}" $np "$BIN" "${OPT[@]}" --history h.csv >o.json 2>"$tmp/err") ||
    bad "mpirun -np $np optimize failed: $(cat "$tmp/err")"
  cmp -s "$tmp/one/o.json" "$tmp/np$np/o.json" && cmp -s "$tmp/one/h.csv" "$tmp/np$np/h.csv" &&
    ok || bad "optimize on $np ranks: not the same result"
done
# refused on rank 0 (the history exists): every rank ends
(cd "$tmp/np2" && timeout 60 "${MPI[@]}" 2 "$BIN" "${OPT[@]}" --history h.csv >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "exists" "$tmp/err" && ok ||
  bad "refused optimize under mpirun: rc=$rc, $(cat "$tmp/err")"

# one steady state across ranks (PETSc's GMRES, the matrix's rows spread):
# six qubits, against the serial sparse LU to 1e-10 (master_mpi_sparse)
SPARSE="$(dirname "$BIN")/master_mpi_sparse"
if [ -x "$SPARSE" ]; then
  for np in 1 2 3; do
    "${MPI[@]}" $np "$SPARSE" 6 >"$tmp/sp" 2>&1 && grep -q "0 failed" "$tmp/sp" && ok ||
      bad "distributed steady state on $np ranks: $(cat "$tmp/sp")"
  done
fi

# the same from the command line: body --distributed under mpirun, seven
# qubits (a block of 3,432 unknowns: GMRES), on 2 and 3 ranks against one
# process without MPI: the quantities to 1e-10 (GMRES stops at 1e-13 of the
# residual; the ranks' sums round differently), one JSON object printed
Q=purity,heat_walls,heat_body,entropy_production,pair_concurrence,residual
D=(body --array chain:7 --height 1um --spacing 0.2um --json --quantities $Q)
"$BIN" "${D[@]}" >"$tmp/d1.json" || bad "body, seven qubits, one process"
for np in 2 3 5; do # 3,432 unknowns do not split evenly over 5 ranks
  timeout 300 "${MPI[@]}" $np "$BIN" "${D[@]}" --distributed >"$tmp/d$np.json" 2>"$tmp/err" ||
    bad "mpirun -np $np body --distributed: $(cat "$tmp/err")"
  /usr/bin/python3 - "$tmp/d1.json" "$tmp/d$np.json" <<'PY' && ok || bad "body --distributed on $np ranks differs"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
def flat(v):
    return [x for y in v for x in flat(y)] if isinstance(v, list) else [v]
for k in ("purity", "heat_walls", "heat_body", "entropy_production", "pair_concurrence"):
    for x, y in zip(flat(a[k]), flat(b[k])):  # null: a qubit with itself
        assert (x is None and y is None) or abs(x - y) <= 1e-10 * max(1.0, abs(x)), (k, x, y)
assert b["residual"] < 1e-12 and b["parameters"]["distributed"] is True
PY
done
# --distributed is for one point: a sweep refuses it (one line, no file),
# and a body run rank 0 refuses (the output exists) ends every rank
(cd "$tmp/np2" && timeout 60 "${MPI[@]}" 2 "$BIN" sweep body --distributed --vary TM=300K:900K:3 \
   --out dist.csv >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && [ "$(grep -c '^neqent: ' "$tmp/err")" -eq 1 ] &&
  grep -q "single point" "$tmp/err" && [ ! -e "$tmp/np2/dist.csv" ] && [ ! -e "$tmp/np2/dist.csv.partial" ] &&
  ok || bad "sweep --distributed: rc=$rc, $(cat "$tmp/err")"
touch "$tmp/np2/taken.json"
(cd "$tmp/np2" && timeout 60 "${MPI[@]}" 2 "$BIN" "${D[@]}" --distributed --out taken.json >/dev/null 2>"$tmp/err")
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "exists" "$tmp/err" && [ ! -s "$tmp/np2/taken.json" ] && ok ||
  bad "refused body --distributed: rc=$rc, $(cat "$tmp/err")"
# a failure on one rank alone (a geometry file only rank 0's directory
# holds): every rank ends, with one line, no hang
mkdir -p "$tmp/geoA" "$tmp/geoB"
for i in 1 2 3 4 5 6 7; do echo "${i}00nm 0 1um"; done >"$tmp/geoA/q.txt"
timeout 300 mpirun --oversubscribe --allow-run-as-root --mca btl self,vader \
  -np 1 -wdir "$tmp/geoA" "$BIN" body --qubits q.txt --distributed --quantities purity : \
  -np 1 -wdir "$tmp/geoB" "$BIN" body --qubits q.txt --distributed --quantities purity \
  >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "another rank" "$tmp/err" && ok ||
  bad "a failure on one rank alone: rc=$rc, $(cat "$tmp/err")"
# rank 0 speaks for the job: help once, an error line once
[ "$("${MPI[@]}" 3 "$BIN" sweep --help | grep -c '^usage: neqent sweep')" -eq 1 ] && ok || bad "help printed by every rank"
"${MPI[@]}" 2 "$BIN" body --bogus 1 >/dev/null 2>"$tmp/err"
[ "$(grep -c "unknown option '--bogus'" "$tmp/err")" -eq 1 ] && ok || bad "an error line from every rank: $(cat "$tmp/err")"

# a rank killed mid-run: a failure, valid rows kept, --resume completes them
KGRID=(sweep body --vary z2=0.3um:3um:400 --vary TM=100K:3000K:50 --threads 1)
mkdir -p "$tmp/ref" "$tmp/kill"
(cd "$tmp/ref" && "$BIN" "${KGRID[@]}" --out out.csv) || bad "reference run failed"
(cd "$tmp/kill" && exec "${MPI[@]}" 2 "$BIN" "${KGRID[@]}" --out out.csv >/dev/null 2>"$tmp/kerr") &
mpipid=$!
victim=""
for i in $(seq 1 600); do # wait for some rows, then find rank 1
  if [ -f "$tmp/kill/out.csv.partial" ] && [ "$(wc -l <"$tmp/kill/out.csv.partial")" -gt 100 ]; then
    for p in $(pgrep -f "neqent sweep body --vary z2=0.3um:3um:400"); do
      if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then
        victim=$p
      fi
    done
    break
  fi
  sleep 0.05
done
if [ -n "$victim" ]; then
  kill -9 "$victim"
  wait $mpipid
  rc=$?
  [ $rc -ne 0 ] && ok || bad "killing rank 1 did not fail the run"
  grep -q "rank 1" "$tmp/kerr" && ok || bad "the failure does not name the rank: $(cat "$tmp/kerr")"
  [ ! -e "$tmp/kill/out.csv" ] && [ -f "$tmp/kill/out.csv.partial" ] && ok ||
    bad "after the kill: out.csv exists or no partial file"
  (cd "$tmp/kill" && "$BIN" "${KGRID[@]}" --out out.csv --resume 2>"$tmp/err") ||
    bad "--resume after the kill failed: $(cat "$tmp/err")"
  cmp -s "$tmp/ref/out.csv" "$tmp/kill/out.csv" && ok || bad "the resumed file differs"
else
  wait $mpipid
  bad "the run ended before a rank could be killed"
fi
finish
