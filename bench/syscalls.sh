#!/usr/bin/env bash
# make bench-syscalls: system calls per request of each benchmarked path,
# counted by strace -c on the FastCGI processes while wrk sends a fixed
# number of requests (-t2 -c4, BENCH_LIMIT). Deterministic, unlike
# timings on a shared machine; strace slows the programs, so no timing
# is reported here.
#
# Environment: SYSCALLS_N (500 requests; login 20), SYSCALLS_SCENARIOS,
# BENCH_OUT (build/bench/syscalls/<UTC time>).
set -euo pipefail
umask 077

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v strace >/dev/null 2>&1 || die "strace not found (apt-get install strace)"
n=${SYSCALLS_N:-500}
read -r -a want <<<"${SYSCALLS_SCENARIOS:-null verify_key verify_jwt token_cc introspect keys_page login}"
results=${BENCH_OUT:-$root/build/bench/syscalls/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
: >"$results/runs.jsonl"

start_fixed

for s in "${want[@]}"; do
	[[ -n "${sc_inst[$s]:-}" ]] || die "no scenario $s"
	check "$s"
	kind=api
	[[ $s == keys_page || $s == login ]] && kind=web
	mapfile -t pids < <(fcgi_pids "${sc_inst[$s]}" "$kind")
	args=()
	for p in "${pids[@]}"; do
		args+=(-p "$p")
	done
	strace -c -f "${args[@]}" -o "$results/$s.strace" 2>/dev/null &
	spid=$!
	sleep 0.5
	k=$n
	[[ $s == login ]] && k=${SYSCALLS_LOGIN_N:-20}
	body=
	[[ -f "$work/sc/$s.body" ]] && body=$work/sc/$s.body
	out=$(BENCH_METHOD=${sc_method[$s]} BENCH_HEADERS_FILE=$work/sc/$s.headers \
		BENCH_BODY_FILE=$body BENCH_LIMIT=$((k / 2)) \
		wrk -t2 -c4 -d60s -s "$wrk_lua" \
		"$(base "${sc_inst[$s]}")${sc_path[$s]}" | sed -n 's/^BENCHJSON //p')
	sleep 0.5
	kill -INT "$spid"
	wait "$spid" || true
	got=$(jget requests "$out")
	{
		printf '=== %s: %s requests, system calls a request:\n' "$s" "$got"
		awk -v n="$got" '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {
			printf "  %-18s %8.2f\n", $NF, $4 / n; t += $4 }
			END { printf "  %-18s %8.2f\n", "(all)", t / n }' "$results/$s.strace" |
			sort -k2 -rn
	} | tee -a "$results/summary.txt"
done
say "system call counts in $results"
