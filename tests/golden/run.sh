#!/usr/bin/env bash
# Golden tests: each program run as plain CGI on one request, its whole
# output (status, headers, body) compared with cases/NAME.out after
# masking what changes per run (request ids, times, tokens).
#   cases/NAME.env   PROGRAM=web|api, then CGI variables, one a line
#   cases/NAME.body  optional request body
#   UPDATE=1 tests/golden/run.sh   rewrites the .out files
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${LATCHKEY_BIN:-$here/../../build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LATCHKEY_DB=$tmp/db LATCHKEY_SECRETS=$tmp/secrets LATCHKEY_LOG=$tmp/log
"$bin/latchkey" init >/dev/null || { echo "golden: init failed"; exit 1; }

mask() {
	sed -E -e 's/req_[0-9A-Za-z]{16}/req_MASKED/g' \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIMESTAMP/g' \
	    -e 's/(__Host-latchkey_[a-z]+=)[A-Za-z0-9_-]{43}/\1TOKEN/g' \
	    -e 's/(name="(csrf_token|form_nonce)" value=")[A-Za-z0-9_-]{43}/\1TOKEN/g' \
	    -e 's/(min=")[0-9-]{10}/\1DATE/g'
}

pass=0 fail=0
for envf in "$here"/cases/*.env; do
	name=$(basename "$envf" .env)
	prog=$(sed -n 's/^PROGRAM=//p' "$envf")
	mapfile -t vars < <(grep -v -e '^PROGRAM=' -e '^#' -e '^$' "$envf")
	body=/dev/null
	[ -f "$here/cases/$name.body" ] && body=$here/cases/$name.body
	env -i PATH=/usr/bin:/bin LATCHKEY_DB="$LATCHKEY_DB" \
	    LATCHKEY_SECRETS="$LATCHKEY_SECRETS" LATCHKEY_LOG="$LATCHKEY_LOG" \
	    "${vars[@]}" "$bin/latchkey-$prog" <"$body" 2>&1 | mask >"$tmp/$name.out"
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/$name.out" "$here/cases/$name.out"
	fi
	if diff -u "$here/cases/$name.out" "$tmp/$name.out" >"$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "golden: $name differs:"
		head -40 "$tmp/diff"
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
