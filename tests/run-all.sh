#!/usr/bin/env bash
# make test: lint, unit tests (plain and under ASan+UBSan), end-to-end
# tests through lighttpd and a headless browser. Prints one total line.
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
step "end-to-end tests" tests/run-e2e.sh
if [ $status -eq 0 ]; then
	echo "make test: all steps passed"
else
	echo "make test: FAILED"
fi
exit $status
