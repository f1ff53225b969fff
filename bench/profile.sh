#!/usr/bin/env bash
# make bench-profile: where the time goes on each benchmarked path.
#
# Starts the real instance as bench/run.sh does (100000 keys, the admin's
# 100 keys, an OAuth app), drives each scenario with wrk -t2 -c32 and, in
# the middle of the run, samples lighttpd and every FastCGI process of
# the instance with
#   perf record -e cpu-clock -F 499 --call-graph dwarf,8192 -p PIDS
# (this VM has no hardware counters: `perf stat -e instructions` says
# "not supported", so cpu-clock sampling it is). For each scenario it
# writes, under $BENCH_OUT (build/bench/profile/<UTC time>):
#   NAME.comm.txt      share of samples per process (lighttpd vs programs)
#   NAME.self.txt      self time by library and function
#   NAME.children.txt  inclusive and self time by function in the
#                      FastCGI programs (percent of all samples)
# and prints a short digest of each. Debian's libsqlite3 and libsodium
# are stripped, so their internals show as the library only.
#
# Environment: PROFILE_SECONDS (8), PROFILE_SCENARIOS (all), PROFILE_KEEP
# (set: keep the perf.data files, about 50 MB each), and the
# BENCH_* variables of bench/run.sh.
set -euo pipefail
umask 077

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v perf >/dev/null 2>&1 || die "perf not found (apt-get install linux-perf)"
psecs=${PROFILE_SECONDS:-8}
read -r -a want <<<"${PROFILE_SCENARIOS:-null verify_key verify_jwt token_cc introspect keys_page login}"
results=${BENCH_OUT:-$root/build/bench/profile/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
: >"$results/runs.jsonl"

start_fixed

# The processes of an instance: lighttpd (its pid file) and the FastCGI
# children, comma-separated for perf -p.
instance_pids() {
	local name=$1
	{
		cat "${inst_var[$name]}/run/lighttpd.pid"
		echo
		fcgi_pids "$name" api
		fcgi_pids "$name" web
	} | grep -E '^[0-9]+$' | paste -sd, -
}

for s in "${want[@]}"; do
	[[ -n "${sc_inst[$s]:-}" ]] || die "no scenario $s"
	check "$s"
	wait_quiet "profile $s"
	measure "$s" warmup 2
	ppids=$(instance_pids "${sc_inst[$s]}")
	# wrk runs 2 s longer than perf on both sides.
	measure "$s" profile $((psecs + 4)) &
	wrk_job=$!
	sleep 2
	perf record -q -e cpu-clock -F 499 --call-graph dwarf,8192 -p "$ppids" \
		-o "$results/$s.data" -- sleep "$psecs" >/dev/null 2>&1 ||
		die "perf record failed"
	wait "$wrk_job"
	perf report -i "$results/$s.data" --no-children --sort comm --stdio -g none \
		2>/dev/null | grep -v '^#' | grep -v '^$' >"$results/$s.comm.txt" || true
	perf report -i "$results/$s.data" --no-children --sort dso,sym --stdio \
		-g none --percent-limit 0.5 2>/dev/null | grep -v '^#' |
		grep -v '^$' >"$results/$s.self.txt" || true
	# Inclusive time by function in the programs (percent of all
	# samples), summed over the processes.
	perf report -i "$results/$s.data" --children --sort sym --stdio -g none \
		--comm latchkey-api,latchkey-web --percent-limit 0.5 2>/dev/null |
		awk '$1 ~ /%$/ && $3 ~ /^\[/ { c[$4] += $1 + 0; s[$4] += $2 + 0 }
		END { for (f in c) printf "%7.2f%% %7.2f%%  %s\n", c[f], s[f], f }' |
		sort -rn >"$results/$s.children.txt" || true
	{
		echo "=== $s"
		echo "--- by process"
		head -6 "$results/$s.comm.txt"
		echo "--- self, top 25"
		head -25 "$results/$s.self.txt"
		echo "--- inclusive (children, self) in the programs, top 40"
		head -40 "$results/$s.children.txt"
	} | tee -a "$results/digest.txt"
	[[ -n "${PROFILE_KEEP:-}" ]] || rm -f "$results/$s.data"
done
say "profiles in $results"
