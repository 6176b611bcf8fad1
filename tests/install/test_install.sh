#!/bin/bash
# What a user of an installed neqent does: install the build into a
# temporary prefix, build every examples/*.c with the flags pkg-config gives
# and run it, build one example as a CMake project using find_package(neqent),
# and run the installed program.  Every program must exit 0.
# usage: test_install.sh BUILD_DIR [C_COMPILER]
set -u
build="$(cd "$1" && pwd)"
cc="${2:-cc}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
  echo "$pass passed, $fail failed"
  [ $fail -eq 0 ]
}

prefix="$tmp/prefix"
if cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then ok; else
  bad "cmake --install: $(tail -5 "$tmp/install.log")"
  finish
  exit
fi

# the files a user looks for
pc=$(find "$prefix" -path '*/pkgconfig/neqent.pc' | head -1)
[ -n "$pc" ] && ok || bad "no lib*/pkgconfig/neqent.pc under the prefix"
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
for f in "$libdir/libneqent.so" "$libdir/libneqent.so.0" "$prefix/include/neqent/neqent.h" \
  "$prefix/include/neqent/common.h" "$prefix/include/neqent/version.h" \
  "$libdir/cmake/neqent/neqentConfig.cmake" "$libdir/cmake/neqent/neqentConfigVersion.cmake" \
  "$prefix/bin/neqent" "$prefix/share/man/man1/neqent.1"; do
  [ -e "$f" ] && ok || bad "not installed: ${f#"$prefix"/}"
done
# every public header of the source tree is installed
for h in "$root"/include/neqent/*.h; do
  [ -e "$prefix/include/neqent/$(basename "$h")" ] && ok || bad "header $(basename "$h") not installed"
done

# the installed program runs without LD_LIBRARY_PATH (RUNPATH) and agrees
# with pkg-config on the version
version=$(PKG_CONFIG_PATH="$pcdir" pkg-config --modversion neqent)
"$prefix/bin/neqent" --version >"$tmp/v.txt" 2>&1 && [ "$(cat "$tmp/v.txt")" = "neqent $version" ] && ok ||
  bad "installed neqent --version: '$(cat "$tmp/v.txt")', pkg-config says $version"

# every example, as a user builds it: only the flags of pkg-config (the
# installed headers and library, not the source tree's)
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs neqent) || bad "pkg-config --cflags --libs neqent"
nex=0
for src in "$root"/examples/*.c; do
  name=$(basename "$src" .c)
  nex=$((nex + 1))
  # shellcheck disable=SC2086  # flags is a list of words
  if "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror "$src" $flags -o "$tmp/$name" 2>"$tmp/$name.err"; then
    ok
    if env LD_LIBRARY_PATH="$libdir" OPENBLAS_NUM_THREADS=1 "$tmp/$name" >"$tmp/$name.out" 2>&1; then ok; else
      bad "examples/$name.c exits $?: $(tail -3 "$tmp/$name.out")"
    fi
  else
    bad "examples/$name.c does not compile with pkg-config's flags ($flags): $(head -5 "$tmp/$name.err")"
  fi
done
[ $nex -ge 2 ] && ok || bad "expected at least two examples, found $nex"

# a CMake project using find_package(neqent) and the target neqent::neqent
mkdir -p "$tmp/consumer"
cat >"$tmp/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(neqent_consumer C)
find_package(neqent REQUIRED)
add_executable(baths_steady "$root/examples/baths_steady.c")
target_link_libraries(baths_steady PRIVATE neqent::neqent)
CMAKE
if cmake -S "$tmp/consumer" -B "$tmp/consumer/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" >"$tmp/consumer.log" 2>&1 &&
  cmake --build "$tmp/consumer/build" >>"$tmp/consumer.log" 2>&1; then
  ok
  # CMake gives the program an RPATH to the imported library: no LD_LIBRARY_PATH
  if env OPENBLAS_NUM_THREADS=1 "$tmp/consumer/build/baths_steady" >"$tmp/consumer.out" 2>&1; then ok; else
    bad "find_package consumer exits $?: $(tail -3 "$tmp/consumer.out")"
  fi
else
  bad "find_package(neqent) consumer does not build: $(tail -10 "$tmp/consumer.log")"
fi
# the Python package as README says: pip install ./python (here in a venv
# that sees Debian's numpy and cffi; nothing is fetched), found through
# pkg-config, then used from outside the source tree.  From a copy: pip
# builds in place, and a python/build left by an earlier run would link the
# extension against that run's (deleted) prefix.
cp -r "$root/python" "$tmp/pysrc" && rm -rf "$tmp/pysrc/build" "$tmp"/pysrc/*.egg-info
if /usr/bin/python3 -m venv --system-site-packages "$tmp/venv" >"$tmp/venv.log" 2>&1 &&
  (cd "$tmp" && PKG_CONFIG_PATH="$pcdir" "$tmp/venv/bin/pip" install --no-index ./pysrc) \
    >>"$tmp/venv.log" 2>&1; then
  ok
  out=$(cd "$tmp" && "$tmp/venv/bin/python" -c 'import neqent; print(neqent.baths().concurrence)' 2>&1)
  want=$("$prefix/bin/neqent" baths --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["concurrence"])')
  [ "$out" = "$want" ] && ok || bad "the installed Python package: $out, the program: $want"
else
  bad "pip install ./python: $(tail -5 "$tmp/venv.log")"
fi
finish
