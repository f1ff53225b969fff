#!/usr/bin/env bash
# make bench-flood: verify's latency while 64 connections sign in at
# once (SPEC 8.9, issue 14; target: verify p99 <= 10 ms). One instance,
# the verify pool of its own (LATCHKEY_VERIFY_PROCS, default 2) and the
# hash gate (LATCHKEY_HASH_CONCURRENCY) as shipped. In each round:
# verify alone, then verify while a second wrk keeps 64 connections
# posting correct passwords to /v1/auth/login (the throttles of SPEC 8.8
# answer most of them 429; what they let through runs argon2id), then
# the flood's own status mix. Medians over BENCH_RUNS rounds.
#   BENCH_SECONDS (10), BENCH_RUNS (3), BENCH_CONNS (32): as bench/run.sh
#   BENCH_FLOOD_CONNS  connections signing in                      (64)
set -euo pipefail
umask 077

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flood_conns=${BENCH_FLOOD_CONNS:-64}
[[ "$flood_conns" =~ ^[1-9][0-9]{0,3}$ ]] || die "BENCH_FLOOD_CONNS must be a positive integer"
results=${BENCH_OUT:-$root/build/bench/results/flood-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
: >"$results/runs.jsonl"

setup_lk 1000
start_instance lk "$bin"
make_nullbin
start_instance null "$work/nullbin"
scenario null null GET /v1/auth/verify "$conns" 200 \
	"X-API-Key: $(sed -n 1p "$work/admin.keys")"
scenario token_cc lk POST /oauth/token "$conns" 200 \
	"Authorization: $(basic_auth)" \
	"Content-Type: application/x-www-form-urlencoded"
printf 'grant_type=client_credentials&scope=read' >"$work/sc/token_cc.body"
check null
check token_cc

scenario verify_key lk GET /v1/auth/verify "$conns" 200 \
	"X-API-Key: $(sed -n 1p "$work/admin.keys")"
check verify_key
scenario flood lk POST /v1/auth/login "$flood_conns" 200 \
	"Content-Type: application/json"
printf '{"email":"%s","password":"%s"}' "$bulk_email" "$bulk_pw" \
	>"$work/sc/flood.body"
check flood

# The flood's answers by status: the request log has one line each.
status_mix() {
	grep -o 'POST /v1/auth/login [0-9]*' "$work/lk/log/latchkey.log" |
		awk '{ n[$3]++ } END { for (s in n) printf "%s×%d ", s, n[s] }'
}

declare -a quiet_p99 flood_p99 quiet_rps flood_rps cc_ratio cc_rps
for ((r = 1; r <= runs; r++)); do
	wait_quiet "round $r of $runs"
	measure verify_key "quiet-$r"
	quiet_p99+=("$(jget p99_us "$last_json")")
	quiet_rps+=("$last_rps")
	: >"$work/flood.out"
	BENCH_METHOD=POST BENCH_HEADERS_FILE=$work/sc/flood.headers \
		BENCH_BODY_FILE=$work/sc/flood.body \
		wrk -t1 -c"$flood_conns" -d"$((secs + 4))s" -s "$wrk_lua" \
		"$(base lk)/v1/auth/login" >"$work/flood.out" 2>&1 &
	fpid=$!
	sleep 2
	measure verify_key "flood-$r"
	flood_p99+=("$(jget p99_us "$last_json")")
	flood_rps+=("$last_rps")
	wait "$fpid" || die "wrk flood: $(cat "$work/flood.out")"
	say "flood $r: $(sed -n 's/^BENCHJSON //p' "$work/flood.out")"
	# client_credentials between two null runs, after the flood's
	# throttles have nothing to do with it.
	measure null "cc-before-$r"
	n0=$last_rps
	measure token_cc "cc-$r"
	cc_rps+=("$last_rps")
	c=$last_rps
	measure null "cc-after-$r"
	cc_ratio+=("$(awk -v a="$c" -v b="$n0" -v d="$last_rps" \
	    'BEGIN { printf "%.3f", a / ((b + d) / 2) }')")
done

{
	echo "## Verify under a login flood ($(date -u +%Y-%m-%d), $runs rounds of ${secs} s, medians)"
	echo
	echo "| verify, API key, -c$conns | req/s | p99 ms |"
	echo "|---|---:|---:|"
	echo "| alone | $(median "${quiet_rps[@]}") | $(ms "$(median "${quiet_p99[@]}")") |"
	echo "| while $flood_conns connections sign in | $(median "${flood_rps[@]}") | $(ms "$(median "${flood_p99[@]}")") |"
	echo
	echo "Sign-in answers during the run: $(status_mix)"
	echo
	echo "POST /oauth/token client_credentials, -c$conns: $(median "${cc_rps[@]}") req/s," \
		"$(median "${cc_ratio[@]}")x the null responder (rounds: ${cc_ratio[*]})"
} | tee "$results/summary.md"
