# Helpers shared by the CLI tests, sourced after each sets `work` (its scratch directory).
# fail <message>: report and stop.
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect <exit code> <text the stderr must contain> -- command...
expect() {
  local code="$1" text="$2"
  shift 3
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  set -e
  [[ $got == "$code" ]] || fail "exit $got (wanted $code): $* ; stderr: $(cat "$work/err")"
  grep -qF -- "$text" "$work/err" || fail "stderr of $* lacks '$text': $(cat "$work/err")"
}

# expect_output <exit code> <text stdout+stderr must contain> -- command... (verifiers print
# "invalid: <reason>" on stdout).
expect_output() {
  local code="$1" text="$2"
  shift 3
  set +e
  "$@" >"$work/out" 2>&1
  local got=$?
  set -e
  [[ $got == "$code" ]] || fail "exit $got (wanted $code): $* ; output: $(cat "$work/out")"
  grep -qF -- "$text" "$work/out" || fail "output of $* lacks '$text': $(cat "$work/out")"
}
