#!/usr/bin/env bash
# The sqlmap check can still fail: the targets and the judge of
# tests/sqlmap.sh (tests/sqlmap/lib.sh, judge.py), pointed at a toy server
# (tests/sqlmap/toy.py, never part of the product) with the shapes of three
# real targets, in two copies:
#
#   /safe/...  bound parameters: every target must pass;
#   /vuln/...  SQL built by concatenation: each target must fail, and for
#              its own reason:
#     verify      a blind injection in X-API-Key (errors swallowed into a
#                 401): "injection confirmed", and no 5xx or error text
#     api-login   the SQLite error message in the 401 body: "SQL error text"
#     admin-keys  injectable filters, errors as 500 pages: "injection
#                 confirmed" and "5xx"
#
# Also the judge alone on recorded sqlmap transcripts (tests/sqlmap/cases/):
# a heuristic positive that sqlmap disproves in the same run passes, the
# rest fail. To stay within a minute or two the toy is scanned with the
# boolean, error and UNION techniques only (SQLMAP_SELFTEST_TECHNIQUE, BEU);
# the real scan keeps all of them. SQLMAP_SELFTEST_BUDGET: seconds a toy
# scan may take (120). Prints "sqlmap self-test: passed" or the
# expectations that were not met.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/sqlmap/lib.sh

command -v sqlmap >/dev/null || { echo "sqlmap self-test: sqlmap not installed (scripts/deps.sh --test)" >&2; exit 1; }

budget=${SQLMAP_SELFTEST_BUDGET:-120}
work=$(mktemp -d /tmp/lk-sqlmap-selftest.XXXXXX)
problems=()
toy_pid=
cleanup() {
	if [[ -n "$toy_pid" ]]; then
		kill -TERM "$toy_pid" 2>/dev/null || true
		wait "$toy_pid" 2>/dev/null || true
	fi
	((${#problems[@]})) || [[ -n "${LATCHKEY_KEEP_VAR:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The judge on recorded transcripts. Each case is NAME.out (sqlmap's
# output) with an optional NAME.traffic; its first line says what the
# judge must answer: "# expect: pass" or "# expect: fail: REASON"; a line
# "# args: ..." gives the judge more arguments (as a target would).
for case in tests/sqlmap/cases/*.out; do
	name=$(basename "$case" .out)
	expect=$(sed -n '1s/^# expect: //p' "$case")
	traffic=${case%.out}.traffic
	[[ -f "$traffic" ]] || traffic=/dev/null
	read -ra judge_args <<<"$(sed -n 's/^# args: //p' "$case")"
	got=$(python3 tests/sqlmap/judge.py --name "$name" --out "$case" --traffic "$traffic" \
		"${judge_args[@]}" 2>&1) && rc=0 || rc=$?
	case "$expect" in
	pass) ((rc == 0)) || problems+=("judge case $name: expected a pass, got: $got") ;;
	fail:*)
		reason=${expect#fail: }
		if ((rc != 1)) || ! grep -qF -- "$reason" <<<"$got"; then
			problems+=("judge case $name: expected a failure with \"$reason\", got: $got")
		fi ;;
	*) problems+=("judge case $name: no \"# expect:\" line") ;;
	esac
done
printf 'sqlmap self-test: judge on %d recorded transcripts\n' "$(ls tests/sqlmap/cases/*.out | wc -l)"

# 2. The toy. It binds a port the kernel picks and says which.
python3 tests/sqlmap/toy.py >"$work/toy.log" 2>&1 &
toy_pid=$!
for ((i = 0; i < 100; i++)); do
	grep -q '^toy listening on ' "$work/toy.log" && break
	sleep 0.1
done
port=$(sed -n 's/^toy listening on //p' "$work/toy.log")
[[ -n "$port" ]] || { cat "$work/toy.log" >&2; echo "sqlmap self-test: the toy did not start" >&2; exit 1; }

email=admin@example.com
probe=probe@example.com
key=sk_test_T0yT0yT0yT0yT0yT0yT0yT0yT0yT0yabQ1w2E3
key_id=key_toy0000sqlmap1
user_id=usr_toy0000000admin
csrf=toy session=toy leaked=$key
extra=(--technique="${SQLMAP_SELFTEST_TECHNIQUE:-BEU}")

# expect MODE TARGET pass|fail [REASON...] [!REASON...]: scan, and check
# the judge's answer (a REASON must be in its FAILED line, a !REASON not).
expect() {
	local mode=$1 t=$2 want=$3 out rc=0 r
	shift 3
	base=http://127.0.0.1:$port/$mode
	out=$(sqlmap_scan "$t") || rc=$?
	printf '%s\n' "$out" | grep -v '^        (output: ' | sed "s/^sqlmap: /sqlmap: $mode /"
	if [[ $want == pass ]]; then
		((rc == 0)) || problems+=("$mode $t: expected a pass")
		return
	fi
	((rc != 0)) || { problems+=("$mode $t: expected a failure, the judge passed it"); return; }
	local failed_line
	failed_line=$(grep 'FAILED:' <<<"$out" || true)
	for r in "$@"; do
		if [[ $r == '!'* ]]; then
			! grep -qF -- "${r#!}" <<<"$failed_line" ||
				problems+=("$mode $t: failed for \"${r#!}\", which it must not")
		else
			grep -qF -- "$r" <<<"$failed_line" ||
				problems+=("$mode $t: expected \"$r\" among the reasons")
		fi
	done
}

start=$SECONDS
for t in verify api-login admin-keys; do
	expect safe "$t" pass
done
expect vuln verify fail 'injection confirmed' '!5xx' '!SQL error text'
expect vuln api-login fail 'SQL error text' '!5xx'
expect vuln admin-keys fail 'injection confirmed' '5xx'
printf 'sqlmap self-test: toy scans %ds\n' $((SECONDS - start))

if ((${#problems[@]})); then
	printf 'sqlmap self-test: FAILED (output in %s):\n' "$work"
	printf '    %s\n' "${problems[@]}"
	exit 1
fi
echo "sqlmap self-test: passed (the check passes the safe toy and catches each injection)"
