#!/usr/bin/env bash
# End-to-end tests: each file starts the real stack on a free port
# (scripts/serve.sh), and the whole suite runs once per web server: lighttpd,
# then Apache. LATCHKEY_SERVER=lighttpd or =apache runs it against that one
# only. Extra arguments go to `node --test` (e.g. a list of test files).
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

status=0
failed=()
for server in "${servers[@]}"; do
	printf '\n== end-to-end tests through %s\n' "$server"
	start=$SECONDS
	if ! LATCHKEY_SERVER=$server node --test --test-concurrency=2 \
		"${files[@]}"; then
		status=1
		failed+=("$server")
	fi
	printf '== %s: %d s\n' "$server" $((SECONDS - start))
done
if ((status)); then
	printf '== end-to-end tests FAILED through: %s\n' "${failed[*]}"
fi
exit "$status"
