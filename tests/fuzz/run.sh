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
extra=()
clang -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -I"$root/include" -I"$build/include" \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  "$here/fuzz_parsers.c" "$root/src/cli/cli.c" "$root/src/cli/range.c" \
  -L"$build" -Wl,-rpath,"$build" "${extra[@]}" -lneqent -linih -lm -o "$out/fuzz_parsers"
# seeds: first byte chooses the parser (0: range, 4: number, 8: config)
printf '\x000.1:3:20' >"$out/corpus/range"
printf '\x011um,2nm,3pm' >"$out/corpus/list"
printf '\x034.5e13rad/s:7THz:5:log' >"$out/corpus/freq"
printf '\x051.3e5um' >"$out/corpus/unit"
printf '\x08[sec]\na = 1e3\nb = 2um\ns = text\nf = true\n' >"$out/corpus/config"
# -close_fd_mask=2: the parsers' error lines are silenced, libFuzzer's own
# report is kept; a crash leaves its input as $out/crash-*
"$out/fuzz_parsers" -runs="$runs" -max_len=256 -close_fd_mask=2 -artifact_prefix="$out/" \
  "$out/corpus" 2>"$out/log.txt" || {
  tail -40 "$out/log.txt"
  exit 1
}
tail -1 "$out/log.txt"
echo "1 passed, 0 failed"
