# Shared helpers for the CLI tests (sourced, not run): counters, a temporary
# directory removed on exit, and expect_error.
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" # tests may cd
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_error "what" ARGS... : non-zero exit, exactly one stderr line that
# contains "what", nothing on stdout
expect_error() {
  local what="$1"; shift
  "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q -- "$what" "$tmp/err"; then
    ok
  else
    bad "neqent $* -> rc=$rc, stderr: $(cat "$tmp/err") (expected one line naming '$what')"
  fi
}

finish() {
  echo "$pass passed, $fail failed"
  [ $fail -eq 0 ]
}
