#!/bin/sh
# Strong scaling of a sweep across MPI ranks (issue 16): 20,000 points of a
# five-qubit chain above the SiC slab, 50 geometries (spacing) x 400 TM, on
# 1 and 2 ranks x 1 thread, and 1 rank x 2 threads for comparison; the files
# must be identical.  Parallel efficiency = t1 / (2 t2).
# usage: bench/mpi.sh BUILD_DIR   (about 45 s on two cores)
set -eu
BIN="$(cd "$1" && pwd)/neqent"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GRID="sweep body --array chain:5 --height 1um --vary spacing=0.1um:1um:50 --vary TM=100K:3000K:400 --threads 1"
MPI="mpirun --oversubscribe --allow-run-as-root --mca btl self,vader -np"
t() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
mkdir "$tmp/a" "$tmp/b" "$tmp/c"
t1=$(cd "$tmp/a" && t $BIN $GRID --out out.csv)
t2=$(cd "$tmp/b" && t $MPI 2 $BIN $GRID --out out.csv)
tt=$(cd "$tmp/c" && t $BIN $GRID --out out.csv --threads 2)
cmp -s "$tmp/a/out.csv" "$tmp/b/out.csv" && same=identical || same=DIFFERENT
echo "1 rank x 1 thread:   $t1 s"
echo "2 ranks x 1 thread:  $t2 s  (files $same)"
echo "1 rank x 2 threads:  $tt s"
/usr/bin/python3 -c "print(f'parallel efficiency at 2 ranks: {$t1 / (2 * $t2):.0%} (target 85%)')"
