#!/usr/bin/env bash
# Runs each unit test program given and prints one total line.
set -uo pipefail
dir=$1; shift
pass=0 fail=0 status=0
for t in "$@"; do
	out=$("$dir/$t" 2>&1) || status=1
	printf '%s\n' "$out" | grep -v ': [0-9]* passed, [0-9]* failed$' || true
	line=$(printf '%s\n' "$out" | grep -E ': [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "$t: crashed or printed no summary"
		fail=$((fail + 1)); status=1; continue
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.*, ([0-9]+) failed$/\1/' <<<"$line")
	echo "  $line"
	pass=$((pass + p)); fail=$((fail + f))
done
echo "unit: $pass passed, $fail failed"
exit $status
