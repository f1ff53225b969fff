#!/usr/bin/env bash
# End-to-end tests: each file starts the real stack on a free port
# (scripts/serve.sh) with its own state directory, and the whole suite runs
# once per web server: lighttpd and Apache, the two at the same time (each
# `node --test --test-concurrency=2`). Nothing is shared between the runs
# but the machine: ports come from the kernel, and serve.sh refuses a port
# that another process holds, which tests/e2e/lib/server.mjs then retries
# with another. Each run's output goes to test-artifacts/e2e-SERVER.log and
# is printed once both have finished; a failure of either fails the step.
#
# LATCHKEY_SERVER=lighttpd or =apache runs it against that one only;
# LATCHKEY_E2E_SERIAL=1 runs the two one after the other, with the output
# as it comes. Extra arguments go to `node --test` (e.g. a list of files).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts

if [[ -n "${LATCHKEY_SERVER:-}" ]]; then
	servers=("$LATCHKEY_SERVER")
else
	servers=(lighttpd apache)
fi
if (($#)); then
	files=("$@")
else
	files=(tests/e2e/*.test.mjs)
fi

# One line of totals from a node --test log.
totals() {
	sed -n 's/^# \(pass\|fail\|skipped\|cancelled\) \([0-9]*\)$/\1 \2/p' "$1" | paste -sd ' ' -
}

status=0
failed=()
if ((${#servers[@]} == 1)) || [[ -n "${LATCHKEY_E2E_SERIAL:-}" ]]; then
	for server in "${servers[@]}"; do
		printf '\n== end-to-end tests through %s\n' "$server"
		start=$SECONDS
		if ! LATCHKEY_SERVER=$server node --test --test-concurrency=2 "${files[@]}"; then
			status=1
			failed+=("$server")
		fi
		printf '== %s: %d s\n' "$server" $((SECONDS - start))
	done
else
	declare -A pid rc
	start=$SECONDS
	for server in "${servers[@]}"; do
		LATCHKEY_SERVER=$server node --test --test-concurrency=2 "${files[@]}" \
			>"test-artifacts/e2e-$server.log" 2>&1 &
		pid[$server]=$!
	done
	printf 'end-to-end tests: %s at once (output in test-artifacts/e2e-*.log)\n' "${servers[*]}"
	# Stop both runs if this script is interrupted.
	trap 'kill -TERM "${pid[@]}" 2>/dev/null; wait; exit 130' INT TERM
	for server in "${servers[@]}"; do
		r=0
		wait "${pid[$server]}" || r=$?
		rc[$server]=$r
	done
	trap - INT TERM
	for server in "${servers[@]}"; do
		printf '\n== end-to-end tests through %s\n' "$server"
		cat "test-artifacts/e2e-$server.log"
	done
	printf '\n'
	for server in "${servers[@]}"; do
		if ((rc[$server])); then
			status=1
			failed+=("$server")
		fi
		printf '== %s: %s s, %s%s\n' "$server" \
			"$(sed -n 's/^# duration_ms \([0-9]*\).*/\1/p' "test-artifacts/e2e-$server.log" |
				awk '{ printf "%.0f", $1 / 1000 }')" \
			"$(totals "test-artifacts/e2e-$server.log")" \
			"$( ((rc[$server])) && echo ", FAILED (exit ${rc[$server]})")"
	done
	printf '== both: %d s\n' $((SECONDS - start))
fi
if ((status)); then
	printf '== end-to-end tests FAILED through: %s\n' "${failed[*]}"
	for server in "${failed[@]}"; do
		grep -E '^ *not ok' "test-artifacts/e2e-$server.log" 2>/dev/null |
			sed "s/^/   $server: /" || true
	done
fi
exit "$status"
