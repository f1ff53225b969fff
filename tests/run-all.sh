#!/usr/bin/env bash
# make test: lint, unit tests (plain and under ASan+UBSan), golden CGI
# tests, end-to-end tests through lighttpd and Apache with a headless
# browser, the servers under valgrind, and a sqlmap scan.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() {
	printf '\n== %s\n' "$1"
	shift
	if ! "$@"; then
		printf '== FAILED: %s\n' "$*"
		status=1
	fi
}
step "lint" scripts/lint.sh
step "unit tests" make --no-print-directory unit
step "unit tests under ASan+UBSan" make --no-print-directory asan
step "golden CGI tests" tests/golden/run.sh
step "fuzzing, 5 s a target" make --no-print-directory fuzz-smoke
step "end-to-end tests (lighttpd, then Apache)" tests/run-e2e.sh
step "FastCGI programs under valgrind" tests/valgrind.sh
step "sqlmap scan" tests/sqlmap.sh
if [ $status -eq 0 ]; then
	echo "make test: all steps passed"
else
	echo "make test: FAILED"
fi
exit $status
