#!/bin/bash
# Bad input, hunted on every command: each refusal is one clear line on
# stderr naming the offending value, exit status 2 for usage or bad input and
# 1 for runtime or output errors, never a crash, a hang or a sanitizer
# report, never NaN or inf in an output, and no file, .partial or temporary
# file left behind by a refused or interrupted run.  --out replaces only
# regular files; no user string reaches a shell (gnuplot included).
# Cases that fail are bugs: no check here is weakened to make it pass.
set -u
BIN="$1"
note=""
source "$(dirname "$0")/lib.sh"

umask 022
T=20        # seconds before a run counts as hung
FIFO_T=3    # a FIFO given as an input file must not block (no writer exists)
cd "$tmp" || exit 1
mkdir in o
mkfifo in/fifo

# run ARGS... : BIN under a timeout; sets rc, stdout in $tmp/out, stderr in $tmp/err
# (RUN_PATH set: BIN runs with that PATH, to hide or replace gnuplot)
run() {
  if [ -n "${RUN_PATH:-}" ]; then
    timeout -k 2 "${TMO:-$T}" env PATH="$RUN_PATH" "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    timeout -k 2 "${TMO:-$T}" "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  fi
  rc=$?
}
# the command line, shortened for reports
show() {
  local s="neqent $*"
  s=${s//$'\n'/\\n}
  s=${s//$tmp/\$tmp}
  [ ${#s} -gt 170 ] && s="${s:0:170}..."
  printf '%s' "$s${note:+ [$note]}"
}
# stderr as one printable line, for reports
errline() { head -c 400 "$tmp/err" | tr '\n' '|' | LC_ALL=C tr -c '[:print:]|' '?'; }
sanitizer() { grep -Eq 'Sanitizer|runtime error:' "$tmp/err"; }
# printable ASCII only (plus newlines): no raw byte of the user reaches stderr
clean_err() { ! tr -d '\n' <"$tmp/err" | LC_ALL=C grep -q '[^ -~]'; }
# a NaN or an infinity printed as a number
has_nonfinite() { grep -Eiwq -- '-?(nan|inf|infinity)' "$@"; }

# refuse CLASS WHAT ARGS... : exit status CLASS (2 bad input, 1 runtime or
# output error, - when the rules leave it open), exactly one clean stderr
# line containing WHAT, nothing on stdout, no hang, no signal, no sanitizer
refuse() {
  local class="$1" what="$2"
  shift 2
  run "$@"
  local desc
  desc=$(show "$@")
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    bad "$desc -> hung (killed after ${TMO:-$T} s); expected one line naming '$what'"
  elif [ $rc -gt 128 ]; then
    bad "$desc -> killed by signal $((rc - 128)): $(errline)"
  elif sanitizer; then
    bad "$desc -> sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$tmp/err")"
  elif [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ] && clean_err &&
    grep -qF -- "$what" "$tmp/err"; then
    ok
  else
    bad "$desc -> rc=$rc, stdout $(wc -c <"$tmp/out") bytes, stderr: $(errline) (expected one line naming '$what')"
  fi
  if [ "$class" != - ] && [ $rc -ne 124 ] && [ $rc -lt 128 ]; then
    [ $rc -eq "$class" ] && ok ||
      bad "$desc -> exit $rc, expected $class ($([ "$class" = 2 ] && echo 'usage or bad input' || echo 'runtime or output error'))"
  fi
}
# accept ARGS... : exit 0, no NaN or inf on stdout, no sanitizer report
accept() {
  run "$@"
  local desc
  desc=$(show "$@")
  if [ $rc -eq 0 ] && ! sanitizer && ! has_nonfinite "$tmp/out"; then
    ok
  else
    bad "$desc -> rc=$rc, stderr: $(errline)$(has_nonfinite "$tmp/out" && echo ' (NaN or inf on stdout)')"
  fi
}
# only DIR NAME... : DIR holds exactly these names (hidden ones included)
only() {
  local dir="$1" what="$2"
  shift 2
  local want have
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
  have=$(ls -A "$dir" | sort)
  [ "$want" = "$have" ] && ok || bad "$what: '${dir//$tmp/\$tmp}' holds [$(echo $have)], expected [$(echo $want)]"
}
nopwned() {
  local found
  found=$(find "$tmp" -name 'PWNED*' 2>/dev/null)
  [ -z "$found" ] && ok || bad "$1: a user string reached a shell (${found//$tmp/\$tmp} created)"
  find "$tmp" -name 'PWNED*' -exec rm -rf {} + 2>/dev/null
}
# interrupt SIG PATTERN ARGS... : runs BIN in its own process group with the
# default action for SIG (as a terminal's Ctrl-C would), waits until a file
# matching PATTERN appears in the current directory, sends SIG to the group
interrupt() {
  local sig="$1" pat="$2"
  shift 2
  if env --default-signal=INT true 2>/dev/null; then
    setsid env --default-signal=INT "$BIN" "$@" >/dev/null 2>"$tmp/ierr" &
  else
    setsid /usr/bin/python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$BIN" "$@" >/dev/null 2>"$tmp/ierr" &
  fi
  local pid=$! i
  for i in $(seq 400); do
    compgen -G "$pat" >/dev/null && break
    sleep 0.05
  done
  kill -"$sig" -- -"$pid" 2>/dev/null || kill -"$sig" "$pid"
  wait "$pid"
  rc=$?
  # anything of the group still running (gnuplot) gets time to finish
  for i in $(seq 200); do
    kill -0 -- -"$pid" 2>/dev/null || break
    sleep 0.05
  done
}

printf 'a,b\n1,2\n2,3\n3,5\n' >in/ok.csv

# ---------------------------------------------------------------- options
refuse 2 "unknown option '--bogus'" baths --bogus 3
refuse 2 "unknown option '--bogus'" body --bogus
refuse 2 "unknown option '--bogus'" rates --bogus
refuse 2 "unknown option '--bogus'" evolve body --initial A --bogus
refuse 2 "unknown option '--bogus'" sweep baths --vary T1=1,2 --bogus --out o/s.csv
refuse 2 "unknown option '--bogus'" figure quiroga-fig2 --bogus --out-dir o
refuse 2 "unknown option '--bogus'" plot in/ok.csv --x a --y b --bogus
refuse 2 "--bogus" version --bogus
refuse 2 "unknown command 'bogus'" bogus
refuse 2 "needs a value" body --TM
refuse 2 "takes no value" baths --json=1
refuse 2 "'-T1'" baths -T1 1
# an option that takes effect only with another one is refused without it
refuse 2 "only used with --lnel" baths --T-mean 1
refuse 2 "do not give --T1" baths --lnel --T-mean 1 --T1 0.3
refuse 2 "--t-min" evolve body --initial A --points 3 --t-min 5
# --print-config with --out: the file is written, or the combination refused
run baths --print-config --out o/p.ini
[ -s o/p.ini ] || { [ $rc -eq 2 ] && [ ! -s "$tmp/out" ]; } && ok ||
  bad "neqent baths --print-config --out o/p.ini -> rc=$rc: --out silently ignored, the INI went to stdout"
rm -f o/p.ini

# ------------------------------------------------------- malformed numbers
for v in abc 1.5x '' ' 1' '1 ' 1e 1_000 0x1p3 0X1P3 inf -inf nan -nan infinity; do
  refuse 2 "'$v'" baths --K "$v"
done
for v in 0x1p3 inf nan '' 1e400 300F 1e400mK; do
  refuse 2 "'$v'" body --TM "$v"
done
refuse 2 "'1e400'" baths --T1 1e400
refuse 2 "'1e400'" rates --z1 1e400
refuse 2 "'inf'" evolve body --initial A --t-max inf
refuse 2 "'nan'" evolve baths --initial A --T2 nan
refuse 2 "'nan'" sweep baths --vary T1=1:nan:3 --out o/s.csv
refuse 2 "'0x1p3'" sweep baths --vary T1=0x1p3,1 --out o/s.csv
refuse 2 "'1e400'" sweep body --vary z2=1um,1e400 --out o/s.csv
# underflow: 1e-400 is not 0; the line names what was typed
refuse 2 "1e-400" baths --T1 1e-400
refuse 2 "1e-400" body --z1 1e-400um
# very long strings: one line, the value named (shortened is fine)
long=$(printf 'a%.0s' $(seq 5000))
refuse 2 "T1: 'aaaaaaaaaa" baths --T1 "$long"
refuse 2 "unknown option '--aaaaaaaaaa" baths "--$long"
refuse 2 "unknown initial state 'aaaaaaaaaa" evolve body --initial "$long"
refuse 2 "material" body --material "$long"
refuse 2 "aaaaaaaaaa" sweep baths --vary "T1=1,$long" --out o/s.csv
# raw control bytes of an argument are not echoed
refuse 2 "\\x1b" baths --T1 $'\e[31mred'
refuse 2 "unknown option" baths $'--bo\e]0;x\agus'
# empty strings
refuse 2 "''" body --z1 ''
refuse 2 "material" body --material ''
refuse 2 "''" evolve body --initial ''
refuse 2 "--out" baths --out ''
refuse 2 "''" figure quiroga-fig2 --out-dir ''
refuse 2 "''" plot in/ok.csv --x '' --y b
refuse 2 "''" sweep baths --vary T1=1,2 --quantities '' --out o/s.csv
refuse 2 "T1" sweep baths --vary T1= --out o/s.csv
only o "refused runs with --out o/..."

# ----------------------------------------------------------- temperatures
refuse 2 "T1 = -1" baths --T1 -1
refuse 2 "T1 = 0" baths --T1 0
refuse 2 "T2 = 0" baths --T2 0
refuse 2 "T-mean = 0" baths --lnel --T-mean 0
refuse 2 "T-mean = -1" baths --lnel --T-mean -1
refuse 2 "TM = 0" body --TM 0
refuse 2 "TW = 0" body --TW 0
refuse 2 "TM = -5" body --TM -5K
refuse 2 "TW = 0" rates --TW 0
refuse 2 "TW = -3" evolve body --initial A --TW -3
refuse 2 "thermal:0" evolve body --initial thermal:0
refuse 2 "thermal:-1" evolve baths --initial thermal:-1
refuse 2 "thermal:nan" evolve body --initial thermal:nan
refuse 2 "thermal:0x1p3" evolve body --initial thermal:0x1p3 --points 3
refuse 2 "T1 = 0" sweep baths --vary T1=0,1 --out o/s.csv
refuse 2 "TM = 0" sweep body --vary TM=0,300 --out o/s.csv
refuse 2 "T2 = -1" sweep baths --vary T1=1,2 --T2 -1 --out o/s.csv
only o "refused sweeps"

# ---------------------------------------------- qubits inside the body, etc.
refuse 2 "z1 = -1e-06" body --z1 -1um
refuse 2 "z2 = 0" body --z2 0
refuse 2 "z1 = -1e-06" rates --z1 -1e-6
refuse 2 "z2 = -1e-06" evolve body --initial A --z2 -1um
refuse 2 "z2 = -1e-06" sweep body --vary z2=-1um,1um --out o/s.csv
refuse 2 "z1 = -2e-06" sweep body --vary TM=300,400 --z1 -2um --out o/s.csv
# coinciding qubits
refuse 2 "r12 = 0" body --r12 0
refuse 2 "r12 = 0" rates --r12 0 --z1 2um --z2 2um
refuse 2 "r12 = 0" evolve body --initial A --r12 0
refuse 2 "r12 = 0" sweep body --vary r12=0,0.5um --out o/s.csv
refuse 2 "r12 = 0" sweep body --vary r12=0.5um,0 --out o/s.csv
refuse 2 "r12 = 1e-160" body --r12 1e-160
refuse 2 "r12 = 1e-160" rates --r12 1e-160
refuse 2 "r12 = 1e-160" sweep body --vary r12=1um,1e-160 --out o/s.csv
accept body --r12 0 --z2 1.1um
# tolerances
refuse 2 "tol = 1e-14" body --tol 1e-14
refuse 2 "tol = 0" rates --tol 0
refuse 2 "tol = -1e-09" body --tol -1e-9
refuse 2 "tol = 1e-14" sweep body --vary tol=1e-14,1e-9 --out o/s.csv
accept body --tol 1e-13
# other refusals of the body model
refuse 2 "zero vector" body --dipole1 0,0,0
refuse 2 "'nan,0,1'" body --dipole2 nan,0,1
refuse 2 "dipole_moment = -1" body --dipole_moment -1
refuse 2 "unknown material 'bogus'" body --material bogus
refuse 2 "NaN" body --material const:nan
refuse 2 "Im eps = -1" body --material const:1,-1
refuse 2 "unknown value 'cube'" body --body cube
# the sphere: a qubit inside it or on it, R <= 0, NaN, a malformed centre
refuse 2 "qubit 2: (2.5e-07, 0, 1e-06) m is inside the sphere" body --body sphere --radius 0.3um --center 0.25um,0,1.2um
refuse 2 "inside the sphere" rates --body sphere --radius 2um --center 0,0,0
refuse 2 "on the surface" body --body sphere --radius 1um --center 0,0,0
refuse 2 "radius = -1e-06 m must be > 0" body --body sphere --radius -1um
refuse 2 "radius = 0 m must be > 0" rates --body sphere --radius 0
refuse 2 "radius: 'nan' is not a number" body --body sphere --radius nan
refuse 2 "center '1,2': expected x,y,z" body --body sphere --center 1,2
refuse 2 "center: " body --body sphere --center 0,0,-1parsec
refuse 2 "--radius and --center are for --body sphere" body --radius 2um
refuse 2 "a sphere of a uniaxial material (hbn)" body --body sphere --material hbn
refuse 2 "a sphere takes no sheet" body --body sphere --sheet graphene
refuse 2 "--layer_index is for --body layers" body --layer_index 1
refuse 2 "--layer_thickness needs --layer_index" body --layer_thickness 3nm
only o "refused body runs"
# extreme values: a refusal that names the culprit, or finite numbers
refuse - "omega" body --omega 1e-300
refuse - "omega" rates --omega 1e300
refuse - "delta" body --delta 1e-300
refuse - "T1" baths --T1 1e300
refuse - "K" baths --K 1e300
# a computation that fails leaves no file and no temporary file
refuse - "" baths --K 1e300 --out o/k.json
refuse - "" body --omega 1e-300 --out o/b.json --json
refuse - "" evolve body --initial A --points 3 --delta 1e-300 --out o/e.csv
refuse - "" rates --z1 1e-300 --out o/r.txt
only o "failed computations with --out"
run body --dipole_moment 1e300
if [ $rc -eq 0 ]; then
  grep -q '^Gamma0  *undefined' "$tmp/out" &&
    bad "neqent body --dipole_moment 1e300 -> rc=0 and Gamma0 'undefined' (it overflows: refuse, naming dipole_moment)" || ok
else
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q dipole_moment "$tmp/err" && ok || bad "dipole_moment 1e300: $(errline)"
fi
# the LNEL coefficients at a tiny mean temperature: finite, or refused
run baths --lnel --T-mean 1e-300
if [ $rc -eq 0 ]; then
  has_nonfinite "$tmp/out" && bad "neqent baths --lnel --T-mean 1e-300 -> rc=0 with NaN/inf: $(grep -Eiw 'nan|inf' "$tmp/out" | head -2 | tr '\n' '|')" || ok
else
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '1e-300' "$tmp/err" && ok || bad "--T-mean 1e-300: $(errline)"
fi
run baths --lnel --T-mean 1e-300 --json
[ $rc -ne 0 ] || ! grep -q '"alpha":null' "$tmp/out" && ok ||
  bad "neqent baths --lnel --T-mean 1e-300 --json -> rc=0 with \"alpha\":null (NaN hidden as null)"
accept baths --T1 1e-300
accept evolve baths --initial A --t-max 1e300 --points 3 --log --t-min 1e-300
refuse 2 "TM = 1e+300 K must be <= 1e+09" rates --TM 1e300

# ------------------------------------------------------------ config files
head -c 3000 /dev/urandom | tr -d '\n' | { printf '\x01\x02'; cat; } >in/bin.ini
mkdir in/cfgdir
python3=/usr/bin/python3
"$python3" - "$tmp/in" <<'PY'
import sys
d = sys.argv[1]
open(d + "/long2.ini", "w").write("T1 = 1\neps1 = " + "0" * 250 + "1\nK = 1\n")
open(d + "/long4.ini", "w").write("T1 = 1\nT2 = 0.5\n# ok\n" + "#" + "x" * 5000 + "\nbogus = 1\n")
open(d + "/long3.ini", "w").write("[baths]\nT1 = 1\n" + "eps1 = 0.5" + " " * 300 + "\n")
open(d + "/unk.ini", "w").write("T1 = 1\nbogus = 3\n")
open(d + "/nul.ini", "w").write("T1 = 1\0\nT2 = 3\n")
PY
refuse 2 "is a directory" baths --config in/cfgdir
refuse 2 "bin.ini" baths --config in/bin.ini
refuse 2 "long2.ini:2:" baths --config in/long2.ini
refuse 2 "long3.ini:3:" baths --config in/long3.ini
refuse 2 "long4.ini:4:" baths --config in/long4.ini
refuse 2 "unk.ini:2: unknown key 'bogus'" baths --config in/unk.ini
refuse 2 "unk.ini:2: unknown key 'bogus'" sweep baths --config in/unk.ini --vary T1=1,2 --out o/s.csv
refuse 2 "nul.ini:1:" body --config in/nul.ini
refuse 2 "nonexistent.ini" body --config in/nonexistent.ini
refuse 2 "/dev/null" rates --config /dev/null
TMO=$FIFO_T refuse 2 "in/fifo" baths --config in/fifo

# ----------------------------------------------------- evolve state files
"$python3" - "$tmp/in" <<'PY'
import sys
d = sys.argv[1]
def mat(name, rows):
    open(d + "/" + name, "w").write("".join(" ".join(r) + "\n" for r in rows))
diag = lambda n, m, v: [[v if i == j else "0" for j in range(m)] for i in range(n)]
mat("s5.txt", diag(5, 5, "0.2"))
mat("s43.txt", diag(4, 3, "0.25"))
mat("s34.txt", diag(3, 4, "0.25"))
mat("s54.txt", diag(5, 4, "0.25"))
mat("nan.txt", [["0.25", "nan", "0", "0"]] + diag(4, 4, "0.25")[1:])
mat("hex.txt", [["0x1p-2", "0", "0", "0"]] + diag(4, 4, "0.25")[1:])
mat("trace.txt", diag(4, 4, "0.5"))
mat("herm.txt", [["0.5", "0", "0", "0.3"], ["0", "0", "0", "0"], ["0", "0", "0", "0"], ["0", "0", "0", "0.5"]])
mat("neg.txt", [["0.5", "0", "0", "0.6"], ["0", "0", "0", "0"], ["0", "0", "0", "0"], ["0.6", "0", "0", "0.5"]])
mat("ok.txt", diag(4, 4, "0.25"))
open(d + "/empty.txt", "w").close()
PY
head -c 2000 /dev/urandom >in/bin.txt
mkdir in/statedir
refuse 2 "s5.txt:1: 5 entries" evolve body --initial file:in/s5.txt --points 3
refuse 2 "s43.txt:1: 3 entries" evolve body --initial file:in/s43.txt --points 3
refuse 2 "3 rows" evolve body --initial file:in/s34.txt --points 3
refuse 2 "s54.txt:5:" evolve baths --initial file:in/s54.txt --points 3
refuse 2 "nan.txt:1:" evolve body --initial file:in/nan.txt --points 3
refuse 2 "hex.txt:1:" evolve body --initial file:in/hex.txt --points 3
refuse 2 "trace 2" evolve body --initial file:in/trace.txt --points 3
refuse 2 "not Hermitian" evolve body --initial file:in/herm.txt --points 3
refuse 2 "not positive" evolve body --initial file:in/neg.txt --points 3
refuse 2 "0 rows" evolve body --initial file:in/empty.txt --points 3
refuse 2 "bin.txt" evolve body --initial file:in/bin.txt --points 3
refuse 2 "in/statedir" evolve body --initial file:in/statedir --points 3
refuse 2 "nonexistent.txt" evolve body --initial file:in/nonexistent.txt --points 3
TMO=$FIFO_T refuse 2 "in/fifo" evolve body --initial file:in/fifo --points 3
accept evolve body --initial file:in/ok.txt --points 3

# -------------------------------------------------------- qubit geometries
printf '0 0 1um\n0.3um 0 1um\n0.3um 0 1um\n' >in/same.geo
printf '0 0 1um\n0.3um 0 -5nm\n' >in/below.geo
printf '0 0 1um\n0.3um 0\n' >in/short.geo
printf '0 0 1um\n0.3um 0 1furlong\n' >in/unit.geo
printf '# nothing\n' >in/empty.geo
for i in $(seq 13); do echo "${i}00nm 0 1um"; done >in/thirteen.geo
refuse 2 "qubits 2 and 3 coincide" body --qubits in/same.geo
refuse 2 "z = -5e-09 m must be > 0" body --qubits in/below.geo
refuse 2 "short.geo:2: expected x y z [dx dy dz], found 2 fields" body --qubits in/short.geo
refuse 2 "furlong" body --qubits in/unit.geo
refuse 2 "lists no qubit" body --qubits in/empty.geo
refuse 2 "more than 12 qubits" body --qubits in/thirteen.geo
refuse 2 "in/nope.geo" body --qubits in/nope.geo
refuse 2 "geometry file 'in' is a directory" body --qubits in
refuse 2 "give one geometry" body --qubits in/same.geo --array chain:3
refuse 2 "N must be a whole number from 1 to 12" body --array chain:13
refuse 2 "N must be a whole number from 1 to 12" body --array chain:2.5
refuse 2 "expected chain|ring|square" body --array line:3
refuse 2 "8 is not a square" body --array square:8
refuse 2 "unknown quantity 'bogus'" body --quantities concurrence,bogus
refuse 2 "unknown quantity ''" body --quantities concurrence,
refuse 2 "'purity' given twice" baths --quantities purity,purity
refuse 2 "--quantities and --lnel" baths --lnel --T-mean 1 --quantities C
refuse 2 "unknown quantity 'concurrence'" rates --quantities concurrence
refuse 2 "spacing = 0 m must be > 0" body --array ring:4:0
refuse 2 "height = -1e-06 m must be > 0" body --array chain:3 --height -1um
refuse 2 "pair_concurrence is a matrix, per-qubit or per-state list" sweep body --array chain:3 --vary TM=300,400 --quantities pair_concurrence --out o/s.csv

# -------------------------------------------------------- material tables
{ printf x; head -c 3000 /dev/urandom; } >in/garbage.mat  # line 1 not blank, not a comment
mkdir in/matdir
"$python3" - "$tmp/in" <<'PY'
import sys
d = sys.argv[1]
h = "# neqent-table x=omega y=eps\n"
open(d + "/few.mat", "w").write(h + "1e13 2 0.1\n5e13 3 0.1\n")
open(d + "/nan.mat", "w").write(h + "1e13 2 0.1\n5e13 nan 0.1\n1e14 4 0.1\n2e14 5 0.1\n")
# a comment longer than the reader's line buffer on line 3, junk on line 4
open(d + "/longc.mat", "w").write(h + "1e13 2 0.1\n#" + "x" * 1100 + " 1e14 4 0.1\n"
                                  + "2e14 5 0.1 junk\n3e14 5 0.1\n4e14 5 0.1\n")
open(d + "/longs.mat", "w").write(h + "1e13 2 0.1\n5e13 3 0.1" + " " * 1100 + "\n"
                                  + "1e14 4 0.1 junk\n2e14 5 0.1\n")
PY
refuse 2 "in/matdir" body --material file:in/matdir
refuse 2 "garbage.mat:1:" body --material file:in/garbage.mat
refuse 2 "few.mat" rates --material file:in/few.mat
refuse 2 "nan.mat:3:" body --material file:in/nan.mat
refuse 2 "longc.mat:4:" body --material file:in/longc.mat
refuse 2 "longs.mat:4:" body --material file:in/longs.mat
refuse 2 "nonexistent.mat" body --material file:in/nonexistent.mat
refuse 2 "garbage.mat:1:" sweep body --vary TM=300,400 --material file:in/garbage.mat --out o/s.csv
TMO=$FIFO_T refuse 2 "in/fifo" body --material file:in/fifo
only o "refused material runs"

# ------------------------------------------------------------------ --out
mkdir od od/dir
mkfifo od/fifo
ln -s fifo od/lfifo
ln -s dir od/ldir
echo keep >od/file.txt
ln -s nowhere/x od/dangling
refuse 1 "FIFO" baths --out od/fifo
refuse 1 "FIFO" baths --out od/fifo --force
refuse 1 "directory" baths --out od/dir --force
refuse 1 "directory" body --out od/dir/ --force
refuse 1 "FIFO" rates --out od/lfifo --force
refuse 1 "directory" evolve body --initial A --points 3 --out od/ldir --force
refuse 1 "FIFO" sweep baths --vary T1=1,2 --out od/fifo --force
refuse 1 "directory" sweep baths --vary T1=1,2 --out od/dir --force
refuse 1 "exists" baths --out od/file.txt
[ "$(cat od/file.txt)" = keep ] && ok || bad "od/file.txt was modified"
refuse 1 "Not a directory" baths --out od/file.txt/x
refuse 1 "no/such" baths --out od/no/such/x.json
# a symbolic link that points nowhere exists: not replaced without --force
refuse 1 "od/dangling" baths --out od/dangling
[ -L od/dangling ] && ok || bad "neqent baths --out od/dangling replaced the symbolic link without --force"
rm -f od/dangling
ln -s nowhere/x od/dangling
only od "refused --out runs" dir fifo lfifo ldir file.txt dangling
# a 250-character file name is valid: the temporary name must fit too
name=$(printf 'n%.0s' $(seq 246)).txt
run baths --out "od/$name"
[ $rc -eq 0 ] && [ -s "od/$name" ] && ok || bad "neqent baths --out od/<250-character name> -> rc=$rc: $(errline)"
rm -f "od/$name"
[ -p od/fifo ] && [ -d od/dir ] && ok || bad "a FIFO or directory was replaced"
if [ "$(id -u)" = 0 ]; then
  refuse 1 "device" baths --out /dev/null --force
  refuse 1 "device" sweep baths --vary T1=1,2 --out /dev/null --force
  [ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
  ls -A /dev | grep -q '^null\.' && bad "temporary file left in /dev" || ok
fi
# Ctrl-C during a write leaves no temporary file
mkdir ev
cd ev || exit 1
interrupt INT '.neqent-*.tmp' evolve body --initial A --points 1000000 --out ev.csv
cd "$tmp" || exit 1
[ $rc -ne 0 ] && ok || bad "interrupted evolve: rc=$rc"
only ev "neqent evolve ... --out ev.csv interrupted by SIGINT"

# -------------------------------------------------------- figure outputs
mkdir f1 f2 f3 f4
touch f1/quiroga-fig2-numbers.csv
refuse 1 "exists" figure quiroga-fig2 --out-dir f1
only f1 "figure refused for an existing quiroga-fig2-numbers.csv (no half-written set)" quiroga-fig2-numbers.csv
touch f2/quiroga-fig2.png
refuse 1 "exists" figure quiroga-fig2 --out-dir f2
only f2 "figure refused for an existing quiroga-fig2.png (no half-written set)" quiroga-fig2.png
mkdir f3/quiroga-fig2.svg
refuse 1 "directory" figure quiroga-fig2 --out-dir f3 --force
only f3 "figure --force refused for a directory quiroga-fig2.svg (no half-written set)" quiroga-fig2.svg
mkfifo f4/quiroga-fig2.csv
refuse 1 "FIFO" figure quiroga-fig2 --out-dir f4 --force
only f4 "figure --force refused for a FIFO quiroga-fig2.csv" quiroga-fig2.csv
refuse 1 "not a directory" figure quiroga-fig2 --out-dir od/file.txt
refuse 2 "unknown figure 'bogus'" figure bogus
refuse 2 "threads = 0" figure quiroga-fig2 --threads 0
# no gnuplot, or one that fails or writes nothing: refused before or after
# the computation, and no file of the figure is left (tables, numbers, plots,
# temporary directory)
mkdir f5 f6 f7 nogp badgp emptygp
RUN_PATH="$tmp/nogp" refuse 1 "gnuplot is not installed" figure quiroga-fig2 --out-dir f5
only f5 "figure without gnuplot"
RUN_PATH="$tmp/nogp" accept figure quiroga-fig2 --out-dir f5 --no-plot
printf '#!/bin/sh\ncat >/dev/null\necho "line 3: error: cannot plot" >&2\nexit 1\n' >badgp/gnuplot
printf '#!/bin/sh\ncat >/dev/null\nexit 0\n' >emptygp/gnuplot
chmod +x badgp/gnuplot emptygp/gnuplot
RUN_PATH="$tmp/badgp:$PATH" refuse 1 "gnuplot failed: line 3: error: cannot plot" figure quiroga-fig2 --out-dir f6
only f6 "figure whose gnuplot fails"
RUN_PATH="$tmp/emptygp:$PATH" refuse 1 "gnuplot wrote no png output" figure quiroga-fig2 --out-dir f7
only f7 "figure whose gnuplot writes nothing"
RUN_PATH="$tmp/badgp:$PATH" refuse 1 "gnuplot failed" plot in/ok.csv --x a --y b --out f7/p
only f7 "plot whose gnuplot fails"
# a file that appears while the figure is drawn (here: made by a gnuplot
# that otherwise works) is neither replaced nor joined by the figure's others
mkdir f8 racegp
printf '#!/bin/sh\ncat >/dev/null\necho theirs >../quiroga-fig2.csv\nfor e in png svg pdf; do echo x >plot.$e; done\n' >racegp/gnuplot
chmod +x racegp/gnuplot
RUN_PATH="$tmp/racegp:$PATH" refuse 1 "quiroga-fig2.csv' exists" figure quiroga-fig2 --out-dir f8
only f8 "figure with a file appearing meanwhile" quiroga-fig2.csv
[ "$(cat f8/quiroga-fig2.csv)" = theirs ] && ok || bad "figure replaced a file that appeared during the run"
# a failing point of a sweep is reported as itself (not as a write error),
# with its status (EDIVERGE: bad input, 2), and leaves no .partial
refuse 2 "point 2 (eps1 = 0 E): local master equation: eps1 = 0" sweep baths --me local --vary eps1=0.5,0,0.25 --out f8/s.csv
only f8 "a sweep with a failing point" quiroga-fig2.csv

# -------------------------------------------- no user string reaches a shell
mkdir inj
cd inj || exit 1
for d in "x';touch PWNED;'" "y\";touch PWNED;\"" 'z`touch PWNED`$(touch PWNED)' $'n\nsystem "touch PWNED"\n' \
  "a';system('touch $tmp/PWNED');'" "b'.system('touch PWNED').'"; do
  run figure quiroga-fig2 --out-dir "$d"
  nopwned "$(show figure quiroga-fig2 --out-dir "$d")"
  if [ $rc -eq 0 ]; then
    [ -s "$d/quiroga-fig2.csv" ] && ok || bad "$(show figure quiroga-fig2 --out-dir "$d"): rc=0 but no literal directory"
  else
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && ! sanitizer && ok || bad "$(show figure --out-dir "$d") -> rc=$rc: $(errline)"
  fi
done
# a successful run's status line carries no raw control byte of the user's
run figure quiroga-fig2 --no-plot --out-dir $'esc\e]2;title\a'
[ $rc -eq 0 ] && clean_err && [ "$(wc -l <"$tmp/err")" -le 1 ] && ok ||
  bad "neqent figure quiroga-fig2 --out-dir \$'esc\\e]2;title\\a' -> rc=$rc, raw control bytes on stderr: $(errline)"
run figure quiroga-fig2 --no-plot --out-dir $'nl\nx'
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/err")" -le 1 ] && ok ||
  bad "neqent figure quiroga-fig2 --out-dir \$'nl\\nx' -> rc=$rc, stderr is $(wc -l <"$tmp/err") lines: $(errline)"
mkdir "y';touch PWNED;'"
run plot ../in/ok.csv --x a --y b --out "y';touch PWNED;'/base"
nopwned "$(show plot FILE --x a --y b --out "y';touch PWNED;'/base")"
[ $rc -eq 0 ] && [ -s "y';touch PWNED;'/base.png" ] && ok || bad "plot --out \"y';touch PWNED;'/base\" -> rc=$rc: $(errline)"
refuse 1 "No such file" plot ../in/ok.csv --x a --y b --out "w';touch PWNED;'/base"
nopwned "plot --out into a missing directory"
# column names and comments with quotes, backquotes, macros, newlines
i=0
for col in "b'; system('touch PWNED'); '" 'b`touch PWNED`' $'b\nsystem "touch PWNED"\n' \
  "b\"; system(\"touch PWNED\"); \"" '@b' 'b\' "b' . system('touch PWNED') . '" \
  'b%s%n%s%n' 'b%.400g%%%'; do  # printf conversions in a legend: text, never a format
  i=$((i + 1))
  q=${col//\"/\"\"}
  printf '# neqent test%s\n"a","%s","g%s"\n1,2,1\n2,3,1\n3,5,2\n4,6,2\n' "${col//$'\n'/ }" "$q" "$q" >"c$i.csv"
  run plot "c$i.csv" --x a --y "$col" --group "g$col"
  nopwned "$(show plot "c$i.csv" --x a --y "$col")"
  [ $rc -eq 0 ] && [ -s "c$i.png" ] && ok || bad "$(show plot "c$i.csv" --x a --y "$col" --group "g$col") -> rc=$rc: $(errline)"
  # the legend is the column's name as written (printf conversions included)
  case "$col" in *%*) grep -qF "g$col = 1" "c$i.svg" && ok || bad "legend of --group 'g$col' not drawn literally" ;; esac
  run plot "c$i.csv" --x a --y "$col" --z "g$col" --out "m$i"
  nopwned "$(show plot "c$i.csv" --x a --y "$col" --z "g$col")"
  ! sanitizer && [ $rc -le 2 ] && ok || bad "$(show plot "c$i.csv" --z ...) -> rc=$rc"
done
cd "$tmp" || exit 1

# ---------------------------------------------------------------- sweeps
# grids that cannot fit are refused before anything is computed or written
refuse 2 "100000000 points" sweep baths --vary T1=0.1:1:100000 --vary T2=0.1:1:100000 --vary K=1:2:100000 --out o/s.csv
refuse 2 "whole number" sweep baths --vary T1=0.1:1:1000000000 --out o/s.csv
refuse 2 "whole number" sweep baths --vary T1=0.1:1:99999999999999999999999 --out o/s.csv
refuse - "memory" sweep body --vary TM=100,200 --vary z2=0.5um:2um:50000000 --quiet --out o/s.csv
only o "sweeps too large for memory"
if [ "$(id -u)" = 0 ] && mkdir small && mount -t tmpfs -o size=1m tmpfs small 2>/dev/null; then
  trap 'umount "$tmp/small" 2>/dev/null; rm -rf "$tmp"' EXIT
  refuse 1 "but 'small' has" sweep baths --vary T1=0.1:1:100 --vary T2=0.1:1:100 --quiet --out small/g.csv
  only small "a sweep too large for the disk"
  umount small
fi
# long lists
many=$(printf 'concurrence,%.0s' $(seq 500))
refuse 2 "concurrence" sweep baths --vary T1=1,2 --quantities "${many%,}" --out o/s.csv
many=$(for i in $(seq 500); do printf 'q%d,' "$i"; done)
refuse 2 "'q1'" sweep baths --vary T1=1,2 --quantities "${many%,}" --out o/s.csv
refuse 2 "'xxxxxxxxxx" sweep body --vary TM=1,2 --quantities "$(printf 'x%.0s' $(seq 100000))" --out o/s.csv
refuse 2 "rho is a matrix" sweep baths --vary T1=1,2 --quantities rho --out o/s.csv
v=()
for i in $(seq 50); do v+=(--vary "T1=1,$((i + 1))"); done
refuse 2 "T1 is varied twice" sweep baths "${v[@]}" --out o/s.csv
v=()
for i in $(seq 50); do v+=(--vary "p$i=1,2"); done
refuse 2 "'p1'" sweep baths "${v[@]}" --out o/s.csv
v=()
for p in eps1=0.31,0.37 eps2=0.52,0.58 K=0.9,1.1 Kp=-0.1,0.1 T1=1.2,1.5 T2=0.4,0.5 gamma1=0.8,1 gamma2=0.9,1.2 cutoff=8,10; do
  v+=(--vary "$p")
done
run sweep baths "${v[@]}" --quiet --out o/all.csv
[ $rc -eq 0 ] && [ "$(grep -vc '^#' o/all.csv)" -eq 513 ] && ! has_nonfinite o/all.csv && ok || bad "nine axes: rc=$rc $(errline)"
rm -f o/all.csv
refuse 2 "T1" sweep baths --vary T1=0.1:1:3 --T1 5 --out o/s.csv
rm -f o/s.csv
refuse 2 "me" sweep baths --vary me=global,local --out o/s.csv
refuse 2 "log range needs START, STOP > 0" sweep baths --vary K=-1:1:5:log --out o/s.csv
# a log range whose end ratio is 1e306 (computed in log space)
run sweep baths --vary T2=1e-300:1e6:3:log --quiet --out o/log.csv
[ $rc -eq 0 ] && ! has_nonfinite o/log.csv && ok || bad "neqent sweep baths --vary T2=1e-300:1e6:3:log -> rc=$rc: $(errline)"
refuse 2 "TM = 1e+160 K must be <= 1e+09" sweep body --vary TM=1e-160:1e160:3:log --quiet --out o/log.csv
rm -f o/log.csv
# a failing point names itself and leaves no .partial
refuse 2 "K = 1e+300 E must be <= 1e+06" sweep baths --vary T1=0.5:2:300 --vary K=1,1e300 --out o/s.csv
only o "failed sweeps"
# existing .partial and resume
mkdir rs rs/ref
sargs=(sweep baths --vary T1=0.1:2:50 --vary T2=0.1:2:40 --quiet)
(cd rs/ref && "$BIN" "${sargs[@]}" --out c.csv) || bad "reference sweep"
hl=$(grep -c '^#' rs/ref/c.csv)
head -n $((hl + 1 + 100)) rs/ref/c.csv >rs/base.partial
last=$(tail -1 rs/base.partial)
cd rs || exit 1
# resume_case WHAT: c.csv.partial prepared; the resume must be refused and keep nothing
resume_refused() {
  note="partial with $1"
  refuse - "$2" "${sargs[@]}" --resume --out c.csv
  note=""
  [ ! -e c.csv ] && ok || bad "--resume with $1 wrote c.csv (the tampered rows were kept)"
  rm -f c.csv c.csv.partial
}
cp base.partial c.csv.partial
run "${sargs[@]}" --resume --out c.csv
[ $rc -eq 0 ] && cmp -s c.csv ref/c.csv && ok || bad "clean resume differs from the uninterrupted run"
rm -f c.csv
{ cat base.partial; echo 'garbage,row,here'; } >c.csv.partial
resume_refused "a garbage row" "garbage"
{ head -n $((hl + 51)) base.partial; echo xx; tail -n 50 base.partial; } >c.csv.partial
resume_refused "a garbage row in the middle" "xx"
{ cat base.partial; tail -1 base.partial; } >c.csv.partial
resume_refused "a repeated row" "row 101"
{ cat ref/c.csv; tail -1 ref/c.csv; } >c.csv.partial
resume_refused "an extra row after the last point" "more rows"
(cd ref && "$BIN" sweep baths --vary T1=0.1:2:50 --vary T2=0.1:3:40 --quiet --out o2.csv)
{ cat base.partial; grep -v '^#' ref/o2.csv | sed -n 102p; } >c.csv.partial
resume_refused "a row of another grid" "row 101"
head -n $((hl + 1 + 100)) ref/o2.csv >c.csv.partial
resume_refused "the partial file of another grid" "different"
{ cat base.partial; echo; } >c.csv.partial
resume_refused "a blank line" "row 101"
{ head -n -1 base.partial; echo "$last  "; } >c.csv.partial
resume_refused "trailing spaces in a row" "row 100"
{ head -n -1 base.partial; echo "\"${last%%,*}\",${last#*,}"; } >c.csv.partial
resume_refused "a quoted field" "row 100"
{ head -n -1 base.partial; echo "0.33333333333333331,${last#*,}"; } >c.csv.partial
resume_refused "a parameter spelled differently" "row 100"
{ head -n -1 base.partial; echo "$last" | sed 's/,[^,]*,\([^,]*\)$/,,\1/'; } >c.csv.partial
resume_refused "an emptied quantity" "row 100"
{ head -n -1 base.partial; echo "$last" | awk -F, -v OFS=, '{$10 = "5"; print}'; } >c.csv.partial
resume_refused "a concurrence of 5" "row 100"
{ head -n -1 base.partial; echo "$last" | sed 's/,[^,]*,\([^,]*\)$/,nan,\1/'; } >c.csv.partial
resume_refused "a NaN quantity" "nan"
sed 's/$/\r/' base.partial >c.csv.partial
resume_refused "CRLF line ends" "c.csv.partial"
head -c 5000 /dev/urandom >c.csv.partial
resume_refused "a binary file" "c.csv.partial"
mkdir c.csv.partial
refuse 1 "c.csv.partial" "${sargs[@]}" --resume --out c.csv
rmdir c.csv.partial
# a link named c.csv.partial is never followed, with or without --force or
# --resume: the file it points to stays as it was
cp base.partial victim
ln -s victim c.csv.partial
for extra in "" --force --resume; do
  refuse 1 "'c.csv.partial' is a symbolic link" "${sargs[@]}" $extra --out c.csv
  cmp -s victim base.partial && [ -L c.csv.partial ] && [ ! -e c.csv ] && ok || bad "sweep $extra through a link c.csv.partial changed its target"
done
ln -sf /nonexistent/x c.csv.partial
refuse 1 "'c.csv.partial' is a symbolic link" "${sargs[@]}" --force --out c.csv
rm -f c.csv.partial victim
cp base.partial c.csv.partial
refuse 1 "--resume" "${sargs[@]}" --out c.csv
cmp -s c.csv.partial base.partial && ok || bad "a refused sweep modified the existing .partial"
rm -f c.csv.partial
# SIGINT, then --resume: byte for byte the uninterrupted file
iargs=(sweep baths --vary T1=0.05:3:200 --vary T2=0.05:3:150 --quiet)
mkdir iref
(cd iref && "$BIN" "${iargs[@]}" --out i.csv) || bad "reference for the interrupt"
"$BIN" "${iargs[@]}" --threads 1 --out i.csv 2>/dev/null &
pid=$!
for i in $(seq 400); do
  n=$(grep -vc '^#' i.csv.partial 2>/dev/null)
  [ "${n:-0}" -gt 1 ] && break
  sleep 0.02
done
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] && [ -s i.csv.partial ] && [ ! -e i.csv ] && ok || bad "sweep interrupted: rc=$rc"
TMO=120 run "${iargs[@]}" --resume --out i.csv # a whole sweep: slow under ASan
[ $rc -eq 0 ] && cmp -s i.csv iref/i.csv && ok || bad "interrupted then resumed sweep differs from the uninterrupted one (rc=$rc)"
only . "after the resume tests" base.partial iref i.csv ref
cd "$tmp" || exit 1

# ------------------------------------------------------------------ plot
mkdir pl pl/dd
cd pl || exit 1
head -c 4000 /dev/urandom >bin.csv
printf '1,2\n2,3\n3,4\n' >nohdr.csv
printf '{"a": 1, "b": 2}\n' >j.json
: >empty.csv
printf 'a,b\n' >hdr.csv
printf 'a,b\n1,nan\n2,3\n' >nan.csv
printf 'a,b\n1,inf\n2,3\n' >inf.csv
printf 'a,b\n1,1e400\n2,3\n' >big.csv
printf 'a,b\n1,0x1p3\n2,3\n3,4\n' >hex.csv
printf 'a,J1\n1,\n2,\n3,\n' >missing.csv
printf 'a,b\n1,2,3\n2,3\n' >wide.csv
"$BIN" baths --json >b.json
refuse 2 "pl/dd" plot "$tmp/pl/dd" --x a --y b
refuse 2 "bin.csv" plot bin.csv --x a --y b
refuse 2 "no header line" plot nohdr.csv --x a --y b
refuse 2 "header" plot nohdr.csv --x 1 --y 2
refuse 2 "j.json" plot j.json --x a --y b
refuse 2 "b.json" plot b.json --x concurrence --y purity
refuse 2 "empty.csv" plot empty.csv --x a --y b
refuse 2 "hdr.csv" plot hdr.csv --x a --y b
refuse 2 "'nan'" plot nan.csv --x a --y b
refuse 2 "'inf'" plot inf.csv --x a --y b
refuse 2 "'1e400'" plot big.csv --x a --y b
refuse 2 "'0x1p3'" plot hex.csv --x a --y b
# a continuous column as --group: refused (one curve per row is no plot), and
# empty fields (missing values) form one group, labelled as missing
mkdir grp
{ echo 'x,y,g'; for i in $(seq 100); do echo "$i,$((i * i)),$i.5"; done; } >grp/c.csv
refuse 2 "--group column 'g' has 100 distinct values: at most 64" plot grp/c.csv --x x --y y --group g
{ echo 'x,y,g'; for i in $(seq 100); do echo "$i,$((i * i)),"; done; echo '101,1,1'; } >grp/n.csv
run plot grp/n.csv --x x --y y --group g
legends=$(grep -o 'g = [^<]*' grp/n.svg 2>/dev/null | sort -u | tr '\n' '|')
[ $rc -eq 0 ] && [ "$legends" = "g = 1|g = missing|" ] && ok || bad "plot --group with empty fields: rc=$rc, legends '$legends' (expected 'g = 1' and 'g = missing')"
rm -r grp
refuse 2 "J1" plot missing.csv --x a --y J1
refuse 2 "wide.csv:2" plot wide.csv --x a --y b
refuse 2 "/dev/null" plot /dev/null --x a --y b
refuse 2 "nonexistent.csv" plot nonexistent.csv --x a --y b
TMO=$FIFO_T refuse 2 "in/fifo" plot "$tmp/in/fifo" --x a --y b
cp "$tmp/in/ok.csv" ok.csv
mkdir ok.svg
refuse 1 "directory" plot ok.csv --x a --y b --force
only . "refused plots (no plot, no .neqent-plot-* left)" bin.csv nohdr.csv j.json empty.csv hdr.csv nan.csv inf.csv \
  big.csv hex.csv missing.csv wide.csv b.json dd ok.csv ok.svg \
  $(ls nohdr.png nohdr.svg nohdr.pdf hex.png hex.svg hex.pdf 2>/dev/null)
# Ctrl-C while gnuplot draws leaves no temporary plot
mkdir int
awk 'BEGIN { print "x,y,z"; for (i = 0; i < 300; i++) for (j = 0; j < 300; j++) print i "," j "," (i * j) % 17 }' >int/map.csv
cd int || exit 1
interrupt INT '.neqent-plot-*' plot map.csv --x x --y y --z z
cd .. || exit 1
only int "neqent plot interrupted by SIGINT while gnuplot draws" map.csv \
  $([ -e int/map.png ] && [ -e int/map.svg ] && [ -e int/map.pdf ] && echo map.png map.svg map.pdf)
cd "$tmp" || exit 1

nopwned "the whole run"
finish
