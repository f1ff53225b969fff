#!/usr/bin/env bash
# Runs the libFuzzer targets one after another (never two at once).
#   fuzz/run.sh BUILD SECONDS TARGET...      for each target: replay
#       fuzz/regress/TARGET/*, then fuzz SECONDS on a fresh copy of
#       fuzz/corpus/TARGET in BUILD/corpus-TARGET
#   fuzz/run.sh --regress BUILD TARGET...    only the replay
# Output goes to BUILD/TARGET.log; a crash is printed (sanitizer report,
# crash file, its bytes, how to reproduce) and makes the exit status 1.
# All targets run even after a failure unless FUZZ_FAILFAST=1. The last
# line is "fuzz: N passed, N failed"; BUILD/stats.txt gets one line per
# target fuzzed: name seconds execs execs/s coverage.
set -uo pipefail
cd "$(dirname "$0")/.."

regress_only=0
if [ "${1:-}" = --regress ]; then
	regress_only=1
	shift
	B=$1
	shift
else
	B=$1 secs=$2
	shift 2
fi

# Longest input per target: a little over what each parser accepts.
maxlen() {
	case $1 in
	keyfmt)			echo 64 ;;
	basic|redirect|valid)	echo 1024 ;;
	scope)			echo 2048 ;;
	form|cookie)		echo 4096 ;;
	jwt)			echo 4400 ;;
	request|json)		echo 8192 ;;
	*)			echo 4096 ;;
	esac
}

# The first 512 bytes of a file, escaped like a C string.
escaped() {
	local h c out=""
	for h in $(head -c 512 "$1" | od -An -v -tx1); do
		c=$((16#$h))
		if [ "$c" -ge 32 ] && [ "$c" -lt 127 ] && [ "$c" -ne 34 ] &&
		    [ "$c" -ne 92 ]; then
			out+=$(printf "\\$(printf %03o "$c")")
		else
			out+="\\x$h"
		fi
	done
	printf '"%s"' "$out"
}

# The report lines of a log: the error, the property, our frames.
report() {
	grep -E '==ERROR|SUMMARY|property violated|runtime error|^ *#[0-9]+ ' \
	    "$1" | grep -vE 'fuzzer::|__sanitizer|libc\.so|nptl/|stdlib/|signal/|csu/|in _start|in main ' | \
	    head -16 | sed 's/^ */    /'
}

pass=0 fail=0
stats=$B/stats.txt
[ $regress_only -eq 1 ] || : > "$stats"
for t in "$@"; do
	bin=$B/fuzz_$t
	log=$B/$t.log
	if [ ! -x "$bin" ]; then
		printf 'fuzz: %-8s FAILED: %s not built\n' "$t" "$bin"
		fail=$((fail + 1))
		continue
	fi

	# Inputs that crashed once must not crash again.
	mapfile -t kept < <(ls -d fuzz/regress/"$t"/* 2>/dev/null)
	if [ ${#kept[@]} -gt 0 ]; then
		if ! "$bin" "${kept[@]}" > "$log" 2>&1; then
			fail=$((fail + 1))
			printf 'fuzz: %-8s FAILED: a kept crash input in fuzz/regress/%s crashes (log %s)\n' \
			    "$t" "$t" "$log"
			report "$log"
			printf '    reproduce: %s fuzz/regress/%s/*\n' "$bin" "$t"
			[ "${FUZZ_FAILFAST:-0}" = 1 ] && break
			continue
		fi
		if [ $regress_only -eq 1 ]; then
			printf 'fuzz: %-8s ok  %s kept inputs\n' "$t" "${#kept[@]}"
			pass=$((pass + 1))
			continue
		fi
	fi
	[ $regress_only -eq 1 ] && continue

	work=$B/corpus-$t
	art=$B/crash-$t
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	cp fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
	dict=()
	[ -f fuzz/dict/"$t".dict ] && dict=(-dict=fuzz/dict/"$t".dict)
	"$bin" -max_total_time="$secs" -max_len="$(maxlen "$t")" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$art"/ "${dict[@]}" "$work" > "$log" 2>&1
	rc=$?
	execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
	eps=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$log")
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
	printf '%s %s %s %s %s\n' "$t" "$secs" "${execs:-0}" "${eps:-0}" \
	    "${cov:-0}" >> "$stats"
	crash=$(ls "$art"/* 2>/dev/null | head -1)
	if [ $rc -eq 0 ] && [ -z "$crash" ]; then
		printf 'fuzz: %-8s ok  %10s execs %8s/s  cov %s\n' "$t" \
		    "${execs:-?}" "${eps:-?}" "${cov:-?}"
		pass=$((pass + 1))
		continue
	fi
	fail=$((fail + 1))
	printf 'fuzz: %-8s FAILED (exit %s) after %s execs, log %s\n' "$t" \
	    "$rc" "${execs:-?}" "$log"
	report "$log"
	if [ -n "$crash" ]; then
		printf '    crash file: %s (%s bytes)\n' "$crash" \
		    "$(wc -c < "$crash" | tr -d ' ')"
		printf '    bytes: %s\n' "$(escaped "$crash")"
		printf '    reproduce: %s %s\n' "$bin" "$crash"
	fi
	[ "${FUZZ_FAILFAST:-0}" = 1 ] && break
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
