#!/bin/bash
# Builds the parser fuzz target with clang's libFuzzer (+ ASan/UBSan) and runs
# it briefly from a seed corpus.  usage: run.sh BUILD_DIR [RUNS]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
build="$(cd "$1" && pwd)"
runs="${2:-30000}"
out="$build/fuzz"
mkdir -p "$out/corpus"
cli=$(ls "$root"/src/cli/*.c | grep -v '/main.c$')
# shellcheck disable=SC2086
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -I"$root/include" -I"$build/include" \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  "$here/fuzz_parsers.c" $cli \
  -L"$build" -Wl,-rpath,"$build" -lneqent -linih -lcjson -lcsv -lm -o "$out/fuzz_parsers"
# seeds: the first byte b picks the model (b % 3), the parameter (b / 3 % n)
# and the parser (b / 36: text, range, config, material, state, csv, axis or
# quantities, resume)
printf '\x04300K' >"$out/corpus/temperature"
printf '\x071um' >"$out/corpus/length"
printf '\x1a1,0,0;0,1,0' >"$out/corpus/vector"
printf '\x310.1:3:20' >"$out/corpus/range"
printf '\x341um,2nm,3pm:log' >"$out/corpus/list"
printf '\x61[body]\nz2 = 2um\nvary = TM=300:1500:5\nshifts = true\n' >"$out/corpus/config"
printf '\x6cdl:6.7,1.827e14,1.495e14,0.9e12' >"$out/corpus/material"
printf '\x6d# neqent-table x=omega y=eps\n4e13 1 0.1\n5e13 2 0.2\n6e13 3 0.3\n' >"$out/corpus/table"
printf '\x900.25 0 0 0\n0 0.25 0 0\n0 0 0.25 0\n0 0 0 0.25\n' >"$out/corpus/state"
printf '\xb4# c\nx[m],y[1]\n1,2\n3,\n' >"$out/corpus/csv"
printf '\xd8T1=1:2:3;T2=1:0.5:3' >"$out/corpus/axis"
printf '\xd9concurrence,J1,purity' >"$out/corpus/quantities"
printf '\xfc0.3333333333333333,0.3333333333333333,1,0,1,0.5,1,1,10,0.05,0.1\n' >"$out/corpus/resume"
# -close_fd_mask=2: the parsers' error lines are silenced, libFuzzer's own
# report is kept; a crash leaves its input as $out/crash-*
"$out/fuzz_parsers" -runs="$runs" -max_len=256 -close_fd_mask=2 -artifact_prefix="$out/" \
  "$out/corpus" 2>"$out/log.txt" || {
  tail -40 "$out/log.txt"
  exit 1
}
rm -rf /tmp/neqent-fuzz-*.txt /tmp/neqent-fuzz-resume-*
tail -1 "$out/log.txt"
echo "1 passed, 0 failed"
