#!/usr/bin/env bash
# make test: the build, lint, unit tests (plain and under ASan+UBSan),
# golden CGI tests, a fuzzing smoke run, end-to-end tests through lighttpd
# and Apache with a headless browser, the servers under valgrind, the
# sqlmap check's self-test and the sqlmap scan. Every step runs even after
# a failure (but nothing runs without a build); the end is a table of each
# step's wall time and result, and the total.
#
# On this project's 2-core machines most steps keep both cores busy, so
# they run one after the other; only steps that use one core each and
# don't measure time run side by side: lint with the fuzzing smoke run
# (their output is printed one after the other when both are done), and
# the two end-to-end suites (tests/run-e2e.sh). Builds use make -j
# (MAKE_JOBS, the number of cores).
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${MAKE_JOBS:-$(nproc 2>/dev/null || echo 2)}
status=0
names=()
times=()
results=()
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }
total_start=$(now)

# record NAME START END RC [NOTE]
record() {
	names+=("$1")
	times+=("$(secs "$2" "$3")")
	if (($4 == 0)); then
		results+=("pass${5:+ $5}")
	else
		results+=("FAIL (exit $4)${5:+ $5}")
		status=1
	fi
}

# step NAME COMMAND...
step() {
	local name=$1 start rc=0
	shift
	printf '\n== %s\n' "$name"
	start=$(now)
	"$@" || rc=$?
	((rc == 0)) || printf '== FAILED: %s\n' "$*"
	record "$name" "$start" "$(now)" "$rc"
}

# side_by_side NAME1 FUNCTION1 NAME2 FUNCTION2: the two at once, each
# one's output kept in a file and printed after both have ended.
side_by_side() {
	local n1=$1 f1=$2 n2=$3 f2=$4 dir start p1 p2 rc1=0 rc2=0 t1 t2
	dir=$(mktemp -d /tmp/lk-make-test.XXXXXX)
	start=$(now)
	( "$f1"; r=$?; now >"$dir/1.end"; exit $r ) >"$dir/1.log" 2>&1 &
	p1=$!
	( "$f2"; r=$?; now >"$dir/2.end"; exit $r ) >"$dir/2.log" 2>&1 &
	p2=$!
	printf '\n== %s, and %s at the same time\n' "$n1" "$n2"
	wait "$p1" || rc1=$?
	wait "$p2" || rc2=$?
	t1=$(cat "$dir/1.end" 2>/dev/null || now)
	t2=$(cat "$dir/2.end" 2>/dev/null || now)
	printf '\n== %s\n' "$n1"
	cat "$dir/1.log"
	((rc1 == 0)) || printf '== FAILED: %s\n' "$f1"
	printf '\n== %s\n' "$n2"
	cat "$dir/2.log"
	((rc2 == 0)) || printf '== FAILED: %s\n' "$f2"
	rm -rf "$dir"
	record "$n1" "$start" "$t1" "$rc1" "(with the next)"
	record "$n2" "$start" "$t2" "$rc2" "(with the previous)"
}

lint() { scripts/lint.sh; }
fuzz_smoke() { make --no-print-directory -j"$jobs" fuzz-smoke; }

step "build" make --no-print-directory -j"$jobs" all
if [ $status -ne 0 ]; then
	echo "make test: FAILED (the build)"
	exit 1
fi
step "unit tests" make --no-print-directory -j"$jobs" unit
step "unit tests under ASan+UBSan" make --no-print-directory -j"$jobs" asan
step "golden CGI tests" tests/golden/run.sh
side_by_side "lint" lint "fuzzing, 5 s a target" fuzz_smoke
step "end-to-end tests (lighttpd and Apache at once)" tests/run-e2e.sh
step "FastCGI programs under valgrind" tests/valgrind.sh
step "sqlmap check self-test (toy server)" tests/sqlmap/selftest.sh
step "sqlmap scan" tests/sqlmap.sh

total=$(secs "$total_start" "$(now)")
printf '\n== make test: time per step\n'
for i in "${!names[@]}"; do
	printf '  %-46s %5s s  %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
done
printf '  %-46s %5s s  (%dm%02ds)\n' "total" "$total" $((total / 60)) $((total % 60))
if [ $status -eq 0 ]; then
	echo "make test: all steps passed"
else
	echo "make test: FAILED"
fi
exit $status
