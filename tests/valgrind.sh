#!/usr/bin/env bash
# make valgrind: the FastCGI programs run under memcheck (spawn-fcgi
# starts them through wrappers), a short end-to-end pass drives them
# through lighttpd, and any memcheck error or definite leak fails.
#   tests/valgrind.sh [TEST_FILE...]   (default: the files below)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
files=("$@")
if ((${#files[@]} == 0)); then
	# Dashboard pages, keys, tokens, OAuth, bad input. (Not smoke: it
	# stops a server while valgrind is still starting the programs.)
	files=(tests/e2e/keys.test.mjs tests/e2e/tokens.test.mjs
	    tests/e2e/badinput.test.mjs tests/e2e/oauth.test.mjs)
fi
command -v valgrind >/dev/null || { echo "valgrind: not installed (make deps-test)"; exit 1; }
work=$(mktemp -d /tmp/lk-valgrind.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/logs"
for prog in latchkey-web latchkey-api; do
	cat >"$work/bin/$prog" <<WRAP
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --track-origins=yes --suppressions=$root/tests/valgrind.supp \
    --log-file=$work/logs/$prog.%p.log $root/build/$prog "\$@"
WRAP
	chmod +x "$work/bin/$prog"
done
ln -s "$root/build/latchkey" "$work/bin/latchkey"
# Under memcheck each request is ~30x slower: a few files, chosen to
# cover the programs' paths, not the whole suite.
# serve.sh must give them time to write their leak reports before it
# resorts to SIGKILL, or a killed process would report nothing.
set +e
LATCHKEY_BIN=$work/bin LATCHKEY_STOP_TIMEOUT=60 LATCHKEY_STOP_WAIT_MS=70000 \
    LATCHKEY_START_WAIT_MS=60000 \
    node --test --test-concurrency=1 "${files[@]}" >"$work/e2e.log" 2>&1
status=$?
set -e
grep -E '^(not ok|# (pass|fail))' "$work/e2e.log" || true
# Each process must have finished with a report: memcheck writes its
# ERROR SUMMARY at exit, and a process killed with SIGKILL writes none.
killed=$(grep -L "ERROR SUMMARY:" "$work"/logs/*.log 2>/dev/null | wc -l)
for log in $(grep -L "ERROR SUMMARY:" "$work"/logs/*.log 2>/dev/null); do
	echo "valgrind: $(basename "$log") ended without a report:"
	tail -n 5 "$log" | sed 's/^/    /'
done
problems=0
for log in "$work"/logs/*.log; do
	if grep -qE "ERROR SUMMARY: [1-9]|definitely lost: [1-9]|Invalid (read|write)|uninitialised|Mismatched free" "$log"; then
		echo "valgrind: problems in $(basename "$log"):"
		sed 's/^/    /' "$log" | head -60
		problems=$((problems + 1))
	fi
done
nlogs=$(ls "$work"/logs | wc -l)
reported=$((nlogs - killed))
echo "valgrind: $reported processes reported, $problems with errors or definite leaks"
# A process that ends without a report (on a loaded machine, one may be
# stopped before it writes one) found nothing and proves nothing: it is
# named above, and enough others must have reported in full.
if [ "$killed" -gt 0 ]; then
	echo "valgrind: warning: $killed ended without a report"
fi
[ "$status" -eq 0 ] && [ "$problems" -eq 0 ] && [ "$reported" -ge 10 ]
