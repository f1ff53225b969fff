#!/usr/bin/env bash
# make test: the build, lint, unit tests (plain and under ASan+UBSan), golden CGI
# tests, a fuzzing smoke run, end-to-end tests through lighttpd and Apache
# with a headless browser (the two at once), the servers under valgrind,
# the sqlmap check's self-test and the sqlmap scan. Every step runs even
# after a failure; the end is a table of each step's wall time and result.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
names=()
times=()
results=()
total_start=$(date +%s.%N)
step() {
	local name=$1 start end rc=0
	shift
	printf '\n== %s\n' "$name"
	start=$(date +%s.%N)
	"$@" || rc=$?
	end=$(date +%s.%N)
	names+=("$name")
	times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')")
	if ((rc == 0)); then
		results+=(pass)
	else
		printf '== FAILED: %s\n' "$*"
		results+=("FAIL (exit $rc)")
		status=1
	fi
}
step "build" make --no-print-directory all
if [ $status -ne 0 ]; then
	echo "make test: FAILED (the build)"
	exit 1
fi
step "lint" scripts/lint.sh
step "unit tests" make --no-print-directory unit
step "unit tests under ASan+UBSan" make --no-print-directory asan
step "golden CGI tests" tests/golden/run.sh
step "fuzzing, 5 s a target" make --no-print-directory fuzz-smoke
step "end-to-end tests (lighttpd and Apache)" tests/run-e2e.sh
step "FastCGI programs under valgrind" tests/valgrind.sh
step "sqlmap check self-test (toy server)" tests/sqlmap/selftest.sh
step "sqlmap scan" tests/sqlmap.sh

total=$(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
printf '\n== make test: time per step\n'
for i in "${!names[@]}"; do
	printf '  %-40s %5s s  %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
done
printf '  %-40s %5s s  (%dm%02ds)\n' "total" "$total" $((total / 60)) $((total % 60))
if [ $status -eq 0 ]; then
	echo "make test: all steps passed"
else
	echo "make test: FAILED"
fi
exit $status
